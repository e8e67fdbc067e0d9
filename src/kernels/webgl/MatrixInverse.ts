import {env, KernelConfig, KernelFunc, TypedArray, util} from '@tensorflow/tfjs-core';

import {MatrixInverse, MatrixInverseAttrs, MatrixInverseInputs, MatrixInverseOutputs} from '../../kernel_names';
import {WebGLBackendLike} from '../backend_types';
import {matrixInverseOutputs} from '../shared/matrix_inverse_outputs';

import {ColumnAbsSumProgram, EliminationProgram, MatrixInverseLoadProgram, PivotInfoProgram, PivotRowProgram, ReciprocalConditionProgram, RowExponentProgram, ScaledMatrixColumnSumProgram, UndoPivotingProgram} from './matrix_inverse_gpu';

/**
 * Inverts every matrix of x on the GPU in 2n + 7 passes: an exact
 * power-of-two scale per row (1 pass), the scaled load (1), the column abs
 * sums of the scaled matrix (1), per pivot column a pivot search and an
 * elimination (2n), the column abs sums of the eliminated matrix (1), then
 * one pass each for the inverse, info and rcond (3). The number of passes
 * depends on n only, never on the batch size, and nothing is read back to the
 * CPU.
 */
export function matrixInverseWebGL(args: {
  inputs: MatrixInverseInputs,
  backend: WebGLBackendLike,
  attrs: MatrixInverseAttrs
}): MatrixInverseOutputs {
  const {inputs: {x}, backend, attrs: {adjoint}} = args;
  assertFloat32RenderTargets();

  const n = x.shape[x.shape.length - 1];
  const batchShape = x.shape.slice(0, -2);
  const batch = util.sizeFromShape(batchShape);

  if (backend.shouldExecuteOnCPU([x])) {
    return matrixInverseOutputs(
        x, backend.texData.get(x.dataId).values as TypedArray, adjoint,
        (shape, dtype, values) => backend.makeTensorInfo(shape, dtype, values));
  }

  // Views, as tfjs's reshape kernel makes them: the last two dimensions keep
  // their sizes, so the texture layouts stay valid.
  const x3D = {dataId: x.dataId, shape: [batch, n, n], dtype: x.dtype};
  const rowExponents = backend.runWebGLProgram(
      new RowExponentProgram(batch, n, adjoint), [x3D], 'float32');
  let a = backend.runWebGLProgram(
      new MatrixInverseLoadProgram(batch, n, adjoint), [x3D, rowExponents],
      'float32');
  const matrixColumnSums = backend.runWebGLProgram(
      new ScaledMatrixColumnSumProgram(batch, n), [a, rowExponents], 'float32');

  const pivotRowProgram = new PivotRowProgram(batch, n);
  const eliminationProgram = new EliminationProgram(batch, n);
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
  const eliminatedColumnSums = backend.runWebGLProgram(
      new ColumnAbsSumProgram(batch, n), [a], 'float32');

  const inverse = backend.runWebGLProgram(
      new UndoPivotingProgram(batch, n), [a, rowExponents], 'float32');
  const info =
      backend.runWebGLProgram(new PivotInfoProgram(batch, n), [a], 'int32');
  const rcond = backend.runWebGLProgram(
      new ReciprocalConditionProgram(batch, n),
      [a, rowExponents, matrixColumnSums, eliminatedColumnSums], 'float32');
  for (const intermediate
           of [rowExponents, a, matrixColumnSums, eliminatedColumnSums]) {
    backend.disposeIntermediateTensorInfo(intermediate);
  }
  return [
    {dataId: inverse.dataId, shape: x.shape, dtype: 'float32'},
    {dataId: info.dataId, shape: batchShape, dtype: 'int32'},
    {dataId: rcond.dataId, shape: batchShape, dtype: 'float32'}
  ];
}

/**
 * Half-float textures round every intermediate of the elimination to 11
 * significant bits: the result would look like an inverse and be wrong.
 */
function assertFloat32RenderTargets() {
  if (!env().getBool('WEBGL_RENDER_FLOAT32_ENABLED')) {
    throw new Error(
        'matrixInverse: the webgl backend cannot render to float32 textures ' +
        'on this device (WEBGL_RENDER_FLOAT32_ENABLED is false), and ' +
        'half-float textures are too imprecise for a matrix inverse. ' +
        'Use the cpu backend for this op.');
  }
}

export const matrixInverseWebGLConfig: KernelConfig = {
  kernelName: MatrixInverse,
  backendName: 'webgl',
  kernelFunc: matrixInverseWebGL as unknown as KernelFunc
};
