/**
 * Gaussian-process regression in one dimension, with hyperparameters learned
 * by maximizing the log marginal likelihood through `solve` and `slogdet`:
 * one procedure and one set of limits for examples/gaussian_process.ts and
 * its test.
 *
 * The prior is f ~ GP(m, k) with the RBF kernel
 * k(x, x') = s² exp(-(x - x')² / (2 l²)) and a constant mean m (the training
 * average); observations are y = f(x) + ε with ε ~ N(0, σ²). With
 * K = k(X, X) + σ² I over the n training points,
 *
 *     log p(y | l, s, σ) = -½ yᵀ K⁻¹ y - ½ log|K| - n/2 log 2π,
 *
 * (y centered by m) and its gradient with respect to K is
 * ½ (K⁻¹ y yᵀ K⁻¹ - K⁻¹), which the gradients of `solve` and `slogdet`
 * provide. Depends only on tfjs, src/ and the data's types.
 */
import * as tf from '@tensorflow/tfjs';

import {slogdet, solve} from '../src';

import {Observations} from './gaussian_process_data';

/** The kernel's length scale l and signal std s, and the noise std σ. */
export type Hyperparameters = {
  lengthScale: number,
  signalStd: number,
  noiseStd: number,
};

/** The same, as scalar tensors. */
type HyperparameterTensors = {
  lengthScale: tf.Scalar,
  signalStd: tf.Scalar,
  noiseStd: tf.Scalar,
};

/**
 * The training points, ready for the kernel: x [n], y - m [n, 1], and the
 * squared distances (x_i - x_j)² [n, n]. A type, not an interface, so that
 * tf.dispose takes it whole.
 */
export type TrainingSet = {
  x: tf.Tensor1D,
  centeredY: tf.Tensor2D,
  squaredDistances: tf.Tensor2D,
  /** The prior mean m, the average of the training values. */
  mean: number,
};

/**
 * Adam on the negative log marginal likelihood over log l, log s and log σ
 * (logs keep them positive and make the steps relative), from a start that
 * only knows the data's scale: a smooth curve (l a year) that leaves much
 * of it to noise. The length scale has to fall about fourfold.
 */
export const gpTraining = {
  initial: {lengthScale: 1, signalStd: 3, noiseStd: 1.5},
  steps: 100,
  learningRate: 0.05,
};

/** The reference: every combination of these values, chosen by likelihood. */
export const gpGrid = {
  lengthScales: logSpaced(0.02, 1, 8),
  signalStds: logSpaced(1, 16, 5),
  noiseStds: logSpaced(0.1, 1.6, 5),
};

/**
 * What the learned model must reach, besides a log likelihood above its
 * start's and at least the grid's best (gradient ascent searches a
 * continuum, the grid 200 points): on the held-out weeks, against the
 * grid's choice.
 */
export const gpLimits = {
  /** Above learned RMSE / grid RMSE. */
  rmseRatio: 1.2,
  /** At most this share of held-out points outside mean ± 2σ. */
  outsideBand: 0.15,
};

export function makeTrainingSet({years, ppm}: Observations): TrainingSet {
  const mean = ppm.reduce((sum, value) => sum + value, 0) / ppm.length;
  return tf.tidy(() => {
    const x = tf.tensor1d(years);
    return {
      x,
      centeredY: tf.tensor2d(ppm.map(value => value - mean), [ppm.length, 1]),
      squaredDistances: squaredDistances(x, x),
      mean,
    };
  });
}

/** (a_i - b_j)² for a [n] and b [m]: [n, m]. */
function squaredDistances(a: tf.Tensor1D, b: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => tf.squaredDifference(a.as2D(-1, 1), b.as2D(1, -1)));
}

/**
 * s² exp(-d² / (2 l²)) for squared distances d² [n, m]: [n, m]. (Scalar
 * hyperparameters keep the cpu backend's elementwise ops on their fast,
 * non-broadcasting path.)
 */
function rbfKernel(
    squaredDistances: tf.Tensor2D,
    {lengthScale, signalStd}: HyperparameterTensors): tf.Tensor2D {
  return tf.tidy(
      () => tf.mul(
          tf.square(signalStd),
          tf.exp(
              tf.div(squaredDistances, tf.mul(-2, tf.square(lengthScale))))));
}

