/**
 * Independent references for the tests, in plain JavaScript: a float64
 * inverse (ml-matrix's LU), the analytic gradients in float64, a float32
 * emulation of LAPACK's getrf + getri to bound accuracy, and test matrices.
 * Matrices here are row-major Float64Arrays of n * n entries.
 */
import {inverse as mlInverse, Matrix} from 'ml-matrix';

/** Deterministic uniform numbers in [-1, 1), so failures reproduce. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6D2B79F5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2147483648 - 1;
  };
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

export function matMul(a: Float64Array, b: Float64Array, n: number):
    Float64Array {
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k];
      for (let j = 0; j < n; j++) c[i * n + j] += aik * b[k * n + j];
    }
  }
  return c;
}

/** The float64 inverse by ml-matrix (LU with partial pivoting). */
export function inverse64(a: Float64Array, n: number): Float64Array {
  const m = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) m.set(i, j, a[i * n + j]);
  }
  const inv = mlInverse(m);
  return Float64Array.from({length: n * n}, (_, k) => inv.get(k / n | 0, k % n));
}

/** dL/dX = -Y^T W Y^T for L = sum(W * X^-1); with adjoint -Y W^T Y. */
export function inverseGradient64(
    x: Float64Array, w: Float64Array, n: number, adjoint: boolean):
    Float64Array {
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
    x: Float64Array, w: Float64Array, v: Float64Array, n: number):
    Float64Array {
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
export function lapackFloat32Inverse(a: ArrayLike<number>, n: number):
    Float64Array {
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
    const col = Array.from({length: n}, (_, i): number => perm[i] === c ? 1 : 0);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) col[i] = f(col[i] - f(lu[i * n + j] * col[j]));
    }
    for (let i = n - 1; i >= 0; i--) {
      for (let j = i + 1; j < n; j++) col[i] = f(col[i] - f(lu[i * n + j] * col[j]));
      col[i] = f(col[i] / lu[i * n + i]);
    }
    for (let i = 0; i < n; i++) x[i * n + c] = col[i];
  }
  return x;
}

/** max |a - b| / max |b|. */
export function relativeError(a: ArrayLike<number>, b: ArrayLike<number>):
    number {
  let err = 0;
  let scale = 0;
  for (let k = 0; k < b.length; k++) {
    err = Math.max(err, Math.abs(a[k] - b[k]));
    scale = Math.max(scale, Math.abs(b[k]));
  }
  return scale === 0 ? err : err / scale;
}
