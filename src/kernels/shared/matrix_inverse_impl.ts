import type {TypedArray} from '@tensorflow/tfjs-core';

import {invertWithEngine} from '../wasm/own_memory_engine';

import {GaussJordan} from './gauss_jordan';
import {oneNorm} from './matrix_product';
import {smallMatrixInverses} from './small_inverses';

/**
 * The outputs of a batch of inverses. They are float32; tests pass float64
 * arrays to compare loops before that rounding.
 */
export interface InverseBatch {
  /** batch * n * n entries; all NaN for a matrix whose info is not 0. */
  inverse: Float32Array|Float64Array;
  /** 0, or the 1-based step whose pivot was zero or not finite. */
  info: Int32Array;
  /** 1 / (|A|_1 |A^-1|_1); 0 where info is not 0. */
  rcond: Float32Array|Float64Array;
}

/**
 * Fills `out` (fresh: zeros) with the inverses of the `batch` matrices of
 * one size in `values`.
 */
export type BatchInverse =
    (values: TypedArray, batch: number, adjoint: boolean, out: InverseBatch) =>
        void;

/**
 * Batched matrix inverse by Gauss-Jordan elimination with partial pivoting
 * (the package's one elimination, gauss_jordan.ts), on flat typed arrays, so
 * every backend can reuse it. Matrices up to 4 x 4 take the same elimination
 * written out over local variables (small_inverses.ts, generated): the
 * general loop would spend most of their time on loop control and its work
 * matrix. Larger ones go to the WebAssembly engine once it is ready
 * (own_memory_engine.ts). The results are the same to the bit.
 */
export function matrixInverseImpl(
    values: TypedArray, batch: number, n: number, adjoint: boolean):
    {inverse: Float32Array, info: Int32Array, rcond: Float32Array} {
  const out = {
    inverse: new Float32Array(batch * n * n),
    info: new Int32Array(batch),
    rcond: new Float32Array(batch),
  };
  matrixInverseInto(values, batch, n, adjoint, out);
  return out;
}

/**
 * matrixInverseImpl into arrays of the caller's (views of a wasm heap, say),
 * which may hold anything: every entry is written.
 */
export function matrixInverseInto(
    values: TypedArray, batch: number, n: number, adjoint: boolean,
    out: InverseBatch) {
  // The batch loops write info only where it is not 0, rcond only where it
  // is.
  out.info.fill(0);
  out.rcond.fill(0);
  const invertSmall = smallMatrixInverses[n];
  if (invertSmall != null) {
    invertSmall(values, batch, adjoint, out);
  } else if (!invertWithEngine(values, batch, n, adjoint, out)) {
    invertEach(values, batch, n, adjoint, out);
  }
}

/**
 * The general batch loop, for any n: each matrix is inverted in place in a
 * float64 work matrix. That is faster in JavaScript than float32 (no
 * conversions) and makes the float32 result the rounding of an almost exact
 * inverse.
 */
export function invertEach(
    values: TypedArray, batch: number, n: number, adjoint: boolean,
    {inverse, info, rcond}: InverseBatch) {
  const work = new GaussJordan(n);
  for (let b = 0; b < batch; b++) {
    const offset = b * n * n;
    work.load(values, offset, adjoint);
    const normA = oneNorm(work.a, 0, n, false);
    info[b] = work.invertInPlace();
    if (info[b] === 0) {
      inverse.set(work.a, offset);
      rcond[b] = 1 / (normA * oneNorm(work.a, 0, n, false));
    } else {
      inverse.fill(NaN, offset, offset + n * n);
    }
  }
}

/**
 * rcond per matrix from an inverse computed elsewhere: 1 / (|A|_1 |Y|_1),
 * with A the matrix at each offset of `a` (transposed if asked) and Y the
 * matching matrix of `y`.
 */
export function reciprocalConditionNumbers(
    a: TypedArray, y: TypedArray, batch: number, n: number,
    transpose: boolean): Float32Array {
  return Float32Array.from(
      {length: batch},
      (_, b) => 1 /
          (oneNorm(a, b * n * n, n, transpose) *
           oneNorm(y, b * n * n, n, false)));
}
