import {broadcast_util, broadcastTo, engine, op, Tensor, TensorLike, util, zeros} from '@tensorflow/tfjs-core';

import {solutionWithGradient} from '../gradients/MatrixSolve_grad';
import {MatrixSolve, MatrixSolveAttrs} from '../kernel_names';

import {convertToFloatTensor, convertToSquareMatrices, readAdjoint} from './square_matrices';

export interface SolveOptions {
  /**
   * Solve with the (conjugate) transpose of each matrix, `a^T x = b`, as
   * TensorFlow's `tf.linalg.solve(a, b, adjoint=True)` does. Defaults to
   * false.
   */
  adjoint?: boolean;
}

export interface SolveResult {
  /** float32 `[...batch, n, k]`; all NaN for a singular system. */
  solution: Tensor;
  /**
   * int32 `[...batch]` (the broadcast batch shape): 0 where solved, k > 0
   * where the k-th pivot (1-based) was zero or not finite, as LAPACK's getrf
   * reports it.
   */
  info: Tensor;
}

/**
 * Solves `a x = b` for `x`, for each square matrix of `a` and matching
 * right-hand sides of `b`, by LU with partial pivoting (the elimination of
 * `matrixInverse`).
 *
 * Prefer it to `matMul(matrixInverse(a), b)`: it takes a third of the work
 * and its result is more accurate. Batch dimensions broadcast as in
 * `tf.matMul`. A singular system's solution is NaN throughout; `solveEx`
 * also says which systems were singular. Differentiable in `a` and `b`.
 *
 * ```js
 * solve([[2, 1], [1, 3]], [[3], [5]]).print();  // [[0.8], [1.4]]
 * ```
 *
 * @param a float32 (or int32, cast to float32) of shape `[...batchA, n, n]`.
 * @param b float32 (or int32) of shape `[...batchB, n, k]`.
 * @param options `adjoint`: solve `a^T x = b` instead.
 * @returns float32 of shape `[...broadcast(batchA, batchB), n, k]`.
 */
function solve_(
    a: Tensor|TensorLike, b: Tensor|TensorLike,
    options?: SolveOptions): Tensor {
  const {solution, info} = solveChecked(a, b, options, 'solve');
  info.dispose();
  return solution;
}

/**
 * Like `solve`, but also returns `info`, so a caller can find singular
 * systems without checking the solution for NaN.
 *
 * ```js
 * const {solution, info} =
 *     solveEx([[[2, 1], [1, 3]], [[1, 2], [2, 4]]], [[[3], [5]], [[1], [1]]]);
 * solution.print();  // [[[0.8], [1.4]], [[NaN], [NaN]]]
 * info.print();      // [0, 2]
 * ```
 */
function solveEx_(
    a: Tensor|TensorLike, b: Tensor|TensorLike,
    options?: SolveOptions): SolveResult {
  return solveChecked(a, b, options, 'solveEx');
}

function solveChecked(
    a: Tensor|TensorLike, b: Tensor|TensorLike, options: SolveOptions|undefined,
    opName: string): SolveResult {
  const adjoint = readAdjoint(options, opName);
  const $a = convertToSquareMatrices(a, 'a', opName);
  const $b = convertToFloatTensor(b, 'b', opName);
  const n = $a.shape[$a.shape.length - 1];
  const batchShape = broadcastBatchShapes($a, $b, opName);
  const k = $b.shape[$b.shape.length - 1];
  const solutionShape = [...batchShape, n, k];
  const [solution, info] = util.sizeFromShape(solutionShape) === 0 ?
      [zeros(solutionShape), zeros(batchShape, 'int32')] :
      engine().runKernel(
          MatrixSolve, {
            matrix: broadcastTo($a, [...batchShape, n, n]),
            rhs: broadcastTo($b, solutionShape)
          },
          {adjoint} as MatrixSolveAttrs) as Tensor[];
  return {
    solution: engine().isTapeOn() ?
        solutionWithGradient($a, $b, solution, adjoint) :
        solution,
    info,
  };
}

/**
 * The batch shape both operands broadcast to, after checking that `b` holds
 * n x k right-hand sides for `a`'s n x n matrices.
 */
function broadcastBatchShapes(a: Tensor, b: Tensor, opName: string): number[] {
  const n = a.shape[a.shape.length - 1];
  if (b.rank < 2 || b.shape[b.shape.length - 2] !== n) {
    throw new Error(
        `${opName}: b must have shape [..., n, k] with n = ${n} (the size ` +
        `of a's matrices, shape [${a.shape}]), but got shape [${b.shape}].`);
  }
  const aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  try {
    return broadcast_util.assertAndGetBroadcastShape(aBatch, bBatch);
  } catch {
    throw new Error(
        `${opName}: the batch shapes of a [${a.shape}] and b [${b.shape}] ` +
        `do not broadcast ([${aBatch}] against [${bBatch}]).`);
  }
}

export const solve = op({solve_});
export const solveEx = op({solveEx_});
