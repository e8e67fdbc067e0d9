import type {TypedArray} from '@tensorflow/tfjs-core';

/**
 * Row-major n x n float64 matrices for the cpu routines: loading one from a
 * tensor's values, and products, register-blocked: the inner loop updates two
 * rows of c at once from eight rows of b, so each b entry loaded serves two
 * rows and each c entry loaded takes eight terms (eight measured 10-15%
 * faster than four; the panels and sweeps are multiples of eight).
 */

/** out = the n x n matrix at `offset` of `values`, transposed if asked. */
export function loadMatrix(
    out: Float64Array, values: TypedArray, offset: number, n: number,
    transpose: boolean) {
  if (!transpose) {
    for (let k = 0; k < n * n; k++) {
      out[k] = values[offset + k];
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      out[i * n + j] = values[offset + j * n + i];
    }
  }
}

/**
 * The 1-norm, max_j sum_i |a[i][j]|, of the n x n matrix at `offset` of
 * `values` (of its transpose if asked). It gives rcond = 1 / (|A|_1 |A^-1|_1)
 * from the inverse itself: exact for the inverse returned, where LAPACK's
 * gecon estimates it.
 */
export function oneNorm(
    values: ArrayLike<number>, offset: number, n: number,
    transpose: boolean): number {
  return transpose ? maxRowSum(values, offset, n) :
                     maxColumnSum(values, offset, n);
}

/** Column sums, grown on demand and reused: no allocation per matrix. */
let columnSums = new Float64Array(0);

/**
 * max_j sum_i |a[i][j]|, reading rows in memory order: a column at a time
 * would stride through memory, which costs several times as much for large
 * n. Each column is still summed in order of i.
 */
function maxColumnSum(
    values: ArrayLike<number>, offset: number, n: number): number {
  if (columnSums.length < n) {
    columnSums = new Float64Array(n);
  }
  const sums = columnSums;
  sums.fill(0, 0, n);
  // Four rows per pass over the sums, added in order of i.
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const row = offset + i * n;
    for (let j = 0; j < n; j++) {
      const k = row + j;
      sums[j] = sums[j] + Math.abs(values[k]) + Math.abs(values[k + n]) +
          Math.abs(values[k + 2 * n]) + Math.abs(values[k + 3 * n]);
    }
  }
  for (; i < n; i++) {
    const row = offset + i * n;
    for (let j = 0; j < n; j++) {
      sums[j] += Math.abs(values[row + j]);
    }
  }
  let norm = 0;
  for (let j = 0; j < n; j++) {
    norm = Math.max(norm, sums[j]);
  }
  return norm;
}

/** max_i sum_j |a[i][j]|: the 1-norm of the transpose. */
function maxRowSum(
    values: ArrayLike<number>, offset: number, n: number): number {
  let norm = 0;
  for (let i = 0; i < n; i++) {
    const row = offset + i * n;
    let sum = 0;
    for (let j = 0; j < n; j++) {
      sum += Math.abs(values[row + j]);
    }
    norm = Math.max(norm, sum);
  }
  return norm;
}

/**
 * c[i][l] += sum_{q < width} a[i][aColumn + q] * b[bRow + q][l], for rows i
 * in [i0, i1) and columns l in [from, to). c may be a, as long as the
 * columns written are not the columns read.
 *
 * Every row gets the same arithmetic in the same order, whether it is
 * updated in a pair or alone: two equal rows must stay bit-for-bit equal
 * (the elimination relies on it to flag them).
 */
