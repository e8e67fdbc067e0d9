/**
 * Small dense-matrix helpers in float64, without dependencies. Matrices are
 * row-major Float64Arrays of n * n entries.
 */

export function roundToFloat32(a: ArrayLike<number>): Float64Array {
  return Float64Array.from(Float32Array.from(a));
}

export function transpose(a: Float64Array, n: number): Float64Array {
  const t = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) t[j * n + i] = a[i * n + j];
  }
  return t;
}

export function matMul(
    a: Float64Array, b: Float64Array, n: number): Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k];
      for (let j = 0; j < n; j++) c[i * n + j] += aik * b[k * n + j];
    }
  }
  return c;
}

/** The 1-norm of a row-major n x n matrix: its largest column abs sum. */
export function oneNorm(a: ArrayLike<number>, n: number): number {
  let norm = 0;
  for (let j = 0; j < n; j++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += Math.abs(a[i * n + j]);
    norm = Math.max(norm, sum);
  }
  return norm;
}
