/**
 * The gradient of MatrixSolve: for X = A^-1 B and upstream dX,
 * dB = A^-T dX and dA = -dB X^T; with adjoint, X = A^-T B, dB = A^-1 dX and
 * dA = -X dB^T. Each is summed over the batch dimensions its input was
 * broadcast along.
 */
import {broadcast_util, matMul, neg, reshape, sum, Tensor, zerosLike} from '@tensorflow/tfjs-core';

import {solve} from '../ops/solve';

import {withGradient} from './with_gradient';

/**
 * Returns `x`, the solution already computed from `a` and `b` (before their
 * batch dimensions were broadcast), with its gradient.
 */
export function solutionWithGradient(
    a: Tensor, b: Tensor, x: Tensor, adjoint: boolean): Tensor {
  return withGradient([a, b], x, (dx, [a, b], x) => {
    if (x.size === 0) {
      // Nothing to multiply, and webgl's matMul rejects empty operands.
      return [zerosLike(a), zerosLike(b)];
    }
    const db = solve(a, dx, {adjoint: !adjoint});
    const da = adjoint ? neg(matMul(x, db, false, true)) :
                         neg(matMul(db, x, false, true));
    return [sumToShape(da, a.shape), sumToShape(db, b.shape)];
  });
}

/** Sums `t` over the dimensions along which `shape` was broadcast to it. */
function sumToShape(t: Tensor, shape: number[]): Tensor {
  const axes = broadcast_util.getReductionAxes(shape, t.shape);
  return axes.length === 0 ? t : reshape(sum(t, axes, true), shape);
}
