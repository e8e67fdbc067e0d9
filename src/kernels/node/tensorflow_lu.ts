import {engine, Tensor, TensorInfo, TypedArray} from '@tensorflow/tfjs-core';

import {TensorFlowBackendLike, TensorFlowOpAttr} from '../backend_types';
import {FromPivots} from '../shared/determinant_impl';
import {batchOf} from '../shared/matrix_batch';
import {MakeTensorInfo} from '../shared/matrix_inverse_outputs';

/**
 * TensorFlow's LU (its `Lu` op: Eigen's blocked LU with partial pivoting, as
 * inside its MatrixSolve and MatrixDeterminant), checked so that MatrixSolve,
 * MatrixDeterminant and LogMatrixDeterminant keep the package's rules on the
 * `tensorflow` backend.
 *
 * TensorFlow's own MatrixSolve and MatrixDeterminant hide their factors, and
 * their results cannot be checked cheaply. A float32 LU of an exactly
 * singular matrix (two equal rows, say) meets an exactly zero pivot only
 * while the two rows get the same arithmetic; from n = 17 on, the blocked
 * update rounds them differently in most matrices, and TensorFlow returns a
 * determinant of rounding errors (-8.9e6 for a 40 x 40 matrix with two equal
 * rows, where the rule is 0) and a finite solution. A residual |A x - b|
 * cannot expose that solution: a backward stable solver leaves a small
 * residual, singular matrix or not. The condition number does, and the
 * factors give an estimate of it cheaply: two solves with U, O(n^2) each
 * against the O(n^3) of the factorization.
 */

/**
 * Frobenius norms TensorFlow's float32 LU is given as they are, the range
 * MatrixInverse allows largest entries: far enough from float32's limits
 * that the elimination neither overflows nor underflows. A norm outside (NaN or
 * Infinity included: the norm adds up every entry's square) sends the batch
 * to the package's float64 routine.
 */
const SAFE_NORM = {
  min: Math.pow(2, -50),
  max: Math.pow(2, 50)
};

/**
 * Largest condition estimate (see conditionEstimates) for which TensorFlow's
 * factors are used. Where TensorFlow missed the zero pivot of a singular
 * matrix (equal rows or columns, a row or column the sum of two others, a
 * rank-2 product: some 7,000 matrices, n = 5 to 512), the estimate was 3e6
 * or more; random Gaussian and uniform matrices gave 1e1 to 1e3, at most 4e4
 * in some 1,600. Above it, a matrix is singular or so ill-conditioned that
 * float32 factors leave few digits, and the package's float64 routine does
 * better.
 */
const MAX_CONDITION_ESTIMATE = 1e5;

/**
 * How many right-hand sides the condition estimate solves with U. One alone
 * caught every singular matrix above (8e5 at least); two leave a margin.
 */
const PROBES = 2;

/**
 * Up to this much work, batch * n^2 * (n + k) for k right-hand sides (k = 0
 * for a determinant), the package's routine in JavaScript is faster than the
 * checked factors, which take four to seven TensorFlow ops of 10 to 40 us
 * (measured, det: n = 32, 0.03 ms against 0.09 ms; 1,000 matrices 4 x 4,
 * 0.3 ms against 1.1 ms; the two meet near n = 64).
 */
const ROUTINE_MAX_WORK = Math.pow(2, 18);

/** TensorFlow's factors of a batch of matrices [...batch, n, n]. */
export interface TensorFlowLu {
  /**
   * [...batch, n, n], as TensorFlow's Lu returns it: U on and above the
   * diagonal, L (unit diagonal implied) below.
   */
  lu: Tensor;
  /** batch * n: row i of L U is row permutation[i] of the matrix. */
  permutation: Int32Array;
  /** batch * n: the diagonal of each U. */
  pivots: Float64Array;
  /**
   * Per matrix: whether its factors hold finite pivots and its condition
   * estimate is at most MAX_CONDITION_ESTIMATE. The others are left to the
   * package's routine.
   */
  trusted: boolean[];
}

/**
 * TensorFlow's factors of `x`, or null where the whole batch takes the
 * package's routine: work up to ROUTINE_MAX_WORK (with `k` right-hand sides
 * to solve), a norm outside SAFE_NORM, or a pivot exactly 0 (TensorFlow's
 * Lu then fails the whole call, "Input is not invertible").
 */
