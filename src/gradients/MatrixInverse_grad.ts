/**
 * The gradient of MatrixInverse: for Y = X^-1 and upstream dY,
 * dX = -Y^T dY Y^T; with adjoint, Y = (X^T)^-1 and dX = -Y dY^T Y.
 */
import {getBackend, getKernel, matMul, neg, Tensor, zerosLike} from '@tensorflow/tfjs-core';

import {MatrixInverseGrad} from '../kernel_names';

import {fusedInverseGradient} from './MatrixInverseGrad_grad';
import {withGradient} from './with_gradient';

/** Returns `y`, the inverse already computed from `x`, with its gradient. */
export function inverseWithGradient(
    x: Tensor, y: Tensor, adjoint: boolean): Tensor {
  return withGradient(
      [x], y, (dy, _inputs, savedY) => [inverseGradient(dy, savedY, adjoint)]);
}

/**
 * dX = -Y^T dY Y^T for Y = X^-1; with adjoint, Y = (X^T)^-1 and
 * dX = -Y dY^T Y. Batched. One fused kernel where the backend has it (cpu,
 * whose matMul is slow), two matMuls elsewhere.
 */
function inverseGradient(dy: Tensor, y: Tensor, adjoint: boolean): Tensor {
  if (y.size === 0) {
    // Nothing to multiply, and webgl's matMul rejects empty batches.
    return zerosLike(y);
  }
  if (getKernel(MatrixInverseGrad, getBackend()) != null) {
    return fusedInverseGradient(dy, y, adjoint);
  }
  if (adjoint) {
    return neg(matMul(matMul(y, dy, false, true), y));
  }
  return neg(matMul(matMul(y, dy, true, false), y, false, true));
}
