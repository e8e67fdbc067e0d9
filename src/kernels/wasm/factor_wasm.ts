import {TensorInfo, TypedArray} from '@tensorflow/tfjs-core';

import {WasmBackendLike} from '../backend_types';
import {factorEach, Factored} from '../shared/determinant_impl';
import {batchOf} from '../shared/matrix_batch';

import {engineFor, heapMemory, offsetOf, withScratch} from './wasm_heap';

/**
 * The pivots and row swaps of each matrix of `input`, the determinant
 * kernels' common part: from the engine once it is ready (faster at every
 * n), else from the JavaScript elimination, the same to the bit.
 */
export function factorWasm(backend: WasmBackendLike, input: TensorInfo):
    {factored: Factored, n: number, batchShape: number[]} {
  const {n, batchShape, batch} = batchOf(input);
  const engine = engineFor(backend);
  if (engine == null) {
    return {
      factored: factorEach(backend.typedArrayFromHeap(input), batch, n),
      n,
      batchShape
    };
  }
  // The engine's scratch space comes last, at a multiple of 8 bytes.
  const pivotBytes = Float64Array.BYTES_PER_ELEMENT * batch * n;
  const bytes = pivotBytes + 8 * Math.ceil(batch / 2);
  const factored =
      withScratch(backend, bytes + engine.lu_pivots_scratch_bytes(n), out => {
        engine.lu_pivots(
            offsetOf(backend, input), out, out + pivotBytes, batch, n,
            out + bytes);
        const heap = heapMemory(backend)!.buffer;
        return {
          pivots: new Float64Array(heap, out, batch * n).slice(),
          swaps: new Int32Array(heap, out + pivotBytes, batch).slice(),
        };
      });
  return {factored, n, batchShape};
}

/** An output of the backend holding `values`. */
export function outputOf(
    backend: WasmBackendLike, shape: number[], values: TypedArray): TensorInfo {
  const output = backend.makeOutput(shape, 'float32');
  backend.typedArrayFromHeap(output).set(values);
  return output;
}
