import {KernelConfig, KernelFunc, TensorInfo, TypedArray} from '@tensorflow/tfjs-core';

import {MatrixDeterminant, MatrixDeterminantInputs} from '../../kernel_names';
import {WebGLBackendLike} from '../backend_types';
import {determinantImpl} from '../shared/determinant_impl';
import {batchOf} from '../shared/matrix_batch';

import {DeterminantProgram} from './determinant_gpu';
import {assertFloat32RenderTargets, batchView, eliminatedWorkingTexture} from './elimination';

/**
 * det of every matrix of the batch on the GPU in 2n + 3 passes: the
 * elimination (2n + 2, elimination.ts), which records the signed pivots,
 * then their product (1). Nothing is read back to the CPU.
 */
export function matrixDeterminantWebGL(args: {
  inputs: MatrixDeterminantInputs,
  backend: WebGLBackendLike,
}): TensorInfo {
  const {inputs: {input}, backend} = args;
  assertFloat32RenderTargets('det');

  const {n, batchShape, batch} = batchOf(input);

  if (backend.shouldExecuteOnCPU([input])) {
    const values = backend.texData.get(input.dataId).values as TypedArray;
    return backend.makeTensorInfo(
        batchShape, 'float32', determinantImpl(values, batch, n));
  }

  const a =
      eliminatedWorkingTexture(backend, batchView(input, batch, n, n), false);
  const determinant = backend.runWebGLProgram(
      new DeterminantProgram(batch, n, 'determinant'), [a], 'float32');
  backend.disposeIntermediateTensorInfo(a);
  return {dataId: determinant.dataId, shape: batchShape, dtype: 'float32'};
}

export const matrixDeterminantWebGLConfig: KernelConfig = {
  kernelName: MatrixDeterminant,
  backendName: 'webgl',
  kernelFunc: matrixDeterminantWebGL as unknown as KernelFunc
};
