import {KernelConfig, KernelFunc, TensorInfo, TypedArray, util} from '@tensorflow/tfjs-core';

import {MatrixDeterminant, MatrixDeterminantInputs} from '../../kernel_names';
import {CpuBackendLike} from '../backend_types';
import {determinantImpl} from '../shared/determinant_impl';

export function matrixDeterminantCpu(
    args: {inputs: MatrixDeterminantInputs, backend: CpuBackendLike}):
    TensorInfo {
  const {inputs: {input}, backend} = args;
  const n = input.shape[input.shape.length - 1];
  const batchShape = input.shape.slice(0, -2);
  return backend.makeTensorInfo(
      batchShape, 'float32',
      determinantImpl(
          backend.data.get(input.dataId).values as TypedArray,
          util.sizeFromShape(batchShape), n));
}

export const matrixDeterminantCpuConfig: KernelConfig = {
  kernelName: MatrixDeterminant,
  backendName: 'cpu',
  kernelFunc: matrixDeterminantCpu as unknown as KernelFunc,
};
