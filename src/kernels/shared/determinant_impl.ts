import type {TypedArray} from '@tensorflow/tfjs-core';

import {factorWithEngine} from '../wasm/own_memory_engine';

import {GaussJordan} from './gauss_jordan';

/**
 * det of each of the `batch` n x n matrices of `values`: the signed product
 * of the pivots of the package's one elimination (gauss_jordan.ts, rows
 * below each pivot only), in float64. Exactly 0 where a pivot is exactly 0;
 * NaN where the matrix has a non-finite entry, whatever its pivots.
 */
export function determinantImpl(
    values: TypedArray, batch: number, n: number): Float32Array {
  return determinantsFrom(factor(values, batch, n), n);
}

/**
 * sign(det) and log|det| of each matrix, from the same pivots: sign 0 and
 * log|det| -Infinity where a pivot is exactly 0, NaN for both where the
 * matrix has a non-finite entry.
 */
export function logDeterminantImpl(
    values: TypedArray, batch: number,
    n: number): {sign: Float32Array, logAbsDeterminant: Float32Array} {
  return logDeterminantsFrom(factor(values, batch, n), n);
}

/**
 * What a determinant reads off each matrix's elimination: its n pivots
 * (pivots from a zero one on are 0, so any product is 0) and its number of
 * row swaps, -1 for a matrix with a non-finite entry or whose float64
 * elimination overflowed. The wasm engine's lu_pivots fills the same
 * arrays.
 */
export interface Factored {
  pivots: Float64Array;
  swaps: Int32Array;
}

/** The determinants of factored matrices. */
export function determinantsFrom(factored: Factored, n: number): Float32Array {
  return Float32Array.from(eachRead(factored, n, signedPivotProduct, NaN));
}

/** sign(det) and log|det| of factored matrices. */
export function logDeterminantsFrom(factored: Factored, n: number):
    {sign: Float32Array, logAbsDeterminant: Float32Array} {
  const logs = eachRead(factored, n, signAndLogAbs, [NaN, NaN]);
  return {
    sign: Float32Array.from(logs, ([sign]) => sign),
    logAbsDeterminant: Float32Array.from(logs, ([, logAbs]) => logAbs),
  };
}

/** What a determinant routine reads off one matrix's elimination. */
export type FromPivots<T> = (pivots: Float64Array, swaps: number) => T;

/** `read` of each factored matrix, `nonFinite` where it had swaps -1. */
function eachRead<T>(
    {pivots, swaps}: Factored, n: number, read: FromPivots<T>,
    nonFinite: T): T[] {
  return Array.from(
      swaps,
      (count, b) => count < 0 ? nonFinite :
                                read(pivots.subarray(b * n, b * n + n), count));
}

/**
 * The pivots and swaps of each matrix: by the WebAssembly engine once it is
 * ready (own_memory_engine.ts), else by factorEach, the same to the bit.
 */
function factor(values: TypedArray, batch: number, n: number): Factored {
  return factorWithEngine(values, batch, n) ?? factorEach(values, batch, n);
}

/** Eliminates each matrix (rows below each pivot only) for its pivots. */
export function factorEach(
    values: TypedArray, batch: number, n: number): Factored {
  const work = new GaussJordan(n);
  const pivots = new Float64Array(batch * n);
  const swaps = new Int32Array(batch);
  for (let b = 0; b < batch; b++) {
    const offset = b * n * n;
    swaps[b] = -1;
    if (!allFinite(values, offset, offset + n * n)) {
      continue;
    }
    work.load(values, offset, false);
    work.pivots.fill(0);
    const info = work.reduceInPlace();
    if (info !== 0 && work.a[(info - 1) * (n + 1)] !== 0) {
      continue;
    }
    // Steps from the zero pivot on did not run: their swaps do not count.
    const steps = info === 0 ? n : info - 1;
    swaps[b] = 0;
    for (let j = 0; j < steps; j++) {
      swaps[b] += work.pivotRow[j] === j ? 0 : 1;
    }
    pivots.set(work.pivots, b * n);
  }
  return {pivots, swaps};
}

function allFinite(values: TypedArray, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    if (!isFinite(values[k])) {
      return false;
    }
  }
  return true;
}

/**
 * Partial products are kept within float64's range by exact powers of two
 * (2^±512), so a determinant that float32 can hold is not lost to an
 * overflow or underflow on the way.
 */
export const signedPivotProduct: FromPivots<number> = (pivots, swaps) => {
  let product = swaps % 2 === 0 ? 1 : -1;
  let exponent = 0;
  for (const pivot of pivots) {
    product *= pivot;
    const magnitude = Math.abs(product);
    if (magnitude > TWO_TO_512) {
      product /= TWO_TO_512;
      exponent += 512;
    } else if (magnitude < 1 / TWO_TO_512 && magnitude > 0) {
      product *= TWO_TO_512;
      exponent -= 512;
    }
  }
  if (product === 0) {
    return 0;
  }
  for (; exponent > 0; exponent -= 512) {
    product *= TWO_TO_512;
  }
  for (; exponent < 0; exponent += 512) {
    product /= TWO_TO_512;
  }
  return product;
};

const TWO_TO_512 = Math.pow(2, 512);

export const signAndLogAbs: FromPivots<[number, number]> = (pivots, swaps) => {
  let sign = swaps % 2 === 0 ? 1 : -1;
  let logAbs = 0;
  for (const pivot of pivots) {
    sign *= Math.sign(pivot);
    logAbs += Math.log(Math.abs(pivot));
  }
  // + 0 makes a -0 sign 0.
  return [sign + 0, logAbs];
};
