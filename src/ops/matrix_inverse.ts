import {engine, fill, op, Tensor, TensorLike, zeros} from '@tensorflow/tfjs-core';

import {inverseWithGradient} from '../gradients/MatrixInverse_grad';
import {MatrixInverse, MatrixInverseAttrs} from '../kernel_names';
import {matrixInverseImpl} from '../kernels/shared/matrix_inverse_impl';

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
export function matrixInverseEx(
    x: Tensor|TensorLike, options?: MatrixInverseOptions): MatrixInverseResult {
  const [inverse, info, rcond] = invert(x, options, 'matrixInverseEx', true);
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
export function matrixInverse(
    x: Tensor|TensorLike, options?: MatrixInverseOptions): Tensor {
  return invert(x, options, 'matrixInverse', false)[0];
}

type OpName = 'matrixInverse'|'matrixInverseEx';

/**
 * Either op: `[inverse, info, rcond]`, or `[inverse]` alone unless
 * `withInfo`.
 *
 * A tfjs op runs in a named scope, which disposes what the op makes on the
 * way and names its gradient in `tf.profile`. Here a scope is needed only
 * when `x` has to be converted to a float32 tensor or a gradient is being
 * recorded; for one small matrix per call it would cost more than the
 * inverse, so other calls go without.
 */
function invert(
    x: Tensor|TensorLike, options: MatrixInverseOptions|undefined,
    opName: OpName, withInfo: boolean): Tensor[] {
  if (x instanceof Tensor && x.dtype === 'float32' && !engine().isTapeOn()) {
    return invertChecked(x, options, opName, withInfo);
  }
  return scopedOps[opName](x, options, opName, withInfo);
}

const scopedOps = {
  matrixInverse: op({matrixInverse_: invertChecked}),
  matrixInverseEx: op({matrixInverseEx_: invertChecked}),
};

/**
 * Checks the arguments, inverts, and attaches the gradient when one is being
 * recorded. Outside `tf.grad` and its kin (`tf.grads`, `tf.valueAndGrad`,
 * optimizers, `model.fit`, an enclosing `tf.customGrad`'s backward pass)
 * the engine records nothing, and the gradient wrapper and its clone would
 * be work for nothing.
 */
function invertChecked(
    x: Tensor|TensorLike, options: MatrixInverseOptions|undefined,
    opName: OpName, withInfo: boolean): Tensor[] {
  const adjoint = readAdjoint(options, opName);
  const $x = convertToSquareMatrices(x, 'x', opName);
  const outputs = invertSquareMatrices($x, adjoint, withInfo);
  if (!engine().isTapeOn()) {
    return outputs;
  }
  // A new array, not outputs[0] = ...: the kernel's output array is also
  // the engine's record of the call, on the tape.
  const [inverse, ...infoAndRcond] = outputs;
  return [inverseWithGradient($x, inverse, adjoint), ...infoAndRcond];
}

/** The outputs of the kernel, or of the cpu routine when it runs directly. */
function invertSquareMatrices(
    x: Tensor, adjoint: boolean, withInfo: boolean): Tensor[] {
  if (x.size > 0 && invertsDirectlyOnCpu()) {
    return invertDirectly(x, adjoint, withInfo);
  }
  const outputs = runMatrixInverseKernel(x, adjoint);
  if (withInfo) {
    return outputs;
  }
  outputs[1].dispose();
  outputs[2].dispose();
  return [outputs[0]];
}

/**
 * Runs the kernel, or makes the empty outputs that need no kernel. An empty
 * 0 x 0 matrix has rcond 1, as LAPACK's gecon gives it.
 */
function runMatrixInverseKernel(x: Tensor, adjoint: boolean): Tensor[] {
  const batchShape = x.shape.slice(0, -2);
  if (x.size === 0) {
    return [zeros(x.shape), zeros(batchShape, 'int32'), fill(batchShape, 1)];
  }
  const attrs: MatrixInverseAttrs = {adjoint};
  return engine().runKernel(MatrixInverse, {x}, attrs) as Tensor[];
}

/**
 * Whether to skip the engine's kernel call: on the cpu backend, with no
 * gradient being recorded and no kernel profiled or debugged, nothing
 * watches the kernel, which would run the same routine. The engine's
 * bookkeeping around it (three output tensors, two of them disposed right
 * away for `matrixInverse`) costs several times what inverting one small
 * matrix does.
 */
function invertsDirectlyOnCpu(): boolean {
  const tfEngine = engine();
  return tfEngine.backendName === 'cpu' && !tfEngine.isTapeOn() &&
      !tfEngine.state.profiling && !tfEngine.ENV.getBool('DEBUG');
}

/**
 * The cpu kernel's routine on `x`'s values: the inverse, and `info` and
 * `rcond` when asked for. The engine makes the tensors straight from the
 * routine's typed arrays: `tensor()`'s checks are for values from users.
 */
function invertDirectly(
    x: Tensor, adjoint: boolean, withInfo: boolean): Tensor[] {
  const n = x.shape[x.shape.length - 1];
  const {inverse, info, rcond} =
      matrixInverseImpl(x.dataSync(), x.size / (n * n), n, adjoint);
  const tfEngine = engine();
  const $inverse = tfEngine.makeTensor(inverse, x.shape, 'float32') as Tensor;
  if (!withInfo) {
    return [$inverse];
  }
  const batchShape = x.shape.slice(0, -2);
  return [
    $inverse, tfEngine.makeTensor(info, batchShape, 'int32') as Tensor,
    tfEngine.makeTensor(rcond, batchShape, 'float32') as Tensor
  ];
}
