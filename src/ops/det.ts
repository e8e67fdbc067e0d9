import {engine, ones, op, Tensor, TensorLike} from '@tensorflow/tfjs-core';

import {determinantWithGradient} from '../gradients/MatrixDeterminant_grad';
import {MatrixDeterminant} from '../kernel_names';

import {convertToSquareMatrices} from './square_matrices';

/**
 * Computes the determinant of each square matrix in the innermost two
 * dimensions of `x`, by LU with partial pivoting (the elimination of
 * `matrixInverse`).
 *
 * It is exactly 0 where the elimination meets an exactly zero pivot, and NaN
 * where the matrix has a NaN or infinite entry. Determinants overflow float32
 * easily (a 64 x 64 matrix of entries near 10 has a determinant near 1e64):
 * use `slogdet` for their logarithm. Differentiable: the gradient is the
 * cofactor matrix, finite at singular matrices of rank n - 1 as well.
 *
 * ```js
 * det([[[1, 2], [3, 4]], [[1, 2], [2, 4]]]).print();  // [-2, 0]
 * ```
 *
 * @param x float32 (or int32, cast to float32) of shape `[..., n, n]`.
 * @returns float32 of shape `[...]`; 1 for 0 x 0 matrices.
 */
function det_(x: Tensor|TensorLike): Tensor {
  const $x = convertToSquareMatrices(x, 'x', 'det');
  const determinant = $x.size === 0 ?
      ones($x.shape.slice(0, -2)) :
      engine().runKernel(MatrixDeterminant, {input: $x}) as Tensor;
  return engine().isTapeOn() ? determinantWithGradient($x, determinant) :
                               determinant;
}

export const det = op({det_});
