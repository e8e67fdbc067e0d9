import {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {MatrixInverseGrad, MatrixInverseGradAttrs, MatrixInverseGradInputs} from '../../kernel_names';
import {WasmBackendLike} from '../backend_types';
import {batchOf} from '../shared/matrix_batch';
import {matrixInverseGradInto} from '../shared/matrix_inverse_grad_impl';

import {engineFor, offsetOf, withScratch} from './wasm_heap';

/**
 * Below this n the JavaScript products, on views of the heap, are faster:
 * up to 4 x 4 they are written out over local variables.
 */
const ENGINE_MIN_N = 5;

/**
 * The inverse's gradient, dX = -Y^T dY Y^T, fused in place in tfjs's heap:
 * the engine's two float64 products where it is ready and faster, else the
 * JavaScript ones, with the same results to the bit.
 */
export function matrixInverseGradWasm(args: {
  inputs: MatrixInverseGradInputs,
  backend: WasmBackendLike,
  attrs: MatrixInverseGradAttrs
}): TensorInfo {
  const {inputs: {y, dy}, backend, attrs: {adjoint}} = args;
  const {batch, n} = batchOf(y);
  const dx = backend.makeOutput(y.shape, 'float32');
  const engine = n >= ENGINE_MIN_N ? engineFor(backend) : null;
  if (engine != null) {
    withScratch(
        backend, engine.matrix_inverse_grad_scratch_bytes(n),
        scratch => engine.matrix_inverse_grad(
            offsetOf(backend, y), offsetOf(backend, dy), offsetOf(backend, dx),
            batch, n, Number(adjoint), scratch));
  } else {
    matrixInverseGradInto(
        backend.typedArrayFromHeap(y), backend.typedArrayFromHeap(dy), batch, n,
        adjoint, backend.typedArrayFromHeap(dx) as Float32Array);
  }
  return dx;
}

export const matrixInverseGradWasmConfig: KernelConfig = {
  kernelName: MatrixInverseGrad,
  backendName: 'wasm',
  kernelFunc: matrixInverseGradWasm as unknown as KernelFunc,
};
