import {KernelConfig, KernelFunc, TypedArray} from '@tensorflow/tfjs-core';

import {MatrixInverse, MatrixInverseAttrs, MatrixInverseInputs, MatrixInverseOutputs} from '../../kernel_names';
import {CpuBackendLike} from '../backend_types';
import {matrixInverseOutputs} from '../shared/matrix_inverse_outputs';

export function matrixInverseCpu(args: {
  inputs: MatrixInverseInputs,
  backend: CpuBackendLike,
  attrs: MatrixInverseAttrs
}): MatrixInverseOutputs {
  const {inputs: {x}, backend, attrs: {adjoint}} = args;
  return matrixInverseOutputs(
      x, backend.data.get(x.dataId).values as TypedArray, adjoint,
      (shape, dtype, values) => backend.makeTensorInfo(shape, dtype, values));
}

export const matrixInverseCpuConfig: KernelConfig = {
  kernelName: MatrixInverse,
  backendName: 'cpu',
  kernelFunc: matrixInverseCpu as unknown as KernelFunc,
};
