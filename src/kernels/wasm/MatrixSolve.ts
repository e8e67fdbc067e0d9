import {KernelConfig, KernelFunc} from '@tensorflow/tfjs-core';

import {MatrixSolve, MatrixSolveAttrs, MatrixSolveInputs, MatrixSolveOutputs} from '../../kernel_names';
import {WasmBackendLike} from '../backend_types';
import {batchOf} from '../shared/matrix_batch';
import {matrixSolveInto} from '../shared/matrix_solve_impl';

import {engineFor, offsetOf, withScratch} from './wasm_heap';

/**
 * Solves every system in place in tfjs's heap: the engine once it is ready
 * (faster at every n), else the JavaScript routine on views of the heap, with
 * the same results to the bit.
 */
export function matrixSolveWasm(args: {
  inputs: MatrixSolveInputs,
  backend: WasmBackendLike,
  attrs: MatrixSolveAttrs
}): MatrixSolveOutputs {
  const {inputs: {matrix, rhs}, backend, attrs: {adjoint}} = args;
  const {n, batchShape, batch} = batchOf(matrix);
  const k = rhs.shape[rhs.shape.length - 1];
  const outputs: MatrixSolveOutputs = [
    backend.makeOutput(rhs.shape, 'float32'),
    backend.makeOutput(batchShape, 'int32'),
  ];
  const [solution, info] = outputs;
  const engine = engineFor(backend);
  if (engine != null) {
    withScratch(
        backend, engine.matrix_solve_scratch_bytes(n, k),
        scratch => engine.matrix_solve(
            offsetOf(backend, matrix), offsetOf(backend, rhs),
            offsetOf(backend, solution), offsetOf(backend, info), batch, n, k,
            Number(adjoint), scratch));
  } else {
    matrixSolveInto(
        backend.typedArrayFromHeap(matrix), backend.typedArrayFromHeap(rhs),
        batch, n, k, adjoint, {
          solution: backend.typedArrayFromHeap(solution) as Float32Array,
          info: backend.typedArrayFromHeap(info) as Int32Array,
        });
  }
  return outputs;
}

export const matrixSolveWasmConfig: KernelConfig = {
  kernelName: MatrixSolve,
  backendName: 'wasm',
  kernelFunc: matrixSolveWasm as unknown as KernelFunc,
};
