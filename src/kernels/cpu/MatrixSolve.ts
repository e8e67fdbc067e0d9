import {KernelConfig, KernelFunc, TypedArray, util} from '@tensorflow/tfjs-core';

import {MatrixSolve, MatrixSolveAttrs, MatrixSolveInputs, MatrixSolveOutputs} from '../../kernel_names';
import {CpuBackendLike} from '../backend_types';
import {matrixSolveImpl} from '../shared/matrix_solve_impl';

export function matrixSolveCpu(args: {
  inputs: MatrixSolveInputs,
  backend: CpuBackendLike,
  attrs: MatrixSolveAttrs
}): MatrixSolveOutputs {
  const {inputs: {matrix, rhs}, backend, attrs: {adjoint}} = args;
  const n = matrix.shape[matrix.shape.length - 1];
  const k = rhs.shape[rhs.shape.length - 1];
  const batchShape = matrix.shape.slice(0, -2);
  const {solution, info} = matrixSolveImpl(
      backend.data.get(matrix.dataId).values as TypedArray,
      backend.data.get(rhs.dataId).values as TypedArray,
      util.sizeFromShape(batchShape), n, k, adjoint);
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