/** K = k(X, X) + σ² I: [n, n]. */
function noisyCovariance(
    set: TrainingSet, hyperparameters: HyperparameterTensors): tf.Tensor2D {
  return tf.tidy(() => {
    const n = set.x.shape[0];
    return tf.add(
        rbfKernel(set.squaredDistances, hyperparameters),
        tf.mul(tf.square(hyperparameters.noiseStd), tf.eye(n)));
  });
}

/** log p(y | l, s, σ). */
function logMarginalLikelihood(
    set: TrainingSet, hyperparameters: HyperparameterTensors): tf.Scalar {
  return tf.tidy(() => {
    const n = set.x.shape[0];
    const covariance = noisyCovariance(set, hyperparameters);
    const dataFit =
        tf.sum(tf.mul(set.centeredY, solve(covariance, set.centeredY)));
    const logDeterminant = slogdet(covariance).logAbsDet;
    return tf.mul(
        -0.5,
        tf.add(tf.add(dataFit, logDeterminant), n * Math.log(2 * Math.PI)));
  });
}

/** log p(y | l, s, σ) for one set of hyperparameters, as a number. */
export function logLikelihoodAt(
    set: TrainingSet, hyperparameters: Hyperparameters): number {
  return tf.tidy(
      () => logMarginalLikelihood(set, scalars(hyperparameters)).dataSync()[0]);
}

function scalars({lengthScale, signalStd, noiseStd}: Hyperparameters):
    HyperparameterTensors {
  return {
    lengthScale: tf.scalar(lengthScale),
    signalStd: tf.scalar(signalStd),
    noiseStd: tf.scalar(noiseStd),
  };
}

/** Hyperparameters and their log marginal likelihood. */
export interface Fit {
  hyperparameters: Hyperparameters;
  logLikelihood: number;
}

/**
 * Maximizes the log marginal likelihood by Adam, from gpTraining.initial.
 * `onStep` sees every step's point before it moves: step 0 is the start,
 * step `steps` the result.
 */
export function learnHyperparameters(
    set: TrainingSet, onStep?: (step: number, fit: Fit) => void): Fit {
  const {initial, steps, learningRate} = gpTraining;
  const logVariable = (value: number) =>
      tf.tidy(() => tf.variable(tf.scalar(Math.log(value))));
  const logs = {
    lengthScale: logVariable(initial.lengthScale),
    signalStd: logVariable(initial.signalStd),
    noiseStd: logVariable(initial.noiseStd),
  };
  const variables = Object.values(logs);
  const optimizer = tf.train.adam(learningRate);
  const negativeLogLikelihood = () => tf.neg(logMarginalLikelihood(set, {
    lengthScale: tf.exp(logs.lengthScale),
    signalStd: tf.exp(logs.signalStd),
    noiseStd: tf.exp(logs.noiseStd),
  }));

  let fit: Fit|undefined;
  for (let step = 0; step <= steps; step++) {
    const {value, grads} = tf.variableGrads(negativeLogLikelihood, variables);
    fit = {
      hyperparameters: {
        lengthScale: Math.exp(logs.lengthScale.dataSync()[0]),
        signalStd: Math.exp(logs.signalStd.dataSync()[0]),
        noiseStd: Math.exp(logs.noiseStd.dataSync()[0]),
      },
      logLikelihood: -value.dataSync()[0],
    };
    onStep?.(step, fit);
    if (step < steps) {
      optimizer.applyGradients(
          Object.entries(grads).map(([name, tensor]) => ({name, tensor})));
    }
    tf.dispose([value, grads]);
  }
  optimizer.dispose();
  tf.dispose(variables);
  return fit!;
}

/** Every combination of gpGrid's values; the most likely one. */
export function gridSearch(set: TrainingSet): Fit {
  const {lengthScales, signalStds, noiseStds} = gpGrid;
  let best: Fit|undefined;
  for (const lengthScale of lengthScales) {
    for (const signalStd of signalStds) {
      for (const noiseStd of noiseStds) {
        const hyperparameters = {lengthScale, signalStd, noiseStd};
        const logLikelihood = logLikelihoodAt(set, hyperparameters);
        if (best === undefined || logLikelihood > best.logLikelihood) {
          best = {hyperparameters, logLikelihood};
        }
      }
    }
  }
  return best!;
}

