import {KernelConfig, KernelFunc, TensorInfo, TypedArray} from '@tensorflow/tfjs-core';

import {MatrixDeterminant, MatrixDeterminantInputs} from '../../kernel_names';
import {WebGPUBackendLike} from '../backend_types';
import {determinantImpl} from '../shared/determinant_impl';
import {batchOf} from '../shared/matrix_batch';

import {DeterminantOutputsProgram} from './determinant_webgpu';
import {batchView, runEliminationOutputs} from './elimination';

/**
 * det of every matrix of the batch on the GPU: the elimination, which
 * records the signed pivots, and their product, in one dispatch for small n,
 * else 2n + 3 (elimination.ts). Nothing is read back to the CPU.
 */
export function matrixDeterminantWebGPU(args: {
  inputs: MatrixDeterminantInputs,
  backend: WebGPUBackendLike,
}): TensorInfo {
  const {inputs: {input}, backend} = args;

  const {n, batchShape, batch} = batchOf(input);

  if (backend.shouldExecuteOnCPU([input])) {
    const values = backend.tensorMap.get(input.dataId).values as TypedArray;
    return backend.makeTensorInfo(
        batchShape, 'float32', determinantImpl(values, batch, n));
  }

  const [determinant] = runEliminationOutputs(
      backend, new DeterminantOutputsProgram(batch, n, ['determinant']),
      batchView(input, batch, n, n));
  return {dataId: determinant.dataId, shape: batchShape, dtype: 'float32'};
}

export const matrixDeterminantWebGPUConfig: KernelConfig = {
  kernelName: MatrixDeterminant,
  backendName: 'webgpu',
  kernelFunc: matrixDeterminantWebGPU as unknown as KernelFunc
};
