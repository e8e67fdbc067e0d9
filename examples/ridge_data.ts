/**
 * Seeded synthetic data for the ridge regression examples (ridge_lambda.ts
 * and browser/problem.ts): a sparse linear model of correlated features, with
 * noisy targets. The same config gives the same numbers on every run.
 *
 * Only tfjs and plain JS, so that Node and the browser bundle can both use it.
 */
import * as tf from '@tensorflow/tfjs';

import {mulberry32} from '../tools/random';

export interface RidgeDataConfig {
  seed: number;
  numFeatures: number;
  /** How many of the true weights are not zero. */
  numInformativeFeatures: number;
  numTrain: number;
  numValidation: number;
  numTest: number;
  /** Correlation of neighbouring features, as in an AR(1) series. */
  featureCorrelation: number;
  noiseStd: number;
}

/** Samples x with y = x·w + noise: features [n, d], targets [n, 1]. */
export type Split = {
  features: tf.Tensor2D,
  targets: tf.Tensor2D,
};

/**
 * Three splits drawn with the same true weights. A type, not an interface,
 * so that tf.dispose takes it whole.
 */
export type Dataset = {
  train: Split,
  validation: Split,
  test: Split,
};

/** What the closed form needs of the training set: XᵀX [d, d], Xᵀy [d, 1]. */
export type NormalEquations = {
  gram: tf.Tensor,
  moment: tf.Tensor,
};

export function makeDataset(config: RidgeDataConfig): Dataset {
  const normal = seededNormal(mulberry32(config.seed));
  const trueWeights = makeTrueWeights(config, normal);
  return {
    train: makeSplit(config, config.numTrain, trueWeights, normal),
    validation: makeSplit(config, config.numValidation, trueWeights, normal),
    test: makeSplit(config, config.numTest, trueWeights, normal),
  };
}

export function normalEquations({features, targets}: Split): NormalEquations {
  return tf.tidy(() => ({
                   gram: tf.matMul(features, features, true, false),
                   moment: tf.matMul(features, targets, true, false),
                 }));
}

/**
 * Mean squared error of the predictions of `weights` [...batch, d, 1] on a
 * split: one error per weight vector, shape [...batch].
 */
export function meanSquaredError(
    {features, targets}: Split, weights: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const predictions = tf.matMul(features, weights);
    return tf.mean(tf.square(tf.sub(predictions, targets)), [-2, -1]);
  });
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
function makeTrueWeights(
    {numFeatures, numInformativeFeatures}: RidgeDataConfig,
    normal: () => number): Float32Array {
  const weights = new Float32Array(numFeatures);
  for (let i = 0; i < numInformativeFeatures; i++) {
    const feature = Math.floor(i * numFeatures / numInformativeFeatures);
    weights[feature] = (i % 2 === 0 ? 1 : -1) * (1 + Math.abs(normal()));
  }
  return weights;
}

/**
 * One sample's features: standard normal, each correlated with the previous
 * one, so that XᵀX has small eigenvalues and least squares amplifies noise.
 */
function sampleFeatures(
    correlation: number, normal: () => number, out: Float32Array) {
  const innovationScale = Math.sqrt(1 - correlation ** 2);
  out[0] = normal();
  for (let j = 1; j < out.length; j++) {
    out[j] = correlation * out[j - 1] + innovationScale * normal();
  }
}

function makeSplit(
    {numFeatures, featureCorrelation, noiseStd}: RidgeDataConfig,
    numSamples: number, trueWeights: Float32Array,
    normal: () => number): Split {
  const features = new Float32Array(numSamples * numFeatures);
  const targets = new Float32Array(numSamples);
  for (let n = 0; n < numSamples; n++) {
    const sample = features.subarray(n * numFeatures, (n + 1) * numFeatures);
    sampleFeatures(featureCorrelation, normal, sample);
    let target = noiseStd * normal();
    for (let j = 0; j < numFeatures; j++) {
      target += sample[j] * trueWeights[j];
    }
    targets[n] = target;
  }
  return {
    features: tf.tensor2d(features, [numSamples, numFeatures]),
    targets: tf.tensor2d(targets, [numSamples, 1]),
  };
}
