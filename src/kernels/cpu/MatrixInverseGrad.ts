import {KernelConfig, KernelFunc, TensorInfo, TypedArray} from '@tensorflow/tfjs-core';

import {MatrixInverseGrad, MatrixInverseGradAttrs, MatrixInverseGradInputs} from '../../kernel_names';
import {CpuBackendLike} from '../backend_types';
import {batchOf} from '../shared/matrix_batch';
import {matrixInverseGradImpl} from '../shared/matrix_inverse_grad_impl';

/**
 * tfjs's cpu matMul runs at about a fifth of the blocked float64 product, so
 * on this backend the gradient's two products are fused into one kernel.
 */
export function matrixInverseGradCpu(args: {
  inputs: MatrixInverseGradInputs,
  backend: CpuBackendLike,
  attrs: MatrixInverseGradAttrs
}): TensorInfo {
  const {inputs: {y, dy}, backend, attrs: {adjoint}} = args;
  const {batch, n} = batchOf(y);
  const dx = matrixInverseGradImpl(
      backend.data.get(y.dataId).values as TypedArray,
      backend.data.get(dy.dataId).values as TypedArray, batch, n, adjoint);
  return backend.makeTensorInfo(y.shape, 'float32', dx);
}

export const matrixInverseGradCpuConfig: KernelConfig = {
  kernelName: MatrixInverseGrad,
  backendName: 'cpu',
  kernelFunc: matrixInverseGradCpu as unknown as KernelFunc,
};
