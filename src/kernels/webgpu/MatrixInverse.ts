import {KernelConfig, KernelFunc, TypedArray} from '@tensorflow/tfjs-core';

import {MatrixInverse, MatrixInverseAttrs, MatrixInverseInputs, MatrixInverseOutputs} from '../../kernel_names';
import {WebGPUBackendLike} from '../backend_types';
import {batchOf} from '../shared/matrix_batch';
import {matrixInverseOutputs} from '../shared/matrix_inverse_outputs';

import {batchView, runEliminationOutputs} from './elimination';
import {InverseOutputsProgram} from './matrix_inverse_webgpu';

/**
 * Inverts every matrix of x on the GPU, with info and rcond: one dispatch
 * for small n, else 2n + 3 (elimination.ts). The count never depends on the
 * batch size, and nothing is read back to the CPU.
 */
export function matrixInverseWebGPU(args: {
  inputs: MatrixInverseInputs,
  backend: WebGPUBackendLike,
  attrs: MatrixInverseAttrs
}): MatrixInverseOutputs {
  const {inputs: {x}, backend, attrs: {adjoint}} = args;

  const {n, batchShape, batch} = batchOf(x);

  if (backend.shouldExecuteOnCPU([x])) {
    return matrixInverseOutputs(
        x, backend.tensorMap.get(x.dataId).values as TypedArray, adjoint,
        (shape, dtype, values) => backend.makeTensorInfo(shape, dtype, values));
  }

  const [inverse, info, rcond] = runEliminationOutputs(
      backend, new InverseOutputsProgram(batch, n, adjoint),
      batchView(x, batch, n, n));
  return [
    {dataId: inverse.dataId, shape: x.shape, dtype: 'float32'},
    {dataId: info.dataId, shape: batchShape, dtype: 'int32'},
    {dataId: rcond.dataId, shape: batchShape, dtype: 'float32'},
  ];
}

export const matrixInverseWebGPUConfig: KernelConfig = {
  kernelName: MatrixInverse,
  backendName: 'webgpu',
  kernelFunc: matrixInverseWebGPU as unknown as KernelFunc
};