export function tensorFlowLu(
    backend: TensorFlowBackendLike, x: TensorInfo, k = 0): TensorFlowLu|null {
  const {batch, n} = batchOf(x);
  if (batch * n * n * (n + k) <= ROUTINE_MAX_WORK) {
    return null;
  }
  const norms = frobeniusNorms(backend, x);
  if (!norms.every(norm => norm >= SAFE_NORM.min && norm <= SAFE_NORM.max)) {
    return null;
  }
  const factors = tryLu(backend, x);
  if (factors == null) {
    return null;
  }
  const [lu, permutationTensor] = factors;
  const permutation = backend.readSync(permutationTensor.dataId) as Int32Array;
  permutationTensor.dispose();
  const pivots = diagonals(backend, lu);
  const estimates = conditionEstimates(backend, lu, norms, n);
  const trusted = Array.from(
      estimates,
      (estimate, b) => estimate <= MAX_CONDITION_ESTIMATE &&
          allFinite(pivots, b * n, (b + 1) * n));
  return {lu, permutation, pivots, trusted};
}

function allFinite(values: Float64Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    if (!isFinite(values[i])) {
      return false;
    }
  }
  return true;
}

/** |A|_F of each matrix, by TensorFlow: nothing is read back but the norms. */
function frobeniusNorms(
    backend: TensorFlowBackendLike, x: TensorInfo): Float32Array {
  const {binding} = backend;
  const axes = engine().makeTensor(new Int32Array([-2, -1]), [2], 'int32');
  const norms = backend.executeSingleOutput(
      'EuclideanNorm',
      [
        {name: 'keep_dims', type: binding.TF_ATTR_BOOL, value: false},
        floatType(backend),
        {name: 'Tidx', type: binding.TF_ATTR_TYPE, value: binding.TF_INT32},
      ],
      [x, axes]);
  axes.dispose();
  return readAndDispose(backend, norms) as Float32Array;
}

/** [lu, permutation], or null where TensorFlow met an exactly zero pivot. */
function tryLu(backend: TensorFlowBackendLike, x: TensorInfo): Tensor[]|null {
  const {binding} = backend;
  try {
    return backend.executeMultipleOutputs(
        'Lu',
        [
          floatType(backend),
          {
            name: 'output_idx_type',
            type: binding.TF_ATTR_TYPE,
            value: binding.TF_INT32
          },
        ],
        [x], 2);
  } catch (e) {
    if (/not invertible/.test((e as Error).message)) {
      return null;
    }
    throw e;
  }
}

function diagonals(backend: TensorFlowBackendLike, lu: Tensor): Float64Array {
  const diagonal =
      backend.executeSingleOutput('MatrixDiagPart', [floatType(backend)], [lu]);
  return Float64Array.from(readAndDispose(backend, diagonal) as Float32Array);
}

/**
 * |A|_F |U^-1 Z|_F / |Z|_F for each matrix, with the PROBES columns of Z
 * from probes(): a lower bound of |A|_F |U^-1|_2, which is within a factor
 * |L| (at most n, as partial pivoting keeps |l_ij| <= 1) of the condition
 * number |A|_F |A^-1|_2. Where TensorFlow rounded a zero pivot to a tiny
 * u_kk, row k of U^-1 z is (z_k - sum_j>k u_kj y_j) / u_kk. A row left with
 * rounding errors only (one of two equal rows) is taken last, so that entry
 * is z_n / u_nn, and no probe entry is below 0.5 in magnitude; for a tiny
 * pivot earlier, every probe would have to cancel.
 */
function conditionEstimates(
    backend: TensorFlowBackendLike, lu: Tensor, norms: Float32Array,
    n: number): Float64Array {
  const z = probes(n);
  const zTensor = engine().makeTensor(z, [n, PROBES], 'float32');
  // Broadcast over the batch.
  const y = readAndDispose(
      backend, triangularSolve(backend, lu, zTensor, false, false));
  zTensor.dispose();
  const size = n * PROBES;
  const zNorm = frobeniusNorm(z, 0, size);
  return Float64Array.from(
      norms, (norm, b) => norm * frobeniusNorm(y, b * size, size) / zNorm);
}

/**
 * The n x PROBES right-hand sides of the condition estimate: entries of
 * either sign with magnitudes in [0.5, 1), from a fixed xorshift sequence,
 * so a matrix always gets the same verdict.
 */
function probes(n: number): Float32Array {
  let state = 0x2545f491;
  return Float32Array.from({length: n * PROBES}, () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const u = (state >>> 0) / Math.pow(2, 32);
    return u < 0.5 ? -0.5 - u : u;
  });
}

