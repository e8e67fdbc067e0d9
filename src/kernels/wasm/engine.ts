/**
 * The package's linear algebra engine (src/cc/, built by
 * scripts/build-wasm.mjs): the elimination of gauss_jordan.ts and the
 * products of matrix_product.ts in C with WebAssembly SIMD, the same
 * operations in the same order, so that its results are the JavaScript
 * routines' to the bit. Which of the two runs is a matter of speed only.
 *
 * The module imports the memory it works in: on the wasm backend, tfjs's own
 * heap, where it reads and writes tensors in place. It is compiled
 * asynchronously when this module loads (browsers refuse to compile or
 * instantiate large modules synchronously on the main thread) and
 * instantiated on a memory's first use; until then callers run the
 * JavaScript routine, so the first call is already right. A shared memory
 * (tfjs's multi-threaded heap) needs the module built for one, compiled on
 * its first use.
 */
import {ENGINE_WASM_BASE64, SHARED_MEMORY_ENGINE_WASM_BASE64} from './engine_binary';

/**
 * The engine's exports (src/cc/linalg.c). Pointers are byte offsets into
 * the instance's memory; every function runs a whole batch.
 */
export interface Engine {
  matrix_inverse_scratch_bytes(n: number): number;
  matrix_inverse(
      x: number, inverse: number, info: number, rcond: number, batch: number,
      n: number, adjoint: number, scratch: number): void;
  matrix_solve_scratch_bytes(n: number, k: number): number;
  matrix_solve(
      matrix: number, rhs: number, solution: number, info: number,
      batch: number, n: number, k: number, adjoint: number,
      scratch: number): void;
  lu_pivots_scratch_bytes(n: number): number;
  lu_pivots(
      x: number, pivots: number, swaps: number, batch: number, n: number,
      scratch: number): void;
  matrix_inverse_grad_scratch_bytes(n: number): number;
  matrix_inverse_grad(
      y: number, dy: number, dx: number, batch: number, n: number,
      adjoint: number, scratch: number): void;
}

/** Per sharedness, the compiled module, or null where it cannot run. */
const compiled = new Map<boolean, Promise<WebAssembly.Module|null>>();

/** Per memory: its instance, null if it cannot have one, or the wait. */
const instances =
    new WeakMap<WebAssembly.Memory, Engine|null|Promise<Engine|null>>();

compiledFor(false);

/**
 * The module for a memory of this sharedness, compiled once; null where
 * WebAssembly (with SIMD, and threads for a shared memory) is not available:
 * then everything runs the JavaScript routines.
 */
function compiledFor(shared: boolean): Promise<WebAssembly.Module|null> {
  let module = compiled.get(shared);
  if (module == null) {
    module =
        compile(shared ? SHARED_MEMORY_ENGINE_WASM_BASE64 : ENGINE_WASM_BASE64);
    compiled.set(shared, module);
  }
  return module;
}

function compile(base64: string): Promise<WebAssembly.Module|null> {
  if (typeof WebAssembly !== 'object' || typeof atob !== 'function') {
    return Promise.resolve(null);
  }
  const bytes = Uint8Array.from(atob(base64), char => char.charCodeAt(0));
  return WebAssembly.compile(bytes).catch(() => null);
}

/**
 * The engine working in `memory`, or null while it is not ready (the first
 * call starts its instantiation) or where it cannot run.
 */
export function engineIn(memory: WebAssembly.Memory): Engine|null {
  const instance = instances.get(memory);
  if (instance === undefined) {
    void engineReadyIn(memory);
    return null;
  }
  return instance instanceof Promise ? null : instance;
}

/**
 * Resolves to the engine working in `memory` once it is ready, or to null
 * where it cannot run there (no WebAssembly SIMD).
 */
export function engineReadyIn(memory: WebAssembly.Memory):
    Promise<Engine|null> {
  const known = instances.get(memory);
  if (known !== undefined) {
    return Promise.resolve(known);
  }
  const shared = typeof SharedArrayBuffer === 'function' &&
      memory.buffer instanceof SharedArrayBuffer;
  const ready = compiledFor(shared).then(
      module => module == null ? null : instantiate(module, memory));
  instances.set(memory, ready);
  void ready.then(engine => instances.set(memory, engine));
  return ready;
}

async function instantiate(
    module: WebAssembly.Module,
    memory: WebAssembly.Memory): Promise<Engine|null> {
  try {
    const instance = await WebAssembly.instantiate(module, {env: {memory}});
    return instance.exports as unknown as Engine;
  } catch {
    return null;
  }
}
