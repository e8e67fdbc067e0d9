/**
 * The gradient of MatrixDeterminant: d det X = g C, with C the cofactor
 * matrix, det(X) X^-T where X is invertible. At a singular X it is still
 * finite (TensorFlow's det X^-T is not): JAX and PyTorch give the cofactor
 * matrix there too, which for [[1, 2], [2, 4]] is [[4, -2], [-2, 1]].
 */
import {abs, add, equal, eye, greater, less, logicalNot, logicalOr, matMul, max, mul, onesLike, outerProduct, range, sin, squeeze, Tensor, Tensor1D, where, zerosLike} from '@tensorflow/tfjs-core';

import {det} from '../ops/det';
import {matrixInverse, matrixInverseEx} from '../ops/matrix_inverse';

import {asMatrixScale} from './LogMatrixDeterminant_grad';
import {withGradient, withZeroGradient} from './with_gradient';

/** `determinant`, already computed from `x`, with its gradient. */
export function determinantWithGradient(
    x: Tensor, determinant: Tensor): Tensor {
  return withGradient(
      [x], determinant,
      (dy, [x], determinant) =>
          [x.size === 0 ?
               zerosLike(x) :
               mul(asMatrixScale(dy), cofactorMatrix(x, determinant))]);
}

/**
 * The cofactor matrix of each matrix of x, differentiable. Where det is
 * not 0 it is det(X) X^-T. Where it is exactly 0 (a zero pivot), it comes
 * from the rank-one update B = X + s u v^T: for X of rank n - 1,
 * adj(X) = s det(B) (B^-1 u)(v^T B^-1), whatever u and v with det(B) != 0.
 * Where X has rank n - 2 or less its cofactors are all 0, and B is singular
 * too (rcond below SINGULAR_UPDATE_RCOND). Singular matrices are swapped
 * for the identity in the branch not taken, so that no NaN reaches the
 * gradient of the gradient.
 */
function cofactorMatrix(x: Tensor, determinant: Tensor): Tensor {
  const n = x.shape[x.shape.length - 1];
  const singular =
      withZeroGradient([determinant], d => asMatrixScale(equal(d, 0)));
  const invertible = where(singular, eye(n), x);
  const safeDeterminant =
      where(squeeze(singular, [-2, -1]), onesLike(determinant), determinant);
  const regular =
      mul(asMatrixScale(safeDeterminant),
          matrixInverse(invertible, {adjoint: true}));
  return where(singular, cofactorsAtRankDrop(x, singular), regular);
}

/**
 * Below this rcond, B = X + s u v^T is taken for singular, and X for rank
 * n - 2 or less: B's rcond is of order float32's epsilon then.
 */
const SINGULAR_UPDATE_RCOND = 1e-5;

/**
 * s det(B) B^-T v u^T B^-T for B = X + s u v^T, the cofactor matrix of a
 * rank n - 1 matrix X (0 where B is singular too). u and v are fixed vectors
 * with no structure a matrix is likely to share (null vectors orthogonal to
 * them would make B singular); s = max |x_ij| (1 for a zero matrix) keeps
 * B on X's scale. The result does not depend on s, which the gradient
 * treats as a constant.
 */
function cofactorsAtRankDrop(x: Tensor, singular: Tensor): Tensor {
  const n = x.shape[x.shape.length - 1];
  const u = sin(add(mul(range(0, n), 2.3), 0.7)) as Tensor1D;
  const v = sin(add(mul(range(0, n), 1.7), 1.9)) as Tensor1D;
  const s = withZeroGradient([x], x => {
    const largest = max(abs(x), [-2, -1], true);
    return where(greater(largest, 0), largest, onesLike(largest));
  });
  const b = add(x, mul(s, outerProduct(u, v)));
  const rankTwoLess = withZeroGradient(
      [b],
      b =>
          asMatrixScale(less(matrixInverseEx(b).rcond, SINGULAR_UPDATE_RCOND)));
  const skip = withZeroGradient(
      [singular, rankTwoLess],
      (singular, rankTwoLess) => logicalOr(logicalNot(singular), rankTwoLess));
  const invertible = where(skip, eye(n), b);
  const bInverseT = matrixInverse(invertible, {adjoint: true});
  // matMul broadcasts the n x n v u^T over the batch.
  const cofactors =
      mul(mul(s, asMatrixScale(det(invertible))),
          matMul(matMul(bInverseT, outerProduct(v, u)), bInverseT));
  return where(rankTwoLess, zerosLike(x), cofactors);
}
