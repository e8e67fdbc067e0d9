/**
 * Products of row-major n x n float64 matrices, register-blocked: the inner
 * loop updates two rows of c at once from four rows of b, so each b entry
 * loaded serves two rows and each c entry loaded takes four terms.
 */

/**
 * c[i][l] += sum_{q < width} a[i][aColumn + q] * b[bRow + q][l], for rows i
 * in [i0, i1) and columns l in [from, to). c may be a, as long as the
 * columns written are not the columns read.
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
    for (; q + 4 <= width; q += 4) {
      const x0 = a[ax + q], x1 = a[ax + q + 1];
      const x2 = a[ax + q + 2], x3 = a[ax + q + 3];
      const y0 = a[ay + q], y1 = a[ay + q + 1];
      const y2 = a[ay + q + 2], y3 = a[ay + q + 3];
      const r0 = (bRow + q) * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
      for (let l = from; l < to; l++) {
        const s0 = b[r0 + l], s1 = b[r1 + l], s2 = b[r2 + l], s3 = b[r3 + l];
        c[x + l] += x0 * s0 + x1 * s1 + x2 * s2 + x3 * s3;
        c[y + l] += y0 * s0 + y1 * s1 + y2 * s2 + y3 * s3;
      }
    }
    for (; q < width; q++) {
      addScaledRow(c, x, a[ax + q], b, (bRow + q) * n, from, to);
      addScaledRow(c, y, a[ay + q], b, (bRow + q) * n, from, to);
    }
  }
  for (; i < i1; i++) {
    for (let q = 0; q < width; q++) {
      addScaledRow(c, i * n, a[i * n + aColumn + q], b, (bRow + q) * n, from, to);
    }
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
