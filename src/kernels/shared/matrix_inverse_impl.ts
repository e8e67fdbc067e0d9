import type {TypedArray} from '@tensorflow/tfjs-core';

/**
 * Batched matrix inverse by Gauss-Jordan elimination with partial pivoting,
 * on flat typed arrays, so every backend can reuse it.
 *
 * Each matrix is inverted in place in a float64 work matrix: that is faster in
 * JavaScript than float32 (no conversions) and makes the float32 result the
 * rounding of an almost exact inverse. Matrices wider than one panel are
 * eliminated a panel of columns at a time, and the rest of the matrix gets the
 * panel's combined effect as one register-blocked rank-k update, which keeps
 * the hot loop in cache (blocked Gauss-Jordan, the same algebra as a Schur
 * complement update).
 */
export function matrixInverseImpl(
    values: TypedArray, batch: number, n: number,
    adjoint: boolean): {inverse: Float32Array, info: Int32Array} {
  const inverse = new Float32Array(batch * n * n);
  const info = new Int32Array(batch);
  const work = new MatrixInverseWork(n);
  for (let b = 0; b < batch; b++) {
    const offset = b * n * n;
    work.load(values, offset, adjoint);
    info[b] = work.invert();
    if (info[b] === 0) {
      work.store(inverse, offset);
    } else {
      inverse.fill(NaN, offset, offset + n * n);
    }
  }
  return {inverse, info};
}

/**
 * Columns eliminated together before the rest of the matrix is updated. Narrow
 * panels measured fastest here: the panel itself is eliminated column by
 * column, and 8 columns already make the update loop compute-bound.
 */
const PANEL = 8;

/**
 * Buffers for inverting one n x n matrix after another, allocated once per
 * call so the loops allocate nothing.
 */
class MatrixInverseWork {
  /** The matrix being inverted, row-major; holds the inverse when done. */
  private readonly a: Float64Array;
  /** pivotRow[j]: the row swapped with row j at step j. */
  private readonly pivotRow: Int32Array;
  /** The panel's rows as they were before the panel was eliminated. */
  private readonly panelRows: Float64Array;

  constructor(private readonly n: number) {
    this.a = new Float64Array(n * n);
    this.pivotRow = new Int32Array(n);
    this.panelRows = new Float64Array(Math.min(PANEL, n) * n);
  }

  load(values: TypedArray, offset: number, transpose: boolean) {
    const {a, n} = this;
    if (!transpose) {
      for (let k = 0; k < n * n; k++) {
        a[k] = values[offset + k];
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        a[i * n + j] = values[offset + j * n + i];
      }
    }
  }

  store(out: Float32Array, offset: number) {
    out.set(this.a, offset);
  }

  /**
   * Replaces the work matrix by its inverse. Returns 0, or the 1-based step
   * whose pivot was zero or not finite (the matrix is then left unfinished).
   */
  invert(): number {
    const n = this.n;
    for (let k0 = 0; k0 < n; k0 += PANEL) {
      const k1 = Math.min(k0 + PANEL, n);
      const info = this.eliminatePanel(k0, k1);
      if (info !== 0) {
        return info;
      }
      if (k1 - k0 < n) {
        this.updateOutsidePanel(k0, k1);
      }
    }
    this.undoPivotingAsColumnSwaps();
    return 0;
  }

  /**
   * Gauss-Jordan steps k0..k1-1 restricted to the panel columns [k0, k1):
   * afterwards the panel holds its columns of the in-place inverse. Columns
   * after the panel are left for updateOutsidePanel, row swaps included.
   */
  private eliminatePanel(k0: number, k1: number): number {
    const {a, n} = this;
    for (let j = k0; j < k1; j++) {
      const p = this.findPivotRow(j);
      const pivot = a[p * n + j];
      if (pivot === 0 || !isFinite(pivot)) {
        return j + 1;
      }
      this.pivotRow[j] = p;
      this.swapRows(j, p, 0, k1);
      const rowJ = j * n;
      const scale = 1 / pivot;
      a[rowJ + j] = 1;
      for (let l = k0; l < k1; l++) {
        a[rowJ + l] *= scale;
      }
      for (let i = 0; i < n; i++) {
        if (i === j) {
          continue;
        }
        // No shortcut for factor 0: 0 * NaN must stay NaN, as in LAPACK, so
        // that a non-finite entry reaches a pivot and is reported.
        const rowI = i * n;
        const factor = a[rowI + j];
        a[rowI + j] = 0;
        for (let l = k0; l < k1; l++) {
          a[rowI + l] -= factor * a[rowJ + l];
        }
      }
    }
    return 0;
  }

