import {KernelConfig, KernelFunc, TypedArray} from '@tensorflow/tfjs-core';

import {MatrixInverse, MatrixInverseAttrs, MatrixInverseInputs, MatrixInverseOutputs} from '../../kernel_names';
import {WebGLBackendLike} from '../backend_types';
import {batchOf} from '../shared/matrix_batch';
import {matrixInverseOutputs} from '../shared/matrix_inverse_outputs';

import {assertFloat32RenderTargets, batchView, eliminate, loadWorkingTexture} from './elimination';
import {PivotInfoProgram} from './elimination_gpu';
import {ColumnAbsSumProgram, ReciprocalConditionProgram, ScaledMatrixColumnSumProgram, UndoPivotingProgram} from './matrix_inverse_gpu';

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
  assertFloat32RenderTargets('matrixInverse');

  const {n, batchShape, batch} = batchOf(x);

  if (backend.shouldExecuteOnCPU([x])) {
    return matrixInverseOutputs(
        x, backend.texData.get(x.dataId).values as TypedArray, adjoint,
        (shape, dtype, values) => backend.makeTensorInfo(shape, dtype, values));
  }

  const {rowExponents, a: scaled} =
      loadWorkingTexture(backend, batchView(x, batch, n, n), adjoint);
  const matrixColumnSums = backend.runWebGLProgram(
      new ScaledMatrixColumnSumProgram(batch, n), [scaled, rowExponents],
      'float32');
  const a = eliminate(backend, scaled);
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

export const matrixInverseWebGLConfig: KernelConfig = {
  kernelName: MatrixInverse,
  backendName: 'webgl',
  kernelFunc: matrixInverseWebGL as unknown as KernelFunc
};
