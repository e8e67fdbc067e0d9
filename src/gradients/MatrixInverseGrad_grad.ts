/**
 * The gradient of the fused MatrixInverseGrad kernel, G = -Y^T D Y^T (with
 * adjoint, -Y D^T Y): what second and higher derivatives of MatrixInverse
 * go through on backends that have the kernel.
 */
import {add, customGrad, engine, GradSaveFunc, matMul, neg, Tensor} from '@tensorflow/tfjs-core';

import {MatrixInverseGrad, MatrixInverseGradAttrs} from '../kernel_names';

/**
 * The MatrixInverseGrad kernel, differentiable in both its inputs so that
 * higher-order gradients stay correct. Its inputs' saved clones are on the
 * tape, unlike an output's.
 */
export function fusedInverseGradient(
    dy: Tensor, y: Tensor, adjoint: boolean): Tensor {
  const withGradient = customGrad((...args: Array<Tensor|GradSaveFunc>) => {
    const [dy, y, save] = args as [Tensor, Tensor, GradSaveFunc];
    save([dy, y]);
    const attrs: MatrixInverseGradAttrs = {adjoint};
    return {
      value: engine().runKernel(MatrixInverseGrad, {y, dy}, attrs) as Tensor,
      gradFunc: (h: Tensor, [savedDy, savedY]: Tensor[]) =>
          inverseGradientGradients(h, savedDy, savedY, adjoint),
    };
  });
  return withGradient(dy, y);
}

/**
 * For G = -Y^T D Y^T and upstream H: dG/dD = -Y H Y and
 * dG/dY = -(D Y^T H^T + H^T Y^T D). With adjoint, G = -Y D^T Y:
 * dG/dD = -Y H^T Y and dG/dY = -(H Y^T D + D Y^T H).
 */
function inverseGradientGradients(
    h: Tensor, d: Tensor, y: Tensor, adjoint: boolean): [Tensor, Tensor] {
  if (adjoint) {
    return [
      neg(matMul(matMul(y, h, false, true), y)),
      neg(
          add(matMul(matMul(h, y, false, true), d),
              matMul(matMul(d, y, false, true), h))),
    ];
  }
  return [
    neg(matMul(matMul(y, h), y)),
    neg(
        add(matMul(matMul(d, y, false, true), h, false, true),
            matMul(matMul(h, y, true, true), d))),
  ];
}
