import {KernelConfig, KernelFunc, TypedArray} from '@tensorflow/tfjs-core';

import {MatrixSolve, MatrixSolveAttrs, MatrixSolveInputs, MatrixSolveOutputs} from '../../kernel_names';
import {CpuBackendLike} from '../backend_types';
import {batchOf} from '../shared/matrix_batch';
import {matrixSolveImpl} from '../shared/matrix_solve_impl';

export function matrixSolveCpu(args: {
  inputs: MatrixSolveInputs,
  backend: CpuBackendLike,
  attrs: MatrixSolveAttrs
}): MatrixSolveOutputs {
  const {inputs: {matrix, rhs}, backend, attrs: {adjoint}} = args;
  const {n, batchShape, batch} = batchOf(matrix);
  const k = rhs.shape[rhs.shape.length - 1];
  const {solution, info} = matrixSolveImpl(
      backend.data.get(matrix.dataId).values as TypedArray,
      backend.data.get(rhs.dataId).values as TypedArray, batch, n, k, adjoint);
  return [
    backend.makeTensorInfo(rhs.shape, 'float32', solution),
    backend.makeTensorInfo(batchShape, 'int32', info),
  ];
}

export const matrixSolveCpuConfig: KernelConfig = {
  kernelName: MatrixSolve,
  backendName: 'cpu',
  kernelFunc: matrixSolveCpu as unknown as KernelFunc,
};
