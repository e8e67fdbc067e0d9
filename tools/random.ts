/**
 * Seeded random numbers and random test matrices, so that every run sees the
 * same numbers and a failure reproduces. Plain JavaScript, for Node and the
 * browser bundles alike. Matrices are row-major Float64Arrays of n * n
 * entries.
 */
import {roundToFloat32} from './matrix';

/** Mulberry32: a small, seeded uniform generator on [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6D2B79F5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform numbers in [-1, 1), from mulberry32(seed). */
export function seededRandom(seed: number): () => number {
  const uniform = mulberry32(seed);
  return () => 2 * uniform() - 1;
}

export function randomMatrix(n: number, random: () => number): Float64Array {
  return Float64Array.from({length: n * n}, () => random());
}

/** A random matrix plus n on the diagonal: condition number near 3. */
export function wellConditioned(n: number, random: () => number): Float64Array {
  const a = randomMatrix(n, random);
  for (let i = 0; i < n; i++) {
    a[i * n + i] += n;
  }
  return a;
}

/**
 * U diag(s) V^T with random orthogonal U, V and singular values spread
 * geometrically from 1 to 1/cond, rounded to float32: its 2-norm condition
 * number is cond (up to that rounding).
 */
export function withConditionNumber(
    n: number, cond: number, random: () => number): Float64Array {
  const u = randomOrthogonal(n, random);
  const v = randomOrthogonal(n, random);
  const a = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const s = n === 1 ? 1 : Math.pow(cond, -k / (n - 1));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        a[i * n + j] += u[i * n + k] * s * v[j * n + k];
      }
    }
  }
  return roundToFloat32(a);
}

/** Gram-Schmidt (twice, for orthogonality to working precision). */
function randomOrthogonal(n: number, random: () => number): Float64Array {
  const q = randomMatrix(n, random);
  for (let pass = 0; pass < 2; pass++) {
    for (let k = 0; k < n; k++) {
      for (let p = 0; p < k; p++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += q[i * n + k] * q[i * n + p];
        for (let i = 0; i < n; i++) q[i * n + k] -= dot * q[i * n + p];
      }
      let norm = 0;
      for (let i = 0; i < n; i++) norm += q[i * n + k] ** 2;
      norm = Math.sqrt(norm);
      for (let i = 0; i < n; i++) q[i * n + k] /= norm;
    }
  }
  return q;
}
