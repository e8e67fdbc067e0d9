import {KernelConfig, KernelFunc, TypedArray} from '@tensorflow/tfjs-core';

import {LogMatrixDeterminant, LogMatrixDeterminantInputs, LogMatrixDeterminantOutputs} from '../../kernel_names';
import {CpuBackendLike} from '../backend_types';
import {logDeterminantImpl} from '../shared/determinant_impl';
import {batchOf} from '../shared/matrix_batch';

export function logMatrixDeterminantCpu(
    args: {inputs: LogMatrixDeterminantInputs, backend: CpuBackendLike}):
    LogMatrixDeterminantOutputs {
  const {inputs: {input}, backend} = args;
  const {n, batchShape, batch} = batchOf(input);
  const {sign, logAbsDeterminant} = logDeterminantImpl(
      backend.data.get(input.dataId).values as TypedArray, batch, n);
  return [
    backend.makeTensorInfo(batchShape, 'float32', sign),
    backend.makeTensorInfo(batchShape, 'float32', logAbsDeterminant),
  ];
}

export const logMatrixDeterminantCpuConfig: KernelConfig = {
  kernelName: LogMatrixDeterminant,
  backendName: 'cpu',
  kernelFunc: logMatrixDeterminantCpu as unknown as KernelFunc,
};
