/**
 * The matrices every contender works on, and checks of what it returned,
 * against the input or a float64 reference, so that a fast wrong answer
 * cannot win.
 */
import {LuDecomposition, Matrix} from 'ml-matrix';

import {seededRandom} from '../tools/random';

export interface MatrixBatch {
  n: number;
  batch: number;
  /** batch * n * n float32 values, row-major, matrix after matrix. */
  values: Float32Array;
}

/**
 * Random, strictly diagonally dominant matrices: well conditioned, and the
 * ops baseline (Gauss-Jordan without pivoting) is stable on them. Seeded, so
 * every run and every contender sees the same numbers.
 */
export function makeMatrixBatch(
    n: number, batch: number, seed = 1): MatrixBatch {
  const random = seededRandom(seed + 7919 * n);
  const values = new Float32Array(batch * n * n);
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        values[(b * n + i) * n + j] = random() / 2 + (i === j ? n : 0);
      }
    }
  }
  return {n, batch, values};
}

/** n x k right-hand sides for each matrix of the batch. */
export interface LinearSystems extends MatrixBatch {
  k: number;
  /** batch * n * k float32 values, row-major, block after block. */
  rhs: Float32Array;
}

/**
 * makeMatrixBatch's matrices divided by n (exactly, for n a power of two):
 * unit diagonal and entries below 1 / (2n) elsewhere, so that their
 * determinants fit float32 (those of the undivided ones, near n^n, do not).
 * With right-hand sides uniform in [-1, 1).
 */
export function makeLinearSystems(
    n: number, batch: number, k: number): LinearSystems {
  const values = makeMatrixBatch(n, batch).values.map(v => v / n);
  const rhs = randomValues(batch * n * k, 7919 * n + k);
  return {n, batch, values, k, rhs};
}

/** Uniform numbers in [-1, 1), for the weights of the gradient benchmark. */
export function randomValues(size: number, seed: number): Float32Array {
  return Float32Array.from({length: size}, seededRandom(seed));
}

/**
 * How a contender's result is checked: `error` takes the input and the
 * first matrix's results (every output's first entries, in order), and
 * measures what `measure` names.
 */
export interface Check<I extends MatrixBatch> {
  measure: string;
  error(input: I, result: ArrayLike<number>): number;
}

export const inverseCheck: Check<MatrixBatch> = {
  measure: 'max |A X - I|',
  error: (input, inverse) =>
      residual(input, inverse, input.n, (i, j) => i === j ? 1 : 0),
};

export const solveCheck: Check<LinearSystems> = {
  measure: 'max |A x - b|',
  error: (input, solution) =>
      residual(input, solution, input.k, (i, j) => input.rhs[i * input.k + j]),
};

export const determinantCheck: Check<MatrixBatch> = {
  measure: '|det - det64| / |det64|',
  error: (input, result) => {
    const reference = determinant64(input);
    return Math.abs(result[0] - reference) / Math.abs(reference);
  },
};

export const logDeterminantCheck: Check<MatrixBatch> = {
  measure: '|logAbsDet - log|det64||, with the sign of det64',
  error: (input, result) => {
    const [sign, logAbsDeterminant] = [result[0], result[1]];
    const reference = determinant64(input);
    return sign === Math.sign(reference) ?
        Math.abs(logAbsDeterminant - Math.log(Math.abs(reference))) :
        Infinity;
  },
};

/**
 * max |(A X - B)[i][j]| over the first few rows of the first matrix, in
 * float64: a cheap sign that X (row-major, `columns` wide) really solves
 * A X = B, even at n = 1024 where the full product would cost a second.
 */
function residual(
    input: MatrixBatch, x: ArrayLike<number>, columns: number,
    b: (i: number, j: number) => number, rows = 8): number {
  const {n, values: a} = input;
  let worst = 0;
  for (let i = 0; i < Math.min(rows, n); i++) {
    for (let j = 0; j < columns; j++) {
      let sum = -b(i, j);
      for (let k = 0; k < n; k++) {
        sum += a[i * n + k] * x[k * columns + j];
      }
      worst = Math.max(worst, Math.abs(sum));
    }
  }
  return worst;
}

/** Inputs are checked many times: their references are computed once. */
const determinants64 = new WeakMap<MatrixBatch, number>();

/** det of the first matrix, by ml-matrix's float64 LU. */
function determinant64(input: MatrixBatch): number {
  let determinant = determinants64.get(input);
  if (determinant == null) {
    const {n, values} = input;
    const first =
        Matrix.from1DArray(n, n, Array.from(values.subarray(0, n * n)));
    determinant = new LuDecomposition(first).determinant;
    determinants64.set(input, determinant);
  }
  return determinant;
}
