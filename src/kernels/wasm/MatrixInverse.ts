import {KernelConfig, KernelFunc} from '@tensorflow/tfjs-core';

import {MatrixInverse, MatrixInverseAttrs, MatrixInverseInputs, MatrixInverseOutputs} from '../../kernel_names';
import {WasmBackendLike} from '../backend_types';
import {batchOf} from '../shared/matrix_batch';
import {matrixInverseInto} from '../shared/matrix_inverse_impl';

import {engineFor, offsetOf, withScratch} from './wasm_heap';

/**
 * Below this n the JavaScript routine, on views of the heap, is faster
 * (about 3x at 4 x 4): up to 4 x 4 its elimination is written out over local
 * variables.
 */
const ENGINE_MIN_N = 5;

/**
 * Inverts every matrix of x in place in tfjs's heap: the engine where it is
 * ready and faster, else the JavaScript routine; their results are the same
 * to the bit.
 */
export function matrixInverseWasm(args: {
  inputs: MatrixInverseInputs,
  backend: WasmBackendLike,
  attrs: MatrixInverseAttrs
}): MatrixInverseOutputs {
  const {inputs: {x}, backend, attrs: {adjoint}} = args;
  const {n, batchShape, batch} = batchOf(x);
  const outputs: MatrixInverseOutputs = [
    backend.makeOutput(x.shape, 'float32'),
    backend.makeOutput(batchShape, 'int32'),
    backend.makeOutput(batchShape, 'float32'),
  ];
  const [inverse, info, rcond] = outputs;
  const engine = n >= ENGINE_MIN_N ? engineFor(backend) : null;
  if (engine != null) {
    withScratch(
        backend, engine.matrix_inverse_scratch_bytes(n),
        scratch => engine.matrix_inverse(
            offsetOf(backend, x), offsetOf(backend, inverse),
            offsetOf(backend, info), offsetOf(backend, rcond), batch, n,
            Number(adjoint), scratch));
  } else {
    matrixInverseInto(backend.typedArrayFromHeap(x), batch, n, adjoint, {
      inverse: backend.typedArrayFromHeap(inverse) as Float32Array,
      info: backend.typedArrayFromHeap(info) as Int32Array,
      rcond: backend.typedArrayFromHeap(rcond) as Float32Array,
    });
  }
  return outputs;
}

export const matrixInverseWasmConfig: KernelConfig = {
  kernelName: MatrixInverse,
  backendName: 'wasm',
  kernelFunc: matrixInverseWasm as unknown as KernelFunc,
};
