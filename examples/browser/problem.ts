/**
 * The training problem of the browser example: one ridge penalty per feature,
 * learned by gradient descent through a matrix inverse.
 *
 * As in examples/ridge_lambda.ts, the weights have a closed form,
 *
 *     w(θ) = (XᵀX + diag(exp θ))⁻¹ Xᵀy,
 *
 * and the penalties are trained on the validation error of w(θ). With one
 * penalty per feature (40 of them here, learned as log penalties) the model
 * can shrink the features that do not matter and keep the ones that do. The
 * training set has barely more samples than features, so plain least squares
 * (every penalty near zero, where training starts) overfits badly and the
 * validation error has far to fall.
 *
 * No DOM here: only tfjs, so the same code runs on any backend.
 */
import * as tf from '@tensorflow/tfjs';

import {matrixInverse} from '../../src';

const SEED = 7;
export const NUM_FEATURES = 40;
const NUM_INFORMATIVE_FEATURES = 8;
const NUM_TRAIN = 48;
const NUM_VALIDATION = 120;
const NUM_TEST = 1000;
/** Correlation of neighbouring features, as in an AR(1) series. */
const FEATURE_CORRELATION = 0.8;
export const NOISE_STD = 3;

const INITIAL_PENALTY = 1e-3;
const LEARNING_RATE = 0.25;

/** Samples x with y = x·w + noise: features [m, d], targets [m, 1]. */
type Split = {
  features: tf.Tensor2D,
  targets: tf.Tensor2D,
};

/** One training step's errors, as numbers. */
export interface StepErrors {
  validationMse: number;
  testMse: number;
}

/** Mulberry32: a small, seeded uniform generator on [0, 1). */
function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6D2B79F5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples from a uniform generator (Box-Muller). */
function seededNormal(uniform: () => number): () => number {
  return () => {
    const u = 1 - uniform();  // in (0, 1], so the log is finite
    const v = uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

/** A sparse weight vector: a few features of either sign, the rest zero. */
function makeTrueWeights(normal: () => number): Float32Array {
  const weights = new Float32Array(NUM_FEATURES);
  for (let i = 0; i < NUM_INFORMATIVE_FEATURES; i++) {
    const feature = Math.floor(i * NUM_FEATURES / NUM_INFORMATIVE_FEATURES);
    weights[feature] = (i % 2 === 0 ? 1 : -1) * (1 + Math.abs(normal()));
  }
  return weights;
}

/**
 * Correlated features (each leans on the previous one), so that XᵀX has
 * small eigenvalues and least squares amplifies the noise.
 */
function makeSplit(
    numSamples: number, trueWeights: Float32Array,
    normal: () => number): Split {
  const innovationScale = Math.sqrt(1 - FEATURE_CORRELATION ** 2);
  const features = new Float32Array(numSamples * NUM_FEATURES);
  const targets = new Float32Array(numSamples);
  for (let s = 0; s < numSamples; s++) {
    const row = features.subarray(s * NUM_FEATURES, (s + 1) * NUM_FEATURES);
    row[0] = normal();
    for (let j = 1; j < NUM_FEATURES; j++) {
      row[j] = FEATURE_CORRELATION * row[j - 1] + innovationScale * normal();
    }
    targets[s] = NOISE_STD * normal() +
        row.reduce((sum, x, j) => sum + x * trueWeights[j], 0);
  }
  return {
    features: tf.tensor2d(features, [numSamples, NUM_FEATURES]),
    targets: tf.tensor2d(targets, [numSamples, 1]),
  };
}

function meanSquaredError({features, targets}: Split, weights: tf.Tensor):
    tf.Scalar {
  return tf.tidy(
      () => tf.mean(tf.square(tf.sub(tf.matMul(features, weights), targets))));
}

/**
 * The per-feature ridge model and its data. `step()` takes one Adam step on
 * the log penalties; `dispose()` frees every tensor it made.
 */
export class PerFeatureRidge {
  private readonly validation: Split;
  private readonly test: Split;
  /** What the closed form needs of the training set: XᵀX and Xᵀy. */
  private readonly gram: tf.Tensor2D;
  private readonly moment: tf.Tensor2D;
  private readonly logPenalties: tf.Variable;
  private readonly optimizer = tf.train.adam(LEARNING_RATE);

  constructor() {
    const normal = seededNormal(seededUniform(SEED));
    const trueWeights = makeTrueWeights(normal);
    const train = makeSplit(NUM_TRAIN, trueWeights, normal);
    this.validation = makeSplit(NUM_VALIDATION, trueWeights, normal);
    this.test = makeSplit(NUM_TEST, trueWeights, normal);
    this.gram = tf.matMul(train.features, train.features, true, false);
    this.moment = tf.matMul(train.features, train.targets, true, false);
    tf.dispose(train);
    this.logPenalties = tf.tidy(
        () => tf.variable(tf.fill([NUM_FEATURES], Math.log(INITIAL_PENALTY))));
  }

  /**
   * One gradient step on the validation MSE. Returns the errors of the
   * penalties before the step, so step 0 reports the starting point.
   */
  async step(): Promise<StepErrors> {
    let testError: tf.Scalar|undefined;
    const validationError = this.optimizer.minimize(() => {
      const weights = this.weights();
      // The test error of the same weights, kept past the gradient's tidy:
      // one inverse per step serves both errors.
      testError = tf.keep(meanSquaredError(this.test, weights));
      return meanSquaredError(this.validation, weights);
    }, true)!;
    const [validationMse, testMse] = await Promise.all(
        [validationError.data(), testError!.data()]);
    tf.dispose([validationError, testError!]);
    return {validationMse: validationMse[0], testMse: testMse[0]};
  }

  dispose() {
    tf.dispose([
      this.validation, this.test, this.gram, this.moment, this.logPenalties
    ]);
    this.optimizer.dispose();
  }

  /** w(θ) = (XᵀX + diag(exp θ))⁻¹ Xᵀy, [d, 1]. */
  private weights(): tf.Tensor {
    return tf.tidy(() => {
      const penaltyMatrix =
          tf.mul(tf.eye(NUM_FEATURES), tf.exp(this.logPenalties));
      const regularizedGram = tf.add(this.gram, penaltyMatrix);
      return tf.matMul(matrixInverse(regularizedGram), this.moment);
    });
  }
}