  /** Largest |a[i][j]| for i >= j; a NaN wins so that it is reported. */
  private findPivotRow(j: number): number {
    const {a, n} = this;
    let best = -1;
    let row = j;
    for (let i = j; i < n; i++) {
      const v = Math.abs(a[i * n + j]);
      if (v !== v) {
        return i;
      }
      if (v > best) {
        best = v;
        row = i;
      }
    }
    return row;
  }

  /** Swaps rows i and p in the columns [from, to). */
  private swapRows(i: number, p: number, from: number, to: number) {
    if (i === p) {
      return;
    }
    const {a, n} = this;
    const ri = i * n;
    const rp = p * n;
    for (let l = from; l < to; l++) {
      const t = a[ri + l];
      a[ri + l] = a[rp + l];
      a[rp + l] = t;
    }
  }

  /**
   * Applies the panel's steps to every column outside it. With D the pivot
   * block, the panel now holds D^-1 in its rows K and -A[I,K] D^-1 in the
   * other rows I, so with R = A[K, outside] as it was before the panel:
   *   A[K, outside] = D^-1 R   and   A[I, outside] += (-A[I,K] D^-1) R,
   * one rank-k update. Swapping the later columns only now is exact: the
   * panel's multipliers were swapped along with their rows.
   */
  private updateOutsidePanel(k0: number, k1: number) {
    const {a, n, panelRows: r} = this;
    const width = k1 - k0;
    for (let j = k0; j < k1; j++) {
      this.swapRows(j, this.pivotRow[j], k1, n);
    }
    for (let q = 0; q < width; q++) {
      const row = (k0 + q) * n;
      r.set(a.subarray(row, row + n), q * n);
      a.fill(0, row, row + k0);
      a.fill(0, row + k1, row + n);
    }
    addPanelProduct(a, n, 0, n, k0, r, width, 0, k0);
    addPanelProduct(a, n, 0, n, k0, r, width, k1, n);
  }

  /** Row swaps of the elimination become column swaps of the inverse. */
  private undoPivotingAsColumnSwaps() {
    const {a, n} = this;
    for (let j = n - 1; j >= 0; j--) {
      const p = this.pivotRow[j];
      if (p === j) {
        continue;
      }
      for (let i = 0; i < n; i++) {
        const row = i * n;
        const t = a[row + j];
        a[row + j] = a[row + p];
        a[row + p] = t;
      }
    }
  }
}

/**
 * a[i][l] += sum_q a[i][k0 + q] * r[q][l] for rows i in [i0, i1) and columns
 * l in [from, to). The register block is two rows by four panel columns:
 * each r entry loaded serves two rows, each a entry loaded takes four terms.
 */
function addPanelProduct(
    a: Float64Array, n: number, i0: number, i1: number, k0: number,
    r: Float64Array, width: number, from: number, to: number) {
  let i = i0;
  for (; i + 2 <= i1; i += 2) {
    const x = i * n;
    const y = x + n;
    let q = 0;
    for (; q + 4 <= width; q += 4) {
      const x0 = a[x + k0 + q], x1 = a[x + k0 + q + 1];
      const x2 = a[x + k0 + q + 2], x3 = a[x + k0 + q + 3];
      const y0 = a[y + k0 + q], y1 = a[y + k0 + q + 1];
      const y2 = a[y + k0 + q + 2], y3 = a[y + k0 + q + 3];
      const r0 = q * n, r1 = r0 + n, r2 = r1 + n, r3 = r2 + n;
      for (let l = from; l < to; l++) {
        const s0 = r[r0 + l], s1 = r[r1 + l], s2 = r[r2 + l], s3 = r[r3 + l];
        a[x + l] += x0 * s0 + x1 * s1 + x2 * s2 + x3 * s3;
        a[y + l] += y0 * s0 + y1 * s1 + y2 * s2 + y3 * s3;
      }
    }
    for (; q < width; q++) {
      addScaledRow(a, x, a[x + k0 + q], r, q * n, from, to);
      addScaledRow(a, y, a[y + k0 + q], r, q * n, from, to);
    }
  }
  for (; i < i1; i++) {
    for (let q = 0; q < width; q++) {
      addScaledRow(a, i * n, a[i * n + k0 + q], r, q * n, from, to);
    }
  }
}

/** a[x + l] += f * r[rq + l] for l in [from, to). */
function addScaledRow(
    a: Float64Array, x: number, f: number, r: Float64Array, rq: number,
    from: number, to: number) {
  for (let l = from; l < to; l++) {
    a[x + l] += f * r[rq + l];
  }
}
