/**
 * The pass loop of the one webgl elimination (programs and working texture
 * in elimination_gpu.ts) that every webgl linear algebra kernel runs: a load
 * of two passes, then two passes per pivot column, whatever the batch size
 * and the number of right-hand sides. Nothing is read back to the CPU.
 */
import {env, TensorInfo} from '@tensorflow/tfjs-core';

import {WebGLBackendLike} from '../backend_types';

import {EliminationLoadProgram, EliminationProgram, PivotRowProgram, RowExponentProgram} from './elimination_gpu';

/**
 * Half-float textures round every intermediate of the elimination to 11
 * significant bits: the result would look right and be wrong.
 */
export function assertFloat32RenderTargets(opName: string) {
  if (!env().getBool('WEBGL_RENDER_FLOAT32_ENABLED')) {
    throw new Error(
        `${opName}: the webgl backend cannot render to float32 textures ` +
        'on this device (WEBGL_RENDER_FLOAT32_ENABLED is false), and ' +
        'half-float textures are too imprecise for its elimination. ' +
        'Use the cpu backend for this op.');
  }
}

/**
 * A view of t as [batch, rows, columns], as tfjs's reshape kernel makes
 * one: the last two dimensions keep their sizes, so the texture layouts
 * stay valid.
 */
export function batchView(
    t: TensorInfo, batch: number, rows: number, columns: number): TensorInfo {
  return {dataId: t.dataId, shape: [batch, rows, columns], dtype: t.dtype};
}

/**
 * The rows' power-of-two exponents of A (x, or its transpose with
 * `adjoint`), and the working texture loaded from x [batch, n, n] and, for
 * a solve, the right-hand sides [batch, n, k]: two passes.
 */
export function loadWorkingTexture(
    backend: WebGLBackendLike, x: TensorInfo, adjoint: boolean,
    rhs?: TensorInfo): {rowExponents: TensorInfo, a: TensorInfo} {
  const [batch, n] = x.shape;
  const rowExponents = backend.runWebGLProgram(
      new RowExponentProgram(batch, n, adjoint), [x], 'float32');
  const rhsColumns = rhs == null ? 0 : rhs.shape[2];
  const a = backend.runWebGLProgram(
      new EliminationLoadProgram(batch, n, adjoint, rhsColumns),
      rhs == null ? [x, rowExponents] : [x, rowExponents, rhs], 'float32');
  return {rowExponents, a};
}

/**
 * Runs every step of the elimination on the working texture `a`, two passes
 * per pivot column with the column in a uniform, so that one compiled
 * shader serves every step. Disposes `a`; returns the eliminated texture.
 */
export function eliminate(
    backend: WebGLBackendLike, a: TensorInfo): TensorInfo {
  const [batch, n, width] = a.shape;
  const pivotRowProgram = new PivotRowProgram(batch, n);
  const eliminationProgram = new EliminationProgram(batch, n, width - n - 3);
  for (let column = 0; column < n; column++) {
    const columnUniform = [[column]];
    const pivotRows =
        backend.runWebGLProgram(pivotRowProgram, [a], 'float32', columnUniform);
    const eliminated = backend.runWebGLProgram(
        eliminationProgram, [a, pivotRows], 'float32', columnUniform);
    backend.disposeIntermediateTensorInfo(pivotRows);
    backend.disposeIntermediateTensorInfo(a);
    a = eliminated;
  }
  return a;
}

/**
 * The eliminated working texture of A (x [batch, n, n], or its transpose
 * with `adjoint`) with the right-hand sides `rhs` [batch, n, k] carried
 * along, if given: 2n + 2 passes.
 */
export function eliminatedWorkingTexture(
    backend: WebGLBackendLike, x: TensorInfo, adjoint: boolean,
    rhs?: TensorInfo): TensorInfo {
  const {rowExponents, a} = loadWorkingTexture(backend, x, adjoint, rhs);
  backend.disposeIntermediateTensorInfo(rowExponents);
  return eliminate(backend, a);
}
