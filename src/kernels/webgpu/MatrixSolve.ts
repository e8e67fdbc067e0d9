import {KernelConfig, KernelFunc, TensorInfo, TypedArray} from '@tensorflow/tfjs-core';

import {MatrixSolve, MatrixSolveAttrs, MatrixSolveInputs, MatrixSolveOutputs} from '../../kernel_names';
import {WebGPUBackendLike} from '../backend_types';
import {batchOf} from '../shared/matrix_batch';
import {matrixSolveImpl} from '../shared/matrix_solve_impl';

import {batchView, runEliminationOutputs} from './elimination';
import {SolutionOutputsProgram} from './matrix_solve_webgpu';

/**
 * Solves every system of the batch on the GPU, with info: the elimination
 * of [A | B], whose right-hand sides end as the solution, in one dispatch
 * for small n, else 2n + 3 (elimination.ts). The count never depends on the
 * batch size or k, and nothing is read back to the CPU.
 */
export function matrixSolveWebGPU(args: {
  inputs: MatrixSolveInputs,
  backend: WebGPUBackendLike,
  attrs: MatrixSolveAttrs
}): MatrixSolveOutputs {
  const {inputs: {matrix, rhs}, backend, attrs: {adjoint}} = args;

  const {n, batchShape, batch} = batchOf(matrix);
  const k = rhs.shape[rhs.shape.length - 1];

  if (backend.shouldExecuteOnCPU([matrix, rhs])) {
    const valuesOf = (t: TensorInfo) =>
        backend.tensorMap.get(t.dataId).values as TypedArray;
    const {solution, info} =
        matrixSolveImpl(valuesOf(matrix), valuesOf(rhs), batch, n, k, adjoint);
    return [
      backend.makeTensorInfo(rhs.shape, 'float32', solution),
      backend.makeTensorInfo(batchShape, 'int32', info),
    ];
  }

  const [solution, info] = runEliminationOutputs(
      backend, new SolutionOutputsProgram(batch, n, adjoint, k),
      batchView(matrix, batch, n, n), batchView(rhs, batch, n, k));
  return [
    {dataId: solution.dataId, shape: rhs.shape, dtype: 'float32'},
    {dataId: info.dataId, shape: batchShape, dtype: 'int32'},
  ];
}

export const matrixSolveWebGPUConfig: KernelConfig = {
  kernelName: MatrixSolve,
  backendName: 'webgpu',
  kernelFunc: matrixSolveWebGPU as unknown as KernelFunc
};
