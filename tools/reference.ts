/**
 * Independent references, in plain JavaScript: a float64 inverse (ml-matrix's
 * LU), the analytic gradients in float64, a float32 emulation of LAPACK's
 * getrf + getri to bound accuracy, and the error measure they are compared
 * with. Matrices here are row-major Float64Arrays of n * n entries.
 */
import {inverse as mlInverse, Matrix} from 'ml-matrix';

import {matMul, transpose} from './matrix';

/** The float64 inverse by ml-matrix (LU with partial pivoting). */
export function inverse64(a: Float64Array, n: number): Float64Array {
  const m = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) m.set(i, j, a[i * n + j]);
  }
  const inv = mlInverse(m);
  return Float64Array.from(
      {length: n * n}, (_, k) => inv.get(k / n | 0, k % n));
}

/** dL/dX = -Y^T W Y^T for L = sum(W * X^-1); with adjoint -Y W^T Y. */
export function inverseGradient64(
    x: Float64Array, w: Float64Array, n: number,
    adjoint: boolean): Float64Array {
  const y = adjoint ? inverse64(transpose(x, n), n) : inverse64(x, n);
  const g = adjoint ? matMul(matMul(y, transpose(w, n), n), y, n) :
                      matMul(matMul(transpose(y, n), w, n), transpose(y, n), n);
  return g.map(v => -v);
}

/**
 * The derivative of inverseGradient64 in the direction V (a Hessian-vector
 * product of L = sum(W * X^-1)), non-adjoint: with Y = X^-1 and
 * dY = -Y V Y, d(-Y^T W Y^T) = -(dY^T W Y^T + Y^T W dY^T).
 */
export function inverseHessianVector64(
    x: Float64Array, w: Float64Array, v: Float64Array,
    n: number): Float64Array {
  const y = inverse64(x, n);
  const yt = transpose(y, n);
  const dyt = transpose(matMul(matMul(y, v, n), y, n).map(e => -e), n);
  const a = matMul(matMul(dyt, w, n), yt, n);
  const b = matMul(matMul(yt, w, n), dyt, n);
  return a.map((e, k) => -(e + b[k]));
}

/**
 * LAPACK's float32 route, emulated with Math.fround after every operation:
 * getrf (LU with partial pivoting) then the inverse by solving L U X = P.
 * Its error is the accuracy the contract asks every backend to match.
 */
export function lapackFloat32Inverse(
    a: ArrayLike<number>, n: number): Float64Array {
  const f = Math.fround;
  const lu = Float64Array.from(a, v => f(v));
  const perm = Array.from({length: n}, (_, i) => i);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) {
      if (Math.abs(lu[i * n + k]) > Math.abs(lu[p * n + k])) p = i;
    }
    for (let j = 0; j < n; j++) {
      [lu[k * n + j], lu[p * n + j]] = [lu[p * n + j], lu[k * n + j]];
    }
    [perm[k], perm[p]] = [perm[p], perm[k]];
    for (let i = k + 1; i < n; i++) {
      const l = f(lu[i * n + k] / lu[k * n + k]);
      lu[i * n + k] = l;
      for (let j = k + 1; j < n; j++) {
        lu[i * n + j] = f(lu[i * n + j] - f(l * lu[k * n + j]));
      }
    }
  }
  const x = new Float64Array(n * n);
  for (let c = 0; c < n; c++) {
    const col =
        Array.from({length: n}, (_, i): number => perm[i] === c ? 1 : 0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++)
        col[i] = f(col[i] - f(lu[i * n + j] * col[j]));
    }
    for (let i = n - 1; i >= 0; i--) {
      for (let j = i + 1; j < n; j++)
        col[i] = f(col[i] - f(lu[i * n + j] * col[j]));
      col[i] = f(col[i] / lu[i * n + i]);
    }
    for (let i = 0; i < n; i++) x[i * n + c] = col[i];
  }
  return x;
}

/** max |a - b| / max |b|. */
export function relativeError(
    a: ArrayLike<number>, b: ArrayLike<number>): number {
  let err = 0;
  let scale = 0;
  for (let k = 0; k < b.length; k++) {
    err = Math.max(err, Math.abs(a[k] - b[k]));
    scale = Math.max(scale, Math.abs(b[k]));
  }
  return scale === 0 ? err : err / scale;
}
