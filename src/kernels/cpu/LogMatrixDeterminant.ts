import {KernelConfig, KernelFunc, TypedArray, util} from '@tensorflow/tfjs-core';

import {LogMatrixDeterminant, LogMatrixDeterminantInputs, LogMatrixDeterminantOutputs} from '../../kernel_names';
import {CpuBackendLike} from '../backend_types';
import {logDeterminantImpl} from '../shared/determinant_impl';

export function logMatrixDeterminantCpu(
    args: {inputs: LogMatrixDeterminantInputs, backend: CpuBackendLike}):
    LogMatrixDeterminantOutputs {
  const {inputs: {input}, backend} = args;
  const n = input.shape[input.shape.length - 1];
  const batchShape = input.shape.slice(0, -2);
  const {sign, logAbsDeterminant} = logDeterminantImpl(
      backend.data.get(input.dataId).values as TypedArray,
      util.sizeFromShape(batchShape), n);
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