export function addProduct(
    c: Float64Array, a: Float64Array, aColumn: number, b: Float64Array,
    bRow: number, n: number, i0: number, i1: number, width: number,
    from: number, to: number) {
  let i = i0;
  for (; i + 2 <= i1; i += 2) {
    const x = i * n;
    const y = x + n;
    const ax = x + aColumn;
    const ay = y + aColumn;
    let q = 0;
    for (; q + 8 <= width; q += 8) {
      const x0 = a[ax + q], x1 = a[ax + q + 1];
      const x2 = a[ax + q + 2], x3 = a[ax + q + 3];
      const x4 = a[ax + q + 4], x5 = a[ax + q + 5];
      const x6 = a[ax + q + 6], x7 = a[ax + q + 7];
      const y0 = a[ay + q], y1 = a[ay + q + 1];
      const y2 = a[ay + q + 2], y3 = a[ay + q + 3];
      const y4 = a[ay + q + 4], y5 = a[ay + q + 5];
      const y6 = a[ay + q + 6], y7 = a[ay + q + 7];
      const r0 = (bRow + q) * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
      const r4 = r3 + n, r5 = r4 + n, r6 = r5 + n, r7 = r6 + n;
      for (let l = from; l < to; l++) {
        const s0 = b[r0 + l], s1 = b[r1 + l], s2 = b[r2 + l], s3 = b[r3 + l];
        const s4 = b[r4 + l], s5 = b[r5 + l], s6 = b[r6 + l], s7 = b[r7 + l];
        c[x + l] += x0 * s0 + x1 * s1 + x2 * s2 + x3 * s3 + x4 * s4 + x5 * s5 +
            x6 * s6 + x7 * s7;
        c[y + l] += y0 * s0 + y1 * s1 + y2 * s2 + y3 * s3 + y4 * s4 + y5 * s5 +
            y6 * s6 + y7 * s7;
      }
    }
    for (; q < width; q++) {
      addScaledRow(c, x, a[ax + q], b, (bRow + q) * n, from, to);
      addScaledRow(c, y, a[ay + q], b, (bRow + q) * n, from, to);
    }
  }
  if (i < i1) {
    addProductToRow(c, a, aColumn, b, bRow, n, i, width, from, to);
  }
}

/** addProduct for the single row i, with the same arithmetic per row. */
function addProductToRow(
    c: Float64Array, a: Float64Array, aColumn: number, b: Float64Array,
    bRow: number, n: number, i: number, width: number, from: number,
    to: number) {
  const x = i * n;
  const ax = x + aColumn;
  let q = 0;
  for (; q + 8 <= width; q += 8) {
    const x0 = a[ax + q], x1 = a[ax + q + 1];
    const x2 = a[ax + q + 2], x3 = a[ax + q + 3];
    const x4 = a[ax + q + 4], x5 = a[ax + q + 5];
    const x6 = a[ax + q + 6], x7 = a[ax + q + 7];
    const r0 = (bRow + q) * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
    const r4 = r3 + n, r5 = r4 + n, r6 = r5 + n, r7 = r6 + n;
    for (let l = from; l < to; l++) {
      c[x + l] += x0 * b[r0 + l] + x1 * b[r1 + l] + x2 * b[r2 + l] +
          x3 * b[r3 + l] + x4 * b[r4 + l] + x5 * b[r5 + l] + x6 * b[r6 + l] +
          x7 * b[r7 + l];
    }
  }
  for (; q < width; q++) {
    addScaledRow(c, x, a[ax + q], b, (bRow + q) * n, from, to);
  }
}

/** Rows of b streamed per sweep over c: 64 rows of 8 bytes stay in cache. */
const ROWS_PER_SWEEP = 64;

/** c = a b. */
export function multiply(
    c: Float64Array, a: Float64Array, b: Float64Array, n: number) {
  c.fill(0);
  for (let q = 0; q < n; q += ROWS_PER_SWEEP) {
    addProduct(c, a, q, b, q, n, 0, n, Math.min(ROWS_PER_SWEEP, n - q), 0, n);
  }
}

/** c[x + l] += f * b[bOffset + l] for l in [from, to). */
function addScaledRow(
    c: Float64Array, x: number, f: number, b: Float64Array, bOffset: number,
    from: number, to: number) {
  for (let l = from; l < to; l++) {
    c[x + l] += f * b[bOffset + l];
  }
}
