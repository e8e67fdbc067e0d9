import {KernelConfig, KernelFunc, TensorInfo, TypedArray} from '@tensorflow/tfjs-core';

import {LogMatrixDeterminant, LogMatrixDeterminantInputs, LogMatrixDeterminantOutputs} from '../../kernel_names';
import {WebGLBackendLike} from '../backend_types';
import {logDeterminantImpl} from '../shared/determinant_impl';
import {batchOf} from '../shared/matrix_batch';

import {DeterminantProgram, DeterminantQuantity} from './determinant_gpu';
import {assertFloat32RenderTargets, batchView, eliminatedWorkingTexture} from './elimination';

/**
 * sign(det) and log|det| of every matrix of the batch on the GPU in 2n + 4
 * passes: the elimination (2n + 2, elimination.ts), which records the signed
 * pivots, then one pass for each output. Nothing is read back to the CPU.
 */
export function logMatrixDeterminantWebGL(args: {
  inputs: LogMatrixDeterminantInputs,
  backend: WebGLBackendLike,
}): LogMatrixDeterminantOutputs {
  const {inputs: {input}, backend} = args;
  assertFloat32RenderTargets('slogdet');

  const {n, batchShape, batch} = batchOf(input);

  if (backend.shouldExecuteOnCPU([input])) {
    const values = backend.texData.get(input.dataId).values as TypedArray;
    const {sign, logAbsDeterminant} = logDeterminantImpl(values, batch, n);
    return [
      backend.makeTensorInfo(batchShape, 'float32', sign),
      backend.makeTensorInfo(batchShape, 'float32', logAbsDeterminant),
    ];
  }

  const a =
      eliminatedWorkingTexture(backend, batchView(input, batch, n, n), false);
  const outputOf = (quantity: DeterminantQuantity): TensorInfo => {
    const output = backend.runWebGLProgram(
        new DeterminantProgram(batch, n, quantity), [a], 'float32');
    return {dataId: output.dataId, shape: batchShape, dtype: 'float32'};
  };
  const sign = outputOf('sign');
  const logAbsDeterminant = outputOf('logAbsDeterminant');
  backend.disposeIntermediateTensorInfo(a);
  return [sign, logAbsDeterminant];
}

export const logMatrixDeterminantWebGLConfig: KernelConfig = {
  kernelName: LogMatrixDeterminant,
  backendName: 'webgl',
  kernelFunc: logMatrixDeterminantWebGL as unknown as KernelFunc
};
