import {KernelConfig, KernelFunc, TypedArray} from '@tensorflow/tfjs-core';

import {LogMatrixDeterminant, LogMatrixDeterminantInputs, LogMatrixDeterminantOutputs} from '../../kernel_names';
import {WebGPUBackendLike} from '../backend_types';
import {logDeterminantImpl} from '../shared/determinant_impl';
import {batchOf} from '../shared/matrix_batch';

import {DeterminantOutputsProgram} from './determinant_webgpu';
import {batchView, runEliminationOutputs} from './elimination';

/**
 * sign(det) and log|det| of every matrix of the batch on the GPU: the
 * elimination, which records the signed pivots, and both outputs, in one
 * dispatch for small n, else 2n + 3 (elimination.ts). Nothing is read back
 * to the CPU.
 */
export function logMatrixDeterminantWebGPU(args: {
  inputs: LogMatrixDeterminantInputs,
  backend: WebGPUBackendLike,
}): LogMatrixDeterminantOutputs {
  const {inputs: {input}, backend} = args;

  const {n, batchShape, batch} = batchOf(input);

  if (backend.shouldExecuteOnCPU([input])) {
    const values = backend.tensorMap.get(input.dataId).values as TypedArray;
    const {sign, logAbsDeterminant} = logDeterminantImpl(values, batch, n);
    return [
      backend.makeTensorInfo(batchShape, 'float32', sign),
      backend.makeTensorInfo(batchShape, 'float32', logAbsDeterminant),
    ];
  }

  const [sign, logAbsDeterminant] = runEliminationOutputs(
      backend,
      new DeterminantOutputsProgram(batch, n, ['sign', 'logAbsDeterminant']),
      batchView(input, batch, n, n));
  return [
    {dataId: sign.dataId, shape: batchShape, dtype: 'float32'},
    {dataId: logAbsDeterminant.dataId, shape: batchShape, dtype: 'float32'},
  ];
}

export const logMatrixDeterminantWebGPUConfig: KernelConfig = {
  kernelName: LogMatrixDeterminant,
  backendName: 'webgpu',
  kernelFunc: logMatrixDeterminantWebGPU as unknown as KernelFunc
};
