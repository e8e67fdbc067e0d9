/** The matrices every contender inverts, and a check of what it returned. */
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

/** Uniform numbers in [-1, 1), for the weights of the gradient benchmark. */
export function randomValues(size: number, seed: number): Float32Array {
  return Float32Array.from({length: size}, seededRandom(seed));
}

/**
 * max |(A X - I)[i][j]| over the first few rows of the first matrix, in
 * float64: a cheap sign that `inverse` (X, row-major) really inverts it, even
 * at n = 1024 where the full product would cost a second.
 */
export function inverseResidual(
    input: MatrixBatch, inverse: ArrayLike<number>, rows = 8): number {
  const {n, values: a} = input;
  let worst = 0;
  for (let i = 0; i < Math.min(rows, n); i++) {
    for (let j = 0; j < n; j++) {
      let sum = i === j ? -1 : 0;
      for (let k = 0; k < n; k++) {
        sum += a[i * n + k] * inverse[k * n + j];
      }
      worst = Math.max(worst, Math.abs(sum));
    }
  }
  return worst;
}
