import type {TypedArray} from '@tensorflow/tfjs-core';

import {addProduct, loadMatrix} from './matrix_product';

/**
 * Gauss-Jordan elimination with partial pivoting on one float64 matrix at a
 * time: the one elimination every cpu routine of the package runs, so the
 * pivoting, the multipliers and `info` are written once.
 *
 * Each step records its pivot row and its pivot, so the row swaps (their
 * parity) and the pivots outlive the elimination: a determinant is their
 * signed product, and solving A X = B is the same row operations carried
 * along columns of B. invertInPlace() replaces A by its inverse, storing the
 * eliminated identity's columns where A's columns were.
 *
 * Matrices wider than one panel are eliminated a panel of columns at a time,
 * and the rest of the matrix gets the panel's combined effect as one
 * register-blocked rank-k update, which keeps the hot loop in cache (blocked
 * Gauss-Jordan, the same algebra as a Schur complement update).
 */

/**
 * Columns eliminated together before the rest of the matrix is updated. Narrow
 * panels measured fastest here: the panel itself is eliminated column by
 * column, and 8 columns already make the update loop compute-bound.
 */
const PANEL = 8;

/**
 * Buffers for eliminating one matrix after another, allocated once per call
 * so the loops allocate nothing.
 */
export class GaussJordan {
  /** The matrix, row-major, n x n; its inverse after invertInPlace(). */
  readonly a: Float64Array;
  /** pivotRow[j]: the row swapped with row j at step j. */
  readonly pivotRow: Int32Array;
  /** pivots[j]: the pivot of step j, before it divided its row. */
  readonly pivots: Float64Array;
  /** The panel's rows as they were before the panel was eliminated. */
  private readonly panelRows: Float64Array;

  constructor(private readonly n: number) {
    this.a = new Float64Array(n * n);
    this.pivotRow = new Int32Array(n);
    this.pivots = new Float64Array(n);
    this.panelRows = new Float64Array(Math.min(PANEL, n) * n);
  }

  /** A = the n x n matrix at `offset` of `values`, transposed if asked. */
  load(values: TypedArray, offset: number, transpose: boolean) {
    loadMatrix(this.a, values, offset, this.n, transpose);
  }

  /**
   * Replaces A by its inverse. Returns 0, or the 1-based step whose pivot
   * was zero or not finite (the matrix is then left unfinished).
   */
  invertInPlace(): number {
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
   *
   * Each multiplier is formed by division, l = a[i][j] / pivot, and l times
   * the pivot row as it is (not yet divided by the pivot) is subtracted. A
   * row equal to the pivot row then gets l = 1 exactly and cancels to exact
   * zeros, so a matrix with two equal rows always meets a zero pivot; rows
   * that are equal get the same operations until then, here and in the
   * update outside the panel.
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
      this.pivots[j] = pivot;
      this.swapRows(j, p, 0, k1);
      const rowJ = j * n;
      // Column j of the identity, carried in place: row i ends with -l.
      a[rowJ + j] = 1;
      for (let i = 0; i < n; i++) {
        if (i === j) {
          continue;
        }
        // No shortcut for l = 0: 0 * NaN must stay NaN, as in LAPACK, so
        // that a non-finite entry reaches a pivot and is reported.
        const rowI = i * n;
        const l = a[rowI + j] / pivot;
        a[rowI + j] = 0;
        for (let c = k0; c < k1; c++) {
          a[rowI + c] -= l * a[rowJ + c];
        }
      }
      for (let c = k0; c < k1; c++) {
        a[rowJ + c] /= pivot;
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
    addProduct(a, a, k0, r, 0, n, 0, n, width, 0, k0);
    addProduct(a, a, k0, r, 0, n, 0, n, width, k1, n);
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
