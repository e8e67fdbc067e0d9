/**
 * The gradients of LogMatrixDeterminant: d log|det X| = g X^-T, and none for
 * the sign, which is piecewise constant.
 */
import {expandDims, mul, Tensor, zerosLike} from '@tensorflow/tfjs-core';

import {matrixInverse} from '../ops/matrix_inverse';

import {withGradient} from './with_gradient';

/** `logAbsDet`, already computed from `x`, with its gradient. */
export function logAbsDeterminantWithGradient(
    x: Tensor, logAbsDet: Tensor): Tensor {
  return withGradient(
      [x], logAbsDet,
      (dy, [x]) => [mul(asMatrixScale(dy), matrixInverse(x, {adjoint: true}))]);
}

/** `sign`, already computed from `x`, with a zero gradient. */
export function signWithGradient(x: Tensor, sign: Tensor): Tensor {
  return withGradient([x], sign, (_dy, [x]) => [zerosLike(x)]);
}

/** [..., 1, 1]: one factor per matrix of the batch. */
export function asMatrixScale(perMatrix: Tensor): Tensor {
  return expandDims(expandDims(perMatrix, -1), -1);
}
