import {KernelConfig, KernelFunc, TensorInfo, TypedArray} from '@tensorflow/tfjs-core';

import {MatrixDeterminant, MatrixDeterminantInputs} from '../../kernel_names';
import {CpuBackendLike} from '../backend_types';
import {determinantImpl} from '../shared/determinant_impl';
import {batchOf} from '../shared/matrix_batch';

export function matrixDeterminantCpu(
    args: {inputs: MatrixDeterminantInputs, backend: CpuBackendLike}):
    TensorInfo {
  const {inputs: {input}, backend} = args;
  const {n, batchShape, batch} = batchOf(input);
  return backend.makeTensorInfo(
      batchShape, 'float32',
      determinantImpl(
          backend.data.get(input.dataId).values as TypedArray, batch, n));
}

export const matrixDeterminantCpuConfig: KernelConfig = {
  kernelName: MatrixDeterminant,
  backendName: 'cpu',
  kernelFunc: matrixDeterminantCpu as unknown as KernelFunc,
};