/** The 2-norm of `size` entries of `values` from `offset` (NaN kept). */
function frobeniusNorm(
    values: TypedArray, offset: number, size: number): number {
  let sum = 0;
  for (let i = offset; i < offset + size; i++) {
    sum += values[i] * values[i];
  }
  return Math.sqrt(sum);
}

/**
 * TensorFlow's MatrixTriangularSolve: solves T X = B (T^T X = B with
 * `adjoint`), T the lower or upper triangle of `matrix` with its diagonal.
 */
export function triangularSolve(
    backend: TensorFlowBackendLike, matrix: TensorInfo, rhs: TensorInfo,
    lower: boolean, adjoint: boolean): Tensor {
  const {binding} = backend;
  return backend.executeSingleOutput(
      'MatrixTriangularSolve',
      [
        {name: 'lower', type: binding.TF_ATTR_BOOL, value: lower},
        {name: 'adjoint', type: binding.TF_ATTR_BOOL, value: adjoint},
        floatType(backend),
      ],
      [matrix, rhs]);
}

/** The attribute `T: float32` every op here takes. */
export function floatType({binding}: TensorFlowBackendLike): TensorFlowOpAttr {
  return {name: 'T', type: binding.TF_ATTR_TYPE, value: binding.TF_FLOAT};
}

function readAndDispose(
    backend: TensorFlowBackendLike, tensor: Tensor): TypedArray {
  const values = backend.readSync(tensor.dataId) as TypedArray;
  tensor.dispose();
  return values;
}

/**
 * The number of row swaps each permutation of n rows makes (n minus its
 * number of cycles): its parity is the sign it gives det.
 */
function swapCounts(permutations: Int32Array, n: number): Int32Array {
  const counts = new Int32Array(permutations.length / n);
  const seen = new Uint8Array(n);
  for (let b = 0; b < counts.length; b++) {
    seen.fill(0);
    let cycles = 0;
    for (let start = 0; start < n; start++) {
      if (seen[start] === 0) {
        cycles++;
        for (let i = start; seen[i] === 0; i = permutations[b * n + i]) {
          seen[i] = 1;
        }
      }
    }
    counts[b] = n - cycles;
  }
  return counts;
}

/**
 * One result per matrix of `x`: `fromPivots` of TensorFlow's pivots and row
 * swaps where its factors are trusted; elsewhere `routine`, the package's,
 * given the other matrices' entries one after another.
 */
export function resultsPerMatrix<T>(
    backend: TensorFlowBackendLike, x: TensorInfo, fromPivots: FromPivots<T>,
    routine: (values: TypedArray, count: number) => T[]): T[] {
  const {batch, n} = batchOf(x);
  const read = () => backend.readSync(x.dataId) as TypedArray;
  const factors = tensorFlowLu(backend, x);
  if (factors == null) {
    return routine(read(), batch);
  }
  const {lu, pivots, permutation, trusted} = factors;
  lu.dispose();
  const swaps = swapCounts(permutation, n);
  const results = Array.from(
      trusted,
      (isTrusted, b) => isTrusted ?
          fromPivots(pivots.subarray(b * n, (b + 1) * n), swaps[b]) :
          null);
  const untrusted = untrustedMatrices(trusted);
  if (untrusted.length > 0) {
    routine(gatherMatrices(read(), untrusted, n * n), untrusted.length)
        .forEach((result, i) => results[untrusted[i]] = result);
  }
  return results as T[];
}

/** The indices of the matrices whose factors are not trusted. */
export function untrustedMatrices(trusted: boolean[]): number[] {
  const indices: number[] = [];
  trusted.forEach((isTrusted, b) => {
    if (!isTrusted) {
      indices.push(b);
    }
  });
  return indices;
}

/**
 * The `size`-entry matrices at `indices` of `values`, one after another: the
 * input of a package routine for only the matrices that need it.
 */
export function gatherMatrices(
    values: TypedArray, indices: number[], size: number): TypedArray {
  const gathered = new Float32Array(indices.length * size);
  indices.forEach(
      (b, i) =>
          gathered.set(values.subarray(b * size, (b + 1) * size), i * size));
  return gathered;
}

/**
 * Outputs as tensors the engine tracks, as tfjs-node's own kernels return
 * them; made from values of the package's routines, which need none of
 * `tensor()`'s checks.
 */
export const makeTensor: MakeTensorInfo = (shape, dtype, values) =>
    engine().makeTensor(values, shape, dtype) as Tensor;
