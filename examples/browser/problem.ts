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
import {makeDataset, meanSquaredError, NormalEquations, normalEquations, RidgeDataConfig, Split} from '../ridge_data';

export const NUM_FEATURES = 40;
export const NOISE_STD = 3;
const DATA: RidgeDataConfig = {
  seed: 7,
  numFeatures: NUM_FEATURES,
  numInformativeFeatures: 8,
  numTrain: 48,
  numValidation: 120,
  numTest: 1000,
  featureCorrelation: 0.8,
  noiseStd: NOISE_STD,
};

const INITIAL_PENALTY = 1e-3;
const LEARNING_RATE = 0.25;

/** One training step's errors, as numbers. */
export interface StepErrors {
  validationMse: number;
  testMse: number;
}

/**
 * The per-feature ridge model and its data. `step()` takes one Adam step on
 * the log penalties; `dispose()` frees every tensor it made.
 */
export class PerFeatureRidge {
  private readonly validation: Split;
  private readonly test: Split;
  private readonly equations: NormalEquations;
  private readonly logPenalties: tf.Variable;
  private readonly optimizer = tf.train.adam(LEARNING_RATE);

  constructor() {
    const {train, validation, test} = makeDataset(DATA);
    this.validation = validation;
    this.test = test;
    this.equations = normalEquations(train);
    tf.dispose(train);
    this.logPenalties = tf.tidy(
        () => tf.variable(tf.fill([NUM_FEATURES], Math.log(INITIAL_PENALTY))));
  }

  /**
   * One gradient step on the validation MSE. Returns the errors of the
   * penalties before the step, so step 0 reports the starting point.
   */
  async step(): Promise<StepErrors> {
    let testError: tf.Tensor|undefined;
    const validationError = this.optimizer.minimize(() => {
      const weights = this.weights();
      // The test error of the same weights, kept past the gradient's tidy:
      // one inverse per step serves both errors.
      testError = tf.keep(meanSquaredError(this.test, weights));
      return meanSquaredError(this.validation, weights).asScalar();
    }, true)!;
    const [validationMse, testMse] =
        await Promise.all([validationError.data(), testError!.data()]);
    tf.dispose([validationError, testError!]);
    return {validationMse: validationMse[0], testMse: testMse[0]};
  }

  dispose() {
    tf.dispose([this.validation, this.test, this.equations, this.logPenalties]);
    this.optimizer.dispose();
  }

  /** w(θ) = (XᵀX + diag(exp θ))⁻¹ Xᵀy, [d, 1]. */
  private weights(): tf.Tensor {
    return tf.tidy(() => {
      const penaltyMatrix =
          tf.mul(tf.eye(NUM_FEATURES), tf.exp(this.logPenalties));
      const regularizedGram = tf.add(this.equations.gram, penaltyMatrix);
      return tf.matMul(matrixInverse(regularizedGram), this.equations.moment);
    });
  }
}
