/**
 * tfjs-matrix-inverse/layers: tfjs-layers layers built on `matrixInverse`.
 *
 * A separate entry point, so that the main entry needs nothing but
 * tfjs-core. Importing it registers the layers for `tf.loadLayersModel`.
 */
import {add, exp, expandDims, eye, matMul, mul, serialization, squeeze, Tensor, tidy} from '@tensorflow/tfjs-core';
import {initializers, layers, LayerVariable, Shape} from '@tensorflow/tfjs-layers';

import {matrixInverse} from './index';

/** tfjs-layers does not export `LayerArgs` by name. */
type LayerArgs = NonNullable<ConstructorParameters<typeof layers.Layer>[0]>;

export interface RidgeSolveLayerArgs extends LayerArgs {
  /**
   * The penalty λ before training, > 0. Defaults to 1. The layer learns λ
   * from there, unless it is built with `trainable: false`.
   */
  initialLambda?: number;
}

/**
 * Solves one ridge regression per example, in closed form, inside a model.
 *
 * Takes `[a, b]` with `a` of shape `[batch, m, n]` and `b` of shape
 * `[batch, m]` (or `[batch, m, k]` for k right-hand sides), and returns
 *
 *     w = argmin |a w - b|² + λ |w|² = (aᵀa + λI)⁻¹ aᵀb
 *
 * of shape `[batch, n]` (or `[batch, n, k]`). Gradients flow to `a`, `b` and
 * λ, so the layers that compute `a` from raw inputs learn features that suit
 * the solve (as in few-shot learners with a differentiable ridge head), and λ
 * learns how much to shrink.
 *
 * λ is a trainable weight, kept as log λ: it stays positive, and gradient
 * steps change it by a factor, which suits a penalty that may need to move by
 * orders of magnitude.
 *
 * When m < n it inverts the m x m matrix of the equivalent dual form
 * aᵀ(aaᵀ + λI)⁻¹b instead, so the cost follows the smaller of m and n.
 *
 * ```js
 * import {RidgeSolve} from 'tfjs-matrix-inverse/layers';
 *
 * const a = tf.input({shape: [8, 3]});
 * const b = tf.input({shape: [8]});
 * const w = new RidgeSolve({initialLambda: 0.1}).apply([a, b]);
 * const model = tf.model({inputs: [a, b], outputs: w});
 * ```
 */
export class RidgeSolve extends layers.Layer {
  /** @nocollapse */
  static className = 'RidgeSolve';

  private readonly initialLambda: number;
  private logLambda!: LayerVariable;

  constructor(args: RidgeSolveLayerArgs = {}) {
    super(args);
    this.initialLambda = args.initialLambda ?? 1;
    if (!(this.initialLambda > 0 && Number.isFinite(this.initialLambda))) {
      throw new Error(
          `RidgeSolve: initialLambda must be a finite number > 0, but got ` +
          `${this.initialLambda}.`);
    }
  }

  build(inputShape: Shape|Shape[]): void {
    const [aShape, bShape] = checkInputShapes(inputShape);
    this.logLambda = this.addWeight(
        'log_lambda', [], 'float32',
        initializers.constant({value: Math.log(this.initialLambda)}));
    this.inputSpec = [{ndim: aShape.length}, {ndim: bShape.length}];
    this.built = true;
  }

  computeOutputShape(inputShape: Shape|Shape[]): Shape {
    const [aShape, bShape] = checkInputShapes(inputShape);
    const n = aShape[2];
    return bShape.length === 2 ? [aShape[0], n] : [aShape[0], n, bShape[2]];
  }

  call(inputs: Tensor|Tensor[]): Tensor {
    return tidy(() => {
      const [a, b] = inputs as Tensor[];
      const lambda = exp(this.logLambda.read());
      if (b.rank === 2) {
        return squeeze(ridgeSolve(a, expandDims(b, -1), lambda), [-1]);
      }
      return ridgeSolve(a, b, lambda);
    });
  }

  getConfig(): serialization.ConfigDict {
    return {initialLambda: this.initialLambda, ...super.getConfig()};
  }
}
serialization.registerClass(RidgeSolve);

/**
 * (aᵀa + λI)⁻¹ aᵀb for a of shape [batch, m, n] and b of shape
 * [batch, m, k], through the n x n or the m x m inverse, whichever is
 * smaller.
 */
function ridgeSolve(a: Tensor, b: Tensor, lambda: Tensor): Tensor {
  const [m, n] = a.shape.slice(-2);
  if (m >= n) {
    const regularizedGram = add(matMul(a, a, true, false), mul(lambda, eye(n)));
    return matMul(matrixInverse(regularizedGram), matMul(a, b, true, false));
  }
  const regularizedGram = add(matMul(a, a, false, true), mul(lambda, eye(m)));
  return matMul(a, matMul(matrixInverse(regularizedGram), b), true, false);
}

/**
 * Returns the shapes of `a` ([batch, m, n]) and `b` ([batch, m] or
 * [batch, m, k]), or throws an error that says what the layer takes.
 */
function checkInputShapes(inputShape: Shape|Shape[]): [Shape, Shape] {
  const shapes = inputShape as Shape[];
  const [aShape, bShape] = Array.isArray(shapes[0]) ? shapes : [];
  const valid = shapes.length === 2 && aShape != null && bShape != null &&
      aShape.length === 3 && (bShape.length === 2 || bShape.length === 3) &&
      (aShape[1] == null || bShape[1] == null || aShape[1] === bShape[1]);
  if (!valid) {
    throw new Error(
        `RidgeSolve: expects two inputs [a, b], a of shape [batch, m, n] and ` +
        `b of shape [batch, m] or [batch, m, k], but got input shape ` +
        `${JSON.stringify(inputShape)}.`);
  }
  return [aShape, bShape];
}
