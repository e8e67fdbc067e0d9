import {KernelConfig, KernelFunc, TensorInfo, TypedArray} from '@tensorflow/tfjs-core';

import {MatrixSolve, MatrixSolveAttrs, MatrixSolveInputs, MatrixSolveOutputs} from '../../kernel_names';
import {WebGLBackendLike} from '../backend_types';
import {batchOf} from '../shared/matrix_batch';
import {matrixSolveImpl} from '../shared/matrix_solve_impl';

import {assertFloat32RenderTargets, batchView, eliminatedWorkingTexture} from './elimination';
import {PivotInfoProgram} from './elimination_gpu';
import {SolutionProgram} from './matrix_solve_gpu';

/**
 * Solves every system of the batch on the GPU in 2n + 4 passes: the
 * elimination of [A | B] (2n + 2, elimination.ts), whose right-hand sides
 * end as the solution, then one pass each for the solution and info. The
 * number of passes depends on n only, never on the batch size or the number
 * of right-hand sides, and nothing is read back to the CPU.
 */
export function matrixSolveWebGL(args: {
  inputs: MatrixSolveInputs,
  backend: WebGLBackendLike,
  attrs: MatrixSolveAttrs
}): MatrixSolveOutputs {
  const {inputs: {matrix, rhs}, backend, attrs: {adjoint}} = args;
  assertFloat32RenderTargets('solve');

  const {n, batchShape, batch} = batchOf(matrix);
  const k = rhs.shape[rhs.shape.length - 1];

  if (backend.shouldExecuteOnCPU([matrix, rhs])) {
    const valuesOf = (t: TensorInfo) =>
        backend.texData.get(t.dataId).values as TypedArray;
    const {solution, info} =
        matrixSolveImpl(valuesOf(matrix), valuesOf(rhs), batch, n, k, adjoint);
    return [
      backend.makeTensorInfo(rhs.shape, 'float32', solution),
      backend.makeTensorInfo(batchShape, 'int32', info),
    ];
  }

  const a = eliminatedWorkingTexture(
      backend, batchView(matrix, batch, n, n), adjoint,
      batchView(rhs, batch, n, k));
  const solution =
      backend.runWebGLProgram(new SolutionProgram(batch, n, k), [a], 'float32');
  const info =
      backend.runWebGLProgram(new PivotInfoProgram(batch, n), [a], 'int32');
  backend.disposeIntermediateTensorInfo(a);
  return [
    {dataId: solution.dataId, shape: rhs.shape, dtype: 'float32'},
    {dataId: info.dataId, shape: batchShape, dtype: 'int32'},
  ];
}

export const matrixSolveWebGLConfig: KernelConfig = {
  kernelName: MatrixSolve,
  backendName: 'webgl',
  kernelFunc: matrixSolveWebGL as unknown as KernelFunc
};
