import {engine, fill, op, Tensor, TensorLike, zeros} from '@tensorflow/tfjs-core';

import {inverseWithGradient} from '../gradients/MatrixInverse_grad';
import {MatrixInverse, MatrixInverseAttrs} from '../kernel_names';

import {convertToSquareMatrices, readAdjoint} from './square_matrices';

export interface MatrixInverseOptions {
  /**
   * Invert the (conjugate) transpose of each matrix instead, as TensorFlow's
   * `tf.linalg.inv(x, adjoint=True)` does. Defaults to false.
   */
  adjoint?: boolean;
}

export interface MatrixInverseResult {
  /** float32, the shape of `x`; every entry NaN for a singular matrix. */
  inverse: Tensor;
  /**
   * int32, the batch shape of `x`: 0 where the matrix was inverted, k > 0
   * where the k-th pivot (1-based) was zero or not finite, as LAPACK's getrf
   * reports it.
   */
  info: Tensor;
  /**
   * float32, the batch shape of `x`: the reciprocal 1-norm condition number
   * 1 / (|A|_1 |A^-1|_1) of the matrix inverted (`x`, or its transpose with
   * `adjoint`), computed from the inverse returned; 0 where `info > 0`.
   * Small values (below about 1e-6 in float32) mark matrices that are
   * singular or too close to it for the inverse to mean much, including
   * singular ones whose elimination met no exactly zero pivot.
   */
  rcond: Tensor;
}

/**
 * Computes the inverse of each square matrix in the innermost two dimensions
 * of `x`, and reports which matrices were singular.
 *
 * Like `matrixInverse`, but also returns `info` and `rcond`, so a training
 * loop can find singular and nearly singular matrices without checking the
 * inverse for NaN.
 *
 * ```js
 * const {inverse, info, rcond} =
 *     matrixInverseEx([[[1, 2], [3, 4]], [[1, 2], [2, 4]]]);
 * inverse.print();  // [[[-2, 1], [1.5, -0.5]], [[NaN, NaN], [NaN, NaN]]]
 * info.print();     // [0, 2]
 * rcond.print();    // [0.0476, 0]
 * ```
 *
 * @param x float32 (or int32, cast to float32) of shape `[..., n, n]`.
 * @param options `adjoint`: invert the transpose of each matrix instead.
 */
function matrixInverseEx_(
    x: Tensor|TensorLike, options?: MatrixInverseOptions): MatrixInverseResult {
  const [inverse, info, rcond] = invert(x, options, 'matrixInverseEx');
  return {inverse, info, rcond};
}

/**
 * Computes the inverse of each square matrix in the innermost two dimensions
 * of `x`, differentiably (`dX = -Y^T dY Y^T` for `Y = X^-1`).
 *
 * Singular matrices do not throw: their inverse is all NaN, and the other
 * matrices of the batch are unaffected. Use `matrixInverseEx` to learn which
 * matrices were singular.
 *
 * ```js
 * const x = tf.tensor2d([[4, 7], [2, 6]]);
 * matrixInverse(x).print();  // [[0.6, -0.7], [-0.2, 0.4]]
 * tf.grad(x => matrixInverse(x).sum())(x).print();
 * ```
 *
 * @param x float32 (or int32, cast to float32) of shape `[..., n, n]`.
 * @param options `adjoint`: invert the transpose of each matrix instead.
 */
function matrixInverse_(
    x: Tensor|TensorLike, options?: MatrixInverseOptions): Tensor {
  const [inverse, info, rcond] = invert(x, options, 'matrixInverse');
  info.dispose();
  rcond.dispose();
  return inverse;
}

/** The differentiable inverse, `info` and `rcond`, for either op. */
function invert(
    x: Tensor|TensorLike, options: MatrixInverseOptions|undefined,
    opName: string): [Tensor, Tensor, Tensor] {
  const adjoint = readAdjoint(options, opName);
  const $x = convertToSquareMatrices(x, 'x', opName);
  const [rawInverse, info, rcond] = runMatrixInverseKernel($x, adjoint);
  return [inverseWithGradient($x, rawInverse, adjoint), info, rcond];
}

/**
 * Runs the kernel, or makes the empty outputs that need no kernel. An empty
 * 0 x 0 matrix has rcond 1, as LAPACK's gecon gives it.
 */
function runMatrixInverseKernel(
    x: Tensor, adjoint: boolean): [Tensor, Tensor, Tensor] {
  const batchShape = x.shape.slice(0, -2);
  if (x.size === 0) {
    return [zeros(x.shape), zeros(batchShape, 'int32'), fill(batchShape, 1)];
  }
  const attrs: MatrixInverseAttrs = {adjoint};
  return engine().runKernel(MatrixInverse, {x}, attrs) as
      unknown as [Tensor, Tensor, Tensor];
}

export const matrixInverse = op({matrixInverse_});
export const matrixInverseEx = op({matrixInverseEx_});
