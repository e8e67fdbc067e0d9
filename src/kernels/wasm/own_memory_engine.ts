/**
 * The engine for backends whose tensors are JavaScript arrays (cpu, and the
 * CPU paths of webgl, webgpu and tensorflow): it works in a memory of its
 * own, into which each call copies a chunk of the batch and out of which it
 * copies the results. The copies are O(n^2) per matrix against the
 * elimination's O(n^3), and the engine's results are the JavaScript
 * routines' to the bit, so the shared routines hand it their batch whenever
 * it is ready and measured faster (`npm run bench`).
 */
import type {TypedArray} from '@tensorflow/tfjs-core';

import type {Factored} from '../shared/determinant_impl';
import type {InverseBatch} from '../shared/matrix_inverse_impl';

import {Engine, engineIn, engineReadyIn} from './engine';

/**
 * Input bytes per chunk: a batch larger than this goes through in several
 * calls, so the memory stays small (it never shrinks).
 */
const CHUNK_BYTES = 4 << 20;

const PAGE_BYTES = 65536;

/** The engine's own memory, and the copies in and out of it. */
class EngineMemory {
  readonly memory = new WebAssembly.Memory({initial: 1});

  /**
   * Places for consecutive regions of the given byte sizes, each at a
   * multiple of 8 bytes, the memory grown to hold them all.
   */
  layOut(sizes: number[]): number[] {
    const offsets: number[] = [];
    let end = 0;
    for (const size of sizes) {
      offsets.push(end);
      end += Math.ceil(size / 8) * 8;
    }
    const missing = end - this.memory.buffer.byteLength;
    if (missing > 0) {
      this.memory.grow(Math.ceil(missing / PAGE_BYTES));
    }
    return offsets;
  }

  /** Copies `count` values from `from` on to `offset`, as float32. */
  copyIn(offset: number, values: TypedArray, from: number, count: number) {
    new Float32Array(this.memory.buffer, offset, count)
        .set(values.subarray(from, from + count));
  }

  float32s(offset: number, count: number): Float32Array {
    return new Float32Array(this.memory.buffer, offset, count);
  }

  int32s(offset: number, count: number): Int32Array {
    return new Int32Array(this.memory.buffer, offset, count);
  }

  float64s(offset: number, count: number): Float64Array {
    return new Float64Array(this.memory.buffer, offset, count);
  }
}

const engineMemory =
    typeof WebAssembly === 'object' ? new EngineMemory() : null;

/**
 * Runs `run` over the batch in chunks of matrices of `matrixBytes` input
 * bytes each, when the engine is ready (true), else not at all (false).
 */
function inChunks(
    batch: number, matrixBytes: number,
    run: (engine: Engine, memory: EngineMemory, first: number, count: number) =>
        void): boolean {
  const engine = engineMemory && engineIn(engineMemory.memory);
  if (engineMemory == null || engine == null) {
    return false;
  }
  const perChunk = Math.max(1, Math.floor(CHUNK_BYTES / matrixBytes));
  for (let first = 0; first < batch; first += perChunk) {
    run(engine, engineMemory, first, Math.min(perChunk, batch - first));
  }
  return true;
}

/**
 * matrixInverseImpl's results by the engine, into `out`; false (nothing
 * written) while the engine is not ready.
 */
export function invertWithEngine(
    values: TypedArray, batch: number, n: number, adjoint: boolean,
    out: InverseBatch): boolean {
  const entries = n * n;
  return inChunks(batch, 4 * entries, (engine, memory, first, count) => {
    const [x, inverse, info, rcond, scratch] = memory.layOut([
      4 * count * entries, 4 * count * entries, 4 * count, 4 * count,
      engine.matrix_inverse_scratch_bytes(n)
    ]);
    memory.copyIn(x, values, first * entries, count * entries);
    engine.matrix_inverse(
        x, inverse, info, rcond, count, n, Number(adjoint), scratch);
    out.inverse.set(memory.float32s(inverse, count * entries), first * entries);
    out.info.set(memory.int32s(info, count), first);
    out.rcond.set(memory.float32s(rcond, count), first);
  });
}

/**
 * matrixSolveImpl's results by the engine, into `out`; false while the
 * engine is not ready.
 */
export function solveWithEngine(
    matrix: TypedArray, rhs: TypedArray, batch: number, n: number, k: number,
    adjoint: boolean,
    out: {solution: Float32Array, info: Int32Array}): boolean {
  return inChunks(batch, 4 * n * (n + k), (engine, memory, first, count) => {
    const [a, b, solution, info, scratch] = memory.layOut([
      4 * count * n * n, 4 * count * n * k, 4 * count * n * k, 4 * count,
      engine.matrix_solve_scratch_bytes(n, k)
    ]);
    memory.copyIn(a, matrix, first * n * n, count * n * n);
    memory.copyIn(b, rhs, first * n * k, count * n * k);
    engine.matrix_solve(
        a, b, solution, info, count, n, k, Number(adjoint), scratch);
    out.solution.set(memory.float32s(solution, count * n * k), first * n * k);
    out.info.set(memory.int32s(info, count), first);
  });
}

/**
 * factorEach's pivots and swaps by the engine, or null while it is not
 * ready.
 */
export function factorWithEngine(
    values: TypedArray, batch: number, n: number): Factored|null {
  const factored = {
    pivots: new Float64Array(batch * n),
    swaps: new Int32Array(batch),
  };
  const ran = inChunks(batch, 4 * n * n, (engine, memory, first, count) => {
    const [x, pivots, swaps, scratch] = memory.layOut([
      4 * count * n * n, 8 * count * n, 4 * count,
      engine.lu_pivots_scratch_bytes(n)
    ]);
    memory.copyIn(x, values, first * n * n, count * n * n);
    engine.lu_pivots(x, pivots, swaps, count, n, scratch);
    factored.pivots.set(memory.float64s(pivots, count * n), first * n);
    factored.swaps.set(memory.int32s(swaps, count), first);
  });
  return ran ? factored : null;
}

/**
 * matrixInverseGradImpl's results by the engine, into `dx`; false while the
 * engine is not ready.
 */
export function inverseGradWithEngine(
    y: TypedArray, dy: TypedArray, batch: number, n: number, adjoint: boolean,
    dx: Float32Array): boolean {
  const entries = n * n;
  return inChunks(batch, 8 * entries, (engine, memory, first, count) => {
    const [yIn, dyIn, dxOut, scratch] = memory.layOut([
      4 * count * entries, 4 * count * entries, 4 * count * entries,
      engine.matrix_inverse_grad_scratch_bytes(n)
    ]);
    memory.copyIn(yIn, y, first * entries, count * entries);
    memory.copyIn(dyIn, dy, first * entries, count * entries);
    engine.matrix_inverse_grad(
        yIn, dyIn, dxOut, count, n, Number(adjoint), scratch);
    dx.set(memory.float32s(dxOut, count * entries), first * entries);
  });
}

/**
 * Resolves to whether the engine runs here, once that is known: for tests and
 * benchmarks that must measure it rather than the JavaScript routines.
 */
export async function ownMemoryEngineReady(): Promise<boolean> {
  return engineMemory != null &&
      (await engineReadyIn(engineMemory.memory)) != null;
}
