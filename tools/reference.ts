/**
 * Independent references, in plain JavaScript: a float64 inverse, solve and
 * determinant (ml-matrix's LU), the analytic gradients and central
 * differences in float64, a float32 emulation of LAPACK's getrf + getrs (and
 * getri) to bound accuracy, and the error measure they are compared with.
 * Matrices here are row-major Float64Arrays of n * n entries; right-hand
 * sides and solutions are row-major n * k.
 */
import {inverse as mlInverse, LuDecomposition, Matrix} from 'ml-matrix';

import {matMul, transpose} from './matrix';

function toMatrix(a: ArrayLike<number>, rows: number, columns: number) {
  return Matrix.from1DArray(rows, columns, a);
}

function fromMatrix(m: Matrix): Float64Array {
  return Float64Array.from(m.to1DArray());
}

/** The float64 inverse by ml-matrix (LU with partial pivoting). */
export function inverse64(a: Float64Array, n: number): Float64Array {
  return fromMatrix(mlInverse(toMatrix(a, n, n)));
}

/** X with A X = B in float64, by ml-matrix's LU with partial pivoting. */
export function solve64(
    a: Float64Array, b: Float64Array, n: number, k: number): Float64Array {
  return fromMatrix(
      new LuDecomposition(toMatrix(a, n, n)).solve(toMatrix(b, n, k)));
}

/** det A in float64: the signed product of ml-matrix's LU pivots. */
export function det64(a: Float64Array, n: number): number {
  return new LuDecomposition(toMatrix(a, n, n)).determinant;
}

/**
 * sign(det A) and log|det A| in float64 from ml-matrix's LU, without the
 * product of the pivots, which may overflow.
 */
export function slogdet64(a: Float64Array, n: number) {
  const lu = new LuDecomposition(toMatrix(a, n, n));
  const u = lu.upperTriangularMatrix;
  return signAndLogAbs(
      Array.from({length: n}, (_, i) => u.get(i, i)),
      permutationSign(lu.pivotPermutationVector));
}

function signAndLogAbs(pivots: number[], permutation: number) {
  let sign = permutation;
  let logAbsDet = 0;
  for (const pivot of pivots) {
    sign *= Math.sign(pivot);
    logAbsDet += Math.log(Math.abs(pivot));
  }
  return {sign, logAbsDet};
}

/** (-1)^(number of transpositions): a cycle of length L has L - 1. */
function permutationSign(permutation: number[]): number {
  const seen = permutation.map(() => false);
  let sign = 1;
  for (let start = 0; start < permutation.length; start++) {
    if (seen[start]) continue;
    for (let i = permutation[start]; i !== start; i = permutation[i]) {
      sign = -sign;
    }
    for (let i = start; !seen[i]; i = permutation[i]) seen[i] = true;
  }
  return sign;
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
 * dL/dA and dL/dB for L = sum(W * X), X = A^-1 B: dB = A^-T W and
 * dA = -dB X^T. With adjoint, X = A^-T B, dB = A^-1 W and dA = -X dB^T.
 */
export function solveGradient64(
    a: Float64Array, b: Float64Array, w: Float64Array, n: number, k: number,
    adjoint: boolean): {da: Float64Array, db: Float64Array} {
  const at = transpose(a, n);
  const x = toMatrix(solve64(adjoint ? at : a, b, n, k), n, k);
  const db = toMatrix(solve64(adjoint ? a : at, w, n, k), n, k);
  const da = adjoint ? x.mmul(db.transpose()) : db.mmul(x.transpose());
  return {da: fromMatrix(da.neg()), db: fromMatrix(db)};
}

/** d det A / dA = det(A) A^-T, for an invertible A. */
export function detGradient64(a: Float64Array, n: number): Float64Array {
  const d = det64(a, n);
  return transpose(inverse64(a, n), n).map(v => d * v);
}

/**
 * The cofactor matrix of A from its minors, C_ij = (-1)^(i+j) det M_ij:
 * the gradient of det A whatever A's rank, without an inverse.
 */
export function cofactors64(a: Float64Array, n: number): Float64Array {
  const minor = new Float64Array((n - 1) * (n - 1));
  return Float64Array.from({length: n * n}, (_, ij) => {
    const [i, j] = [ij / n | 0, ij % n];
    let m = 0;
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        if (r !== i && c !== j) minor[m++] = a[r * n + c];
      }
    }
    return ((i + j) % 2 === 0 ? 1 : -1) * det64(minor, n - 1);
  });
}

/**
 * (f(x + h v) - f(x - h v)) / 2h, the derivative of f along v by central
 * differences in float64. Its error is of order h^2 |f'''| + eps64 |f| / h.
 */
export function centralDifference64(
    f: (x: Float64Array) => ArrayLike<number>, x: Float64Array, v: Float64Array,
    h: number): Float64Array {
  const plus = f(x.map((e, i) => e + h * v[i]));
  const minus = f(x.map((e, i) => e - h * v[i]));
  return Float64Array.from(plus, (e, i) => (e - minus[i]) / (2 * h));
}