/**
 * The posterior at m points: the mean k*ᵀ K⁻¹ y + m, the std of f,
 * sqrt(k** - k*ᵀ K⁻¹ k*), and the std of a new observation, which adds σ².
 */
export type Posterior = {
  mean: Float32Array,
  latentStd: Float32Array,
  observationStd: Float32Array,
};

export function posterior(
    set: TrainingSet, hyperparameters: Hyperparameters,
    years: number[]): Posterior {
  return tf.tidy(() => {
    const tensors = scalars(hyperparameters);
    const covariance = noisyCovariance(set, tensors);
    const crossCovariance =
        rbfKernel(squaredDistances(set.x, tf.tensor1d(years)), tensors);
    const weights = solve(covariance, crossCovariance);
    const mean = tf.add(
        tf.matMul(crossCovariance, solve(covariance, set.centeredY), true),
        set.mean);
    // Rounding can take k** - k*ᵀ K⁻¹ k* a hair below zero where data is
    // dense.
    const latentVariance = tf.relu(tf.sub(
        hyperparameters.signalStd ** 2,
        tf.sum(tf.mul(crossCovariance, weights), 0)));
    const observationVariance =
        tf.add(latentVariance, hyperparameters.noiseStd ** 2);
    return {
      mean: mean.dataSync() as Float32Array,
      latentStd: tf.sqrt(latentVariance).dataSync() as Float32Array,
      observationStd: tf.sqrt(observationVariance).dataSync() as Float32Array,
    };
  });
}

/** How the posterior predicts held-out observations. */
export interface HeldOutScore {
  rmse: number;
  /** The share of points outside mean ± 2 observationStd. */
  outsideBand: number;
}

export function scoreHeldOut(
    set: TrainingSet, hyperparameters: Hyperparameters,
    heldOut: Observations): HeldOutScore {
  const {mean, observationStd} = posterior(set, hyperparameters, heldOut.years);
  let squaredError = 0;
  let outside = 0;
  heldOut.ppm.forEach((value, i) => {
    squaredError += (value - mean[i]) ** 2;
    outside += Math.abs(value - mean[i]) > 2 * observationStd[i] ? 1 : 0;
  });
  const count = heldOut.ppm.length;
  return {rmse: Math.sqrt(squaredError / count), outsideBand: outside / count};
}

/** A whole run in numbers. */
export interface GpOutcome {
  start: Fit;
  learned: Fit;
  grid: Fit;
  learnedScore: HeldOutScore;
  gridScore: HeldOutScore;
}

/** Every limit `outcome` misses, in words. */
export function gpShortfalls(
    {start, learned, grid, learnedScore, gridScore}: GpOutcome): string[] {
  const shortfalls: string[] = [];
  if (!(learned.logLikelihood > start.logLikelihood)) {
    shortfalls.push(
        `the learned log likelihood ${learned.logLikelihood} is not above ` +
        `the start's ${start.logLikelihood}`);
  }
  const ratio = learnedScore.rmse / gridScore.rmse;
  if (!(ratio < gpLimits.rmseRatio)) {
    shortfalls.push(
        `the learned held-out RMSE is ${ratio} times the grid's, not below ` +
        gpLimits.rmseRatio);
  }
  if (!(learnedScore.outsideBand <= gpLimits.outsideBand)) {
    shortfalls.push(
        `${learnedScore.outsideBand} of the held-out points are outside ` +
        `the ±2σ band, more than ${gpLimits.outsideBand}`);
  }
  if (!(learned.logLikelihood >= grid.logLikelihood)) {
    shortfalls.push(
        `the learned log likelihood ${learned.logLikelihood} is below the ` +
        `grid's best ${grid.logLikelihood}`);
  }
  return shortfalls;
}

function logSpaced(min: number, max: number, count: number): number[] {
  const [logMin, logMax] = [Math.log(min), Math.log(max)];
  return Array.from(
      {length: count},
      (_, i) => Math.exp(logMin + (logMax - logMin) * i / (count - 1)));
}
