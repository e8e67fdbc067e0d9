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