/** The gradient of a scalar f by central differences, one entry at a time. */
export function numericalGradient64(
    f: (x: Float64Array) => number, x: Float64Array, h: number): Float64Array {
  return Float64Array.from(x, (_, i) => {
    const unit = new Float64Array(x.length);
    unit[i] = 1;
    return centralDifference64(x => [f(x)], x, unit, h)[0];
  });
}

/**
 * LAPACK's float32 getrf, emulated with Math.fround after every operation:
 * LU with partial pivoting, L's multipliers below the diagonal of `lu` and U
 * on and above it; row i of `lu` is row perm[i] of A.
 */
export function lapackFloat32Getrf(a: ArrayLike<number>, n: number) {
  const f = Math.fround;
  const lu = Float64Array.from(a, v => f(v));
  const perm = Array.from({length: n}, (_, i) => i);
  let swaps = 0;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) {
      if (Math.abs(lu[i * n + k]) > Math.abs(lu[p * n + k])) p = i;
    }
    for (let j = 0; j < n; j++) {
      [lu[k * n + j], lu[p * n + j]] = [lu[p * n + j], lu[k * n + j]];
    }
    [perm[k], perm[p]] = [perm[p], perm[k]];
    swaps += p === k ? 0 : 1;
    for (let i = k + 1; i < n; i++) {
      const l = f(lu[i * n + k] / lu[k * n + k]);
      lu[i * n + k] = l;
      for (let j = k + 1; j < n; j++) {
        lu[i * n + j] = f(lu[i * n + j] - f(l * lu[k * n + j]));
      }
    }
  }
  return {lu, perm, swaps};
}

/**
 * LAPACK's float32 route to X with A X = B (B n x k), emulated: getrf, then
 * getrs (the forward and back substitutions, a column at a time). Its error
 * is the accuracy the contract asks every backend to match.
 */
export function lapackFloat32Solve(
    a: ArrayLike<number>, b: ArrayLike<number>, n: number,
    k: number): Float64Array {
  const f = Math.fround;
  const {lu, perm} = lapackFloat32Getrf(a, n);
  const x = new Float64Array(n * k);
  for (let c = 0; c < k; c++) {
    const col = Array.from({length: n}, (_, i) => f(b[perm[i] * k + c]));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++)
        col[i] = f(col[i] - f(lu[i * n + j] * col[j]));
    }
    for (let i = n - 1; i >= 0; i--) {
      for (let j = i + 1; j < n; j++)
        col[i] = f(col[i] - f(lu[i * n + j] * col[j]));
      col[i] = f(col[i] / lu[i * n + i]);
    }
    for (let i = 0; i < n; i++) x[i * k + c] = col[i];
  }
  return x;
}

/** LAPACK's float32 inverse, emulated: getrf, then L U X = P. */
export function lapackFloat32Inverse(
    a: ArrayLike<number>, n: number): Float64Array {
  const identity =
      Float64Array.from({length: n * n}, (_, ij) => ij % (n + 1) === 0 ? 1 : 0);
  return lapackFloat32Solve(a, identity, n, n);
}

/**
 * sign(det A) and log|det A| from the float32 getrf's pivots (the logs summed
 * in float64, so nothing overflows): the error of the determinant LAPACK's
 * float32 factorization determines.
 */
export function lapackFloat32Slogdet(a: ArrayLike<number>, n: number) {
  const {lu, swaps} = lapackFloat32Getrf(a, n);
  return signAndLogAbs(
      Array.from({length: n}, (_, i) => lu[i * (n + 1)]),
      swaps % 2 === 0 ? 1 : -1);
}

/**
 * A first-order bound on the error in log|det A| of a float32 LU with
 * partial pivoting, from the emulated getrf's factors: they are those of
 * A + E with |E| <= gamma_n |L||U| (Higham, Accuracy and Stability of
 * Numerical Algorithms, Theorem 9.3), and log|det| moves by tr(A^-1 E),
 * at most gamma_n sum(|A^-T| * |L||U|); the product of the n pivots adds
 * gamma_n. It is also the bound on det's relative error. Unlike the error of
 * one LU on the matrix, it holds whatever order a backend rounds in.
 */
export function lapackFloat32LogDetBound(a: Float64Array, n: number): number {
  const {lu, perm} = lapackFloat32Getrf(a, n);
  const inv = inverse64(a, n);
  let sensitivity = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      // (|L||U|)_ij, L's unit diagonal included; row i of L U is row
      // perm[i] of A.
      let product = i <= j ? Math.abs(lu[i * n + j]) : 0;
      for (let p = 0; p < i && p <= j; p++) {
        product += Math.abs(lu[i * n + p] * lu[p * n + j]);
      }
      sensitivity += product * Math.abs(inv[j * n + perm[i]]);
    }
  }
  const u = Math.pow(2, -24);
  return (n * u / (1 - n * u)) * (sensitivity + 1);
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
