/**
 * The one table of cases every backend runs, and the helpers cases share.
 * A case throws on failure; it needs no test framework, so the same code
 * runs in Node and in the browser.
 */
import * as tf from '@tensorflow/tfjs-core';

import {relativeError} from '../tools/reference';

export type CaseGroup = 'forward'|'gradient'|'singular'|'bad input'|'memory';

export interface TestCase {
  group: CaseGroup;
  name: string;
  run(): Promise<void>;
}

export const EPS32 = Math.pow(2, -24);

/**
 * How much worse than LAPACK's float32 route a backend may be on one matrix.
 * float32 LU implementations round in different orders (TensorFlow's Eigen
 * kernel was measured at up to 6x the emulated LAPACK error on a random 31x31
 * matrix), so one matrix's error is compared with some slack.
 */
export const LAPACK_FACTOR = 10;

/**
 * The cases by group, then by name, in the order they were added. A case is
 * known by its group and name together ('1x1' is a forward and a gradient
 * case): the webgl suite asks its page for a case by both.
 */
const table = new Map<CaseGroup, Map<string, TestCase>>();
export const casesByGroup:
    ReadonlyMap<CaseGroup, ReadonlyMap<string, TestCase>> = table;

/**
 * Throws on a second case of the same group and name, which would hide the
 * first.
 */
export function add(group: CaseGroup, name: string, run: () => Promise<void>) {
  let named = table.get(group);
  if (named == null) {
    named = new Map();
    table.set(group, named);
  }
  if (named.has(name)) {
    throw new Error(`Two cases are named '${group} › ${name}'`);
  }
  named.set(name, {group, name, run});
}

export function check(ok: boolean, message: () => string) {
  if (!ok) {
    throw new Error(message());
  }
}

export function checkClose(
    what: string, actual: ArrayLike<number>, expected: ArrayLike<number>,
    tolerance: number) {
  check(
      actual.length === expected.length,
      () => `${what}: ${actual.length} values, expected ${expected.length}`);
  const err = relativeError(actual, expected);
  check(
      err <= tolerance,
      () => `${what}: relative error ${err.toExponential(2)} > ` +
          `${tolerance.toExponential(2)}`);
}

export async function values(t: tf.Tensor): Promise<Float64Array> {
  return Float64Array.from(await t.data() as Float32Array);
}

/** Matrix b of a flat batch. */
export function matrixAt(
    flat: ArrayLike<number>, b: number, n: number): Float64Array {
  return Float64Array.from({length: n * n}, (_, k) => flat[b * n * n + k]);
}

export function checkThrows(fn: () => unknown, pattern: RegExp) {
  let message = '';
  try {
    fn();
  } catch (e) {
    message = (e as Error).message;
  }
  check(
      pattern.test(message),
      () => `expected an error matching ${pattern}, got '${message}'`);
}

// ---------------------------------------------------------------- matrices

/** One tensor from row-major blocks of equal size (matrices, or n x k). */
export function tensorOf(
    blocks: ArrayLike<number>[], shape: number[]): tf.Tensor {
  const size = shape[shape.length - 2] * shape[shape.length - 1];
  const flat = new Float32Array(blocks.length * size);
  blocks.forEach((block, i) => flat.set(block, i * size));
  return tf.tensor(flat, shape);
}

/** Sizes on both sides of the elimination's 8-column panels. */
export const SINGULAR_SIZES = [2, 3, 5, 8, 9, 16, 17, 33, 40];

/**
 * Row pairs (from, to): the first and last, neighbours, and each pair
 * across a panel edge.
 */
export function equalRowPairs(n: number): Array<[number, number]> {
  const pairs: Array<[number, number]> =
      [[0, n - 1], [n - 1, 0], [n - 2, n - 1]];
  for (let edge = 8; edge < n; edge += 8) {
    pairs.push([edge - 1, edge], [edge, edge - 3]);
  }
  return pairs;
}

/** A copy of `m` with row `from` copied over row `to`. */
export function withRowCopied(
    m: Float64Array, n: number, from: number, to: number) {
  const c = Float64Array.from(m);
  c.copyWithin(to * n, from * n, from * n + n);
  return c;
}

export function withZeroRow(m: Float64Array, n: number, row: number) {
  const c = Float64Array.from(m);
  c.fill(0, row * n, row * n + n);
  return c;
}

async function readAndDispose(results: tf.Tensor[]) {
  for (const t of results) await t.data();
  tf.dispose(results);
}

/**
 * Runs `step` (after a warm-up: backends may cache programs or buffers)
 * and checks that tensors, data buffers and GPU bytes are back where they
 * were once its results are disposed. Every run's results are read before
 * they are disposed: webgpu frees a buffer its queued work uses only once
 * that work is submitted, which a read does.
 */
export async function checkNoLeak(step: () => tf.Tensor[]) {
  await readAndDispose(step());
  const before = tf.memory() as tf.MemoryInfo & {numBytesInGPU?: number};
  for (let i = 0; i < 2; i++) {
    await readAndDispose(step());
  }
  const after = tf.memory() as tf.MemoryInfo & {numBytesInGPU?: number};
  check(
      after.numTensors === before.numTensors,
      () => `tensors ${before.numTensors} -> ${after.numTensors}`);
  check(
      after.numDataBuffers === before.numDataBuffers,
      () => `data buffers ${before.numDataBuffers} -> ${after.numDataBuffers}`);
  check(
      after.numBytesInGPU === before.numBytesInGPU,
      () => `GPU bytes ${before.numBytesInGPU} -> ${after.numBytesInGPU}`);
}
