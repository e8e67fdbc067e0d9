import {KernelConfig, KernelFunc, TensorInfo, TypedArray, util} from '@tensorflow/tfjs-core';

import {LogMatrixDeterminant, LogMatrixDeterminantInputs, LogMatrixDeterminantOutputs} from '../../kernel_names';
import {WebGPUBackendLike} from '../backend_types';
import {logDeterminantImpl} from '../shared/determinant_impl';

import {DeterminantProgram, DeterminantQuantity} from './determinant_webgpu';
import {batchView, eliminatedWorkingBuffer} from './elimination';

/**
 * sign(det) and log|det| of every matrix of the batch on the GPU: the
 * elimination (1 dispatch for small n, else 2n + 2; elimination.ts), which
 * records the signed pivots, then one dispatch for each output. Nothing is
 * read back to the CPU.
 */
export function logMatrixDeterminantWebGPU(args: {
  inputs: LogMatrixDeterminantInputs,
  backend: WebGPUBackendLike,
}): LogMatrixDeterminantOutputs {
  const {inputs: {input}, backend} = args;

  const n = input.shape[input.shape.length - 1];
  const batchShape = input.shape.slice(0, -2);
  const batch = util.sizeFromShape(batchShape);

  if (backend.shouldExecuteOnCPU([input])) {
    const values = backend.tensorMap.get(input.dataId).values as TypedArray;
    const {sign, logAbsDeterminant} = logDeterminantImpl(values, batch, n);
    return [
      backend.makeTensorInfo(batchShape, 'float32', sign),
      backend.makeTensorInfo(batchShape, 'float32', logAbsDeterminant),
    ];
  }

  const a =
      eliminatedWorkingBuffer(backend, batchView(input, batch, n, n), false);
  const outputOf = (quantity: DeterminantQuantity): TensorInfo => {
    const output = backend.runWebGPUProgram(
        new DeterminantProgram(batch, n, n + 4, quantity), [a], 'float32');
    return {dataId: output.dataId, shape: batchShape, dtype: 'float32'};
  };
  const sign = outputOf('sign');
  const logAbsDeterminant = outputOf('logAbsDeterminant');
  backend.disposeData(a.dataId);
  return [sign, logAbsDeterminant];
}

export const logMatrixDeterminantWebGPUConfig: KernelConfig = {
  kernelName: LogMatrixDeterminant,
  backendName: 'webgpu',
  kernelFunc: logMatrixDeterminantWebGPU as unknown as KernelFunc
};
