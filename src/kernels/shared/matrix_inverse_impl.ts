import type {TypedArray} from '@tensorflow/tfjs-core';

import {GaussJordan} from './gauss_jordan';
import {oneNorm} from './matrix_product';

/**
 * Batched matrix inverse by Gauss-Jordan elimination with partial pivoting
 * (the package's one elimination, gauss_jordan.ts), on flat typed arrays, so
 * every backend can reuse it. Each matrix is inverted in place in a float64
 * work matrix: that is faster in JavaScript than float32 (no conversions)
 * and makes the float32 result the rounding of an almost exact inverse.
 */
export function matrixInverseImpl(
    values: TypedArray, batch: number, n: number, adjoint: boolean):
    {inverse: Float32Array, info: Int32Array, rcond: Float32Array} {
  const inverse = new Float32Array(batch * n * n);
  const info = new Int32Array(batch);
  const rcond = new Float32Array(batch);
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
  return {inverse, info, rcond};
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
