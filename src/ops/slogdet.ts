import {engine, ones, op, Tensor, TensorLike, zeros} from '@tensorflow/tfjs-core';

import {logAbsDeterminantWithGradient, signWithGradient} from '../gradients/LogMatrixDeterminant_grad';
import {LogMatrixDeterminant} from '../kernel_names';

import {convertToSquareMatrices} from './square_matrices';

export interface SlogdetResult {
  /** float32, the batch shape: -1, 0 (singular) or 1. */
  sign: Tensor;
  /** float32, the batch shape: log |det x|; -Infinity where singular. */
  logAbsDet: Tensor;
}

/**
 * Computes the sign and the logarithm of the absolute value of the
 * determinant of each square matrix in the innermost two dimensions of `x`,
 * as TensorFlow's `tf.linalg.slogdet`, NumPy's `slogdet` and PyTorch's
 * `torch.linalg.slogdet` return them: `det = sign * exp(logAbsDet)`, without
 * the overflow of the determinant itself.
 *
 * Where the elimination meets an exactly zero pivot, `sign` is 0 and
 * `logAbsDet` -Infinity; where the matrix has a NaN or infinite entry, both
 * are NaN. Differentiable: the gradient of `logAbsDet` is `x^-T` (NaN where
 * singular); `sign` has a zero gradient.
 *
 * ```js
 * const {sign, logAbsDet} = slogdet([[[1, 2], [3, 4]], [[2, 0], [0, 3]]]);
 * sign.print();       // [-1, 1]
 * logAbsDet.print();  // [0.6931, 1.7918]
 * ```
 *
 * @param x float32 (or int32, cast to float32) of shape `[..., n, n]`.
 */
function slogdet_(x: Tensor|TensorLike): SlogdetResult {
  const $x = convertToSquareMatrices(x, 'x', 'slogdet');
  const [sign, logAbsDet] = $x.size === 0 ?
      [ones($x.shape.slice(0, -2)), zeros($x.shape.slice(0, -2))] :
      engine().runKernel(LogMatrixDeterminant, {input: $x}) as Tensor[];
  if (!engine().isTapeOn()) {
    return {sign, logAbsDet};
  }
  return {
    sign: signWithGradient($x, sign),
    logAbsDet: logAbsDeterminantWithGradient($x, logAbsDet),
  };
}

export const slogdet = op({slogdet_});
