/**
 * The dispatch sequence of the one webgpu elimination (programs and working
 * buffer in elimination_webgpu.ts) that every webgpu linear algebra kernel
 * runs. Nothing is read back to the CPU.
 */
import {TensorInfo} from '@tensorflow/tfjs-core';

import {WebGPUBackendLike} from '../backend_types';

import {EliminationLoadProgram, EliminationStepProgram, PivotRowProgram, RowExponentProgram, SMALL_ELIMINATION_MAX_N, SmallEliminationProgram} from './elimination_webgpu';

/**
 * A view of t as [batch, rows, columns]: a webgpu tensor is a dense
 * row-major buffer, so only the shape changes.
 */
export function batchView(
    t: TensorInfo, batch: number, rows: number, columns: number): TensorInfo {
  return {dataId: t.dataId, shape: [batch, rows, columns], dtype: t.dtype};
}

/**
 * The eliminated working buffer of A (x [batch, n, n], or its transpose
 * with `adjoint`) with the right-hand sides `rhs` [batch, n, k] carried
 * along, if given: one dispatch for n <= SMALL_ELIMINATION_MAX_N, else
 * 2n + 2, whatever the batch size and k.
 */
export function eliminatedWorkingBuffer(
    backend: WebGPUBackendLike, x: TensorInfo, adjoint: boolean,
    rhs?: TensorInfo): TensorInfo {
  const [batch, n] = x.shape;
  const rhsColumns = rhs == null ? 0 : rhs.shape[2];
  const inputs = rhs == null ? [x] : [x, rhs];
  if (n <= SMALL_ELIMINATION_MAX_N) {
    return backend.runWebGPUProgram(
        new SmallEliminationProgram(batch, n, adjoint, rhsColumns), inputs,
        'float32');
  }
  const rowExponents = backend.runWebGPUProgram(
      new RowExponentProgram(batch, n, adjoint), [x], 'float32');
  const [, ...rest] = inputs;
  const loaded = backend.runWebGPUProgram(
      new EliminationLoadProgram(batch, n, adjoint, rhsColumns),
      [x, rowExponents, ...rest], 'float32');
  backend.disposeData(rowExponents.dataId);
  return eliminate(backend, loaded);
}

/**
 * Every step on the working buffer `a`, two dispatches per pivot column with
 * the column in a uniform, so that one pipeline serves every step. Each
 * dispatch gets a program object of its own: the backend appends to a
 * program's shaderKey when it runs it. Disposes `a`; returns the eliminated
 * buffer.
 */
function eliminate(backend: WebGPUBackendLike, a: TensorInfo): TensorInfo {
  const [batch, n, width] = a.shape;
  for (let column = 0; column < n; column++) {
    const columnUniform = [{type: 'int32' as const, data: [column]}];
    const pivotRows = backend.runWebGPUProgram(
        new PivotRowProgram(batch, n, width), [a], 'int32', columnUniform);
    const eliminated = backend.runWebGPUProgram(
        new EliminationStepProgram(batch, n, width), [a, pivotRows], 'float32',
        columnUniform);
    backend.disposeData(pivotRows.dataId);
    backend.disposeData(a.dataId);
    a = eliminated;
  }
  return a;
}
