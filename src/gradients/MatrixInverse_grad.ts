/**
 * The gradient of MatrixInverse: for Y = X^-1 and upstream dY,
 * dX = -Y^T dY Y^T; with adjoint, Y = (X^T)^-1 and dX = -Y dY^T Y.
 */
import {clone, customGrad, getBackend, getKernel, GradSaveFunc, matMul, neg, Tensor, zerosLike} from '@tensorflow/tfjs-core';

import {MatrixInverseGrad} from '../kernel_names';

import {fusedInverseGradient} from './MatrixInverseGrad_grad';

/**
 * Returns `y`, the inverse already computed from `x`, with its gradient.
 *
 * tfjs saves tensors for the backward pass by cloning them. The clone of the
 * input is recorded on the tape as a function of `x`, but a clone of the
 * output taken inside the forward pass is not. So the backward pass attaches
 * this gradient again to the saved inverse: the gradient of the gradient then
 * sees how Y depends on X, and no inverse is computed twice.
 */
export function inverseWithGradient(
    x: Tensor, y: Tensor, adjoint: boolean): Tensor {
  // customGrad types its arguments loosely: (x: Tensor, save: GradSaveFunc).
  const withGradient = customGrad((...args: Array<Tensor|GradSaveFunc>) => {
    const [x, save] = args as [Tensor, GradSaveFunc];
    const value = clone(y);
    save([x, value]);
    return {
      value,
      gradFunc: (dy: Tensor, [savedX, savedY]: Tensor[]) => inverseGradient(
          dy, inverseWithGradient(savedX, savedY, adjoint), adjoint),
    };
  });
  return withGradient(x);
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
