import {KernelConfig, KernelFunc, TensorInfo, TypedArray, util} from '@tensorflow/tfjs-core';

import {MatrixDeterminant, MatrixDeterminantInputs} from '../../kernel_names';
import {WebGPUBackendLike} from '../backend_types';
import {determinantImpl} from '../shared/determinant_impl';

import {DeterminantProgram} from './determinant_webgpu';
import {batchView, eliminatedWorkingBuffer} from './elimination';

/**
 * det of every matrix of the batch on the GPU: the elimination (1 dispatch
 * for small n, else 2n + 2; elimination.ts), which records the signed
 * pivots, then their product (1). Nothing is read back to the CPU.
 */
export function matrixDeterminantWebGPU(args: {
  inputs: MatrixDeterminantInputs,
  backend: WebGPUBackendLike,
}): TensorInfo {
  const {inputs: {input}, backend} = args;

  const n = input.shape[input.shape.length - 1];
  const batchShape = input.shape.slice(0, -2);
  const batch = util.sizeFromShape(batchShape);

  if (backend.shouldExecuteOnCPU([input])) {
    const values = backend.tensorMap.get(input.dataId).values as TypedArray;
    return backend.makeTensorInfo(
        batchShape, 'float32', determinantImpl(values, batch, n));
  }

  const a =
      eliminatedWorkingBuffer(backend, batchView(input, batch, n, n), false);
  const determinant = backend.runWebGPUProgram(
      new DeterminantProgram(batch, n, n + 4, 'determinant'), [a], 'float32');
  backend.disposeData(a.dataId);
  return {dataId: determinant.dataId, shape: batchShape, dtype: 'float32'};
}

export const matrixDeterminantWebGPUConfig: KernelConfig = {
  kernelName: MatrixDeterminant,
  backendName: 'webgpu',
  kernelFunc: matrixDeterminantWebGPU as unknown as KernelFunc
};
