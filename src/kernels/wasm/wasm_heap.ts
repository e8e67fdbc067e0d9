/**
 * What the package's wasm kernels share: the engine working in the backend's
 * own heap, tensors' places in it, and scratch space from its allocator.
 */
import type {TensorInfo} from '@tensorflow/tfjs-core';

import {WasmBackendLike} from '../backend_types';

import {Engine, engineIn} from './engine';

/** The memory of the backend's heap, in either of tfjs's wasm builds. */
export function heapMemory(backend: WasmBackendLike): WebAssembly.Memory|
    undefined {
  return backend.wasm.asm.memory ?? backend.wasm.wasmMemory;
}

/**
 * The engine working in the backend's heap, or null while it is not ready
 * (or where the heap's memory cannot be found).
 */
export function engineFor(backend: WasmBackendLike): Engine|null {
  const memory = heapMemory(backend);
  return memory == null ? null : engineIn(memory);
}

/** The byte offset of a tensor's values in the heap. */
export function offsetOf(backend: WasmBackendLike, t: TensorInfo): number {
  return backend.dataIdMap.get(t.dataId).memoryOffset;
}

/**
 * Runs `use` on `bytes` of scratch space from the heap's allocator, freed
 * afterwards. Allocating may grow the heap, which detaches every view of it
 * taken before: views are taken after the last allocation.
 */
export function withScratch<T>(
    backend: WasmBackendLike, bytes: number, use: (offset: number) => T): T {
  const scratch = backend.wasm._malloc(bytes);
  try {
    return use(scratch);
  } finally {
    backend.wasm._free(scratch);
  }
}
