/**
 * Learning the ridge penalty λ by gradient descent through a matrix inverse.
 *
 * Ridge regression has a closed-form solution,
 *
 *     w(λ) = (XᵀX + λI)⁻¹ Xᵀy,
 *
 * so the training problem needs no inner loop: for a given λ the weights are
 * one matrix inverse away. The penalty λ itself is a hyperparameter. Here it
 * is learned as an outer problem: minimize the validation error of w(λ) over
 * λ by gradient descent. The gradient of the validation loss with respect to
 * λ has to pass through (XᵀX + λI)⁻¹, which is what `matrixInverse` and its
 * gradient provide (bilevel optimization: hyperparameter optimization by
 * differentiating through the closed-form solution of the inner problem).
 *
 * The data is synthetic and seeded, so every run prints the same numbers:
 * 60 training samples and 40 correlated features, of which only a few
 * matter, with noisy targets. Plain least squares (λ ≈ 0) overfits badly; training starts
 * there and learns a λ that generalizes. A brute-force grid search over λ,
 * one batched inverse of all the candidate matrices, is the reference, and a
 * third, held-out test set checks that the learned λ generalizes.
 *
 * Run with `npm start`. Exits non-zero if training did not reduce the
 * validation loss, or if tensors leaked.
 */
import * as tf from '@tensorflow/tfjs';

import {matrixInverse} from '../src';

const SEED = 42;
const NUM_FEATURES = 40;
const NUM_INFORMATIVE_FEATURES = 8;
const NUM_TRAIN = 60;
const NUM_VALIDATION = 100;
const NUM_TEST = 1000;
/** Correlation of neighbouring features, as in an AR(1) series. */
const FEATURE_CORRELATION = 0.8;
const NOISE_STD = 3;

const INITIAL_LAMBDA = 1e-3;
const EPOCHS = 40;
const LEARNING_RATE = 0.5;
/** Less momentum than Adam's default 0.9, so λ settles without overshooting. */
const ADAM_BETA1 = 0.5;

const GRID_SIZE = 60;
const GRID_MIN_LAMBDA = 1e-4;
const GRID_MAX_LAMBDA = 1e4;
/** How close to the grid's best validation MSE counts as a match. */
const MATCH_TOLERANCE = 0.02;

// ---------------------------------------------------------------------------
// Seeded data

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

/** Samples x with y = x·w + noise: features [n, d], targets [n, 1]. */
type Split = {
  features: tf.Tensor2D,
  targets: tf.Tensor2D,
};

/**
 * One sample's features: standard normal, each correlated with the previous
 * one, so that XᵀX has small eigenvalues and least squares amplifies noise.
 */
function sampleFeatures(normal: () => number, out: Float32Array) {
  const innovationScale = Math.sqrt(1 - FEATURE_CORRELATION ** 2);
  out[0] = normal();
  for (let j = 1; j < out.length; j++) {
    out[j] = FEATURE_CORRELATION * out[j - 1] + innovationScale * normal();
  }
}

function makeSplit(
    numSamples: number, trueWeights: Float32Array,
    normal: () => number): Split {
  const features = new Float32Array(numSamples * NUM_FEATURES);
  const targets = new Float32Array(numSamples);
  for (let n = 0; n < numSamples; n++) {
    const sample =
        features.subarray(n * NUM_FEATURES, (n + 1) * NUM_FEATURES);
    sampleFeatures(normal, sample);
    let target = NOISE_STD * normal();
    for (let j = 0; j < NUM_FEATURES; j++) {
      target += sample[j] * trueWeights[j];
    }
    targets[n] = target;
  }
  return {
    features: tf.tensor2d(features, [numSamples, NUM_FEATURES]),
    targets: tf.tensor2d(targets, [numSamples, 1]),
  };
}

interface Dataset {
  train: Split;
  validation: Split;
  test: Split;
}

function makeDataset(seed: number): Dataset {
  const normal = seededNormal(seededUniform(seed));
  const trueWeights = makeTrueWeights(normal);
  return {
    train: makeSplit(NUM_TRAIN, trueWeights, normal),
    validation: makeSplit(NUM_VALIDATION, trueWeights, normal),
    test: makeSplit(NUM_TEST, trueWeights, normal),
  };
}

function disposeDataset({train, validation, test}: Dataset) {
  tf.dispose([train, validation, test]);
}

// ---------------------------------------------------------------------------
// Ridge regression in closed form

/** What the closed form needs of the training set: XᵀX [d, d], Xᵀy [d, 1]. */
type NormalEquations = {
  gram: tf.Tensor,
  moment: tf.Tensor,
};

function normalEquations({features, targets}: Split): NormalEquations {
  return tf.tidy(() => ({
    gram: tf.matMul(features, features, true, false),
    moment: tf.matMul(features, targets, true, false),
  }));
}

/**
 * w(λ) = (XᵀX + λI)⁻¹ Xᵀy for every λ in `lambdas`: shape [...batch] in,
 * weights [...batch, d, 1] out. A scalar λ gives one [d, 1] weight vector;
 * a vector of them inverts one batch of matrices.
 */
function ridgeWeights(
    {gram, moment}: NormalEquations, lambdas: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const lambdaTimesIdentity =
        tf.mul(lambdas.reshape([...lambdas.shape, 1, 1]), tf.eye(NUM_FEATURES));
    const regularizedGram = tf.add(gram, lambdaTimesIdentity);
    return tf.matMul(matrixInverse(regularizedGram), moment);
  });
}

/**
 * Mean squared error of the predictions of `weights` [...batch, d, 1] on a
 * split: one error per weight vector, shape [...batch].
 */
function meanSquaredError({features, targets}: Split, weights: tf.Tensor):
    tf.Tensor {
  return tf.tidy(() => {
    const predictions = tf.matMul(features, weights);
    return tf.mean(tf.square(tf.sub(predictions, targets)), [-2, -1]);
  });
}

/** The MSE on `split` of the ridge solution for one λ, as a number. */
function ridgeError(
    equations: NormalEquations, lambda: number, split: Split): number {
  return tf.tidy(() => {
    const weights = ridgeWeights(equations, tf.scalar(lambda));
    return meanSquaredError(split, weights).dataSync()[0];
  });
}

// ---------------------------------------------------------------------------
// Learning λ by gradient descent on the validation loss

/** A penalty and the validation MSE of its ridge solution. */
interface LambdaChoice {
  lambda: number;
  validationMse: number;
}

/**
 * Minimizes the validation MSE of w(λ) over log λ with Adam. Learning log λ
 * keeps λ positive and lets the steps span orders of magnitude.
 */
function learnLambda(
    equations: NormalEquations, validation: Split): LambdaChoice {
  const initialLogLambda = tf.scalar(Math.log(INITIAL_LAMBDA));
  const logLambda = tf.variable(initialLogLambda);
  initialLogLambda.dispose();
  const optimizer = tf.train.adam(LEARNING_RATE, ADAM_BETA1);
  const validationLoss = () =>
      meanSquaredError(validation, ridgeWeights(equations, tf.exp(logLambda)))
          .asScalar();

  console.log('epoch      lambda   val MSE   d(val MSE)/d(log lambda)');
  let result: LambdaChoice = {lambda: NaN, validationMse: NaN};
  // Epoch 0 is the starting point; each later epoch is one full-batch step.
  for (let epoch = 0; epoch <= EPOCHS; epoch++) {
    const lambda = Math.exp(logLambda.dataSync()[0]);
    const {value, grads} = tf.variableGrads(validationLoss, [logLambda]);
    const validationMse = value.dataSync()[0];
    const slope = grads[logLambda.name].dataSync()[0];
    console.log(
        `${pad(epoch, 5)}  ${pad(formatLambda(lambda), 10)}  ` +
        `${pad(validationMse.toFixed(4), 8)}  ${pad(slope.toFixed(6), 25)}`);
    if (epoch < EPOCHS) {
      optimizer.applyGradients(
          [{name: logLambda.name, tensor: grads[logLambda.name]}]);
    }
    tf.dispose([value, grads]);
    result = {lambda, validationMse};
  }
  optimizer.dispose();
  logLambda.dispose();
  return result;
}

// ---------------------------------------------------------------------------
// The reference: a brute-force grid search over λ

/** Every λ of a log-spaced grid at once: one inverse of a [60, d, d] batch. */
function gridSearchLambda(
    equations: NormalEquations, validation: Split): LambdaChoice {
  const lambdas = logSpaced(GRID_MIN_LAMBDA, GRID_MAX_LAMBDA, GRID_SIZE);
  const errors = tf.tidy(() => {
    const weights = ridgeWeights(equations, tf.tensor1d(lambdas));
    return meanSquaredError(validation, weights).dataSync();
  });
  let best = 0;
  for (let i = 1; i < errors.length; i++) {
    if (errors[i] < errors[best]) {
      best = i;
    }
  }
  return {lambda: lambdas[best], validationMse: errors[best]};
}

function logSpaced(min: number, max: number, count: number): number[] {
  const [logMin, logMax] = [Math.log(min), Math.log(max)];
  return Array.from(
      {length: count},
      (_, i) => Math.exp(logMin + (logMax - logMin) * i / (count - 1)));
}

// ---------------------------------------------------------------------------
// Output

function pad(value: string|number, width: number): string {
  return String(value).padStart(width);
}

function formatLambda(lambda: number): string {
  return lambda.toExponential(3);
}

/** A relative difference as words: '1.30% above', '0.05% below'. */
function describeGap(relativeDifference: number): string {
  const percent = Math.abs(relativeDifference * 100).toFixed(2);
  return `${percent}% ${relativeDifference < 0 ? 'below' : 'above'}`;
}

function printSummaryRow(
    label: string, lambda: number, validationMse: number, testMse: number) {
  console.log(
      `${label.padEnd(24)}${pad(formatLambda(lambda), 10)}  ` +
      `${pad(validationMse.toFixed(4), 8)}  ${pad(testMse.toFixed(4), 8)}`);
}

async function main() {
  await tf.setBackend('cpu');
  const tensorsAtStart = tf.memory().numTensors;

  const data = makeDataset(SEED);
  const equations = normalEquations(data.train);
  console.log(
      `Ridge regression, ${NUM_TRAIN} training samples, ${NUM_FEATURES} ` +
      `features (${NUM_INFORMATIVE_FEATURES} informative), noise std ` +
      `${NOISE_STD}; ${NUM_VALIDATION} validation and ${NUM_TEST} test ` +
      `samples.`);
  console.log(
      `Learning lambda by Adam (learning rate ${LEARNING_RATE}, beta1 ` +
      `${ADAM_BETA1}) on the ` +
      `validation MSE, through w(lambda) = (XᵀX + lambda I)⁻¹ Xᵀy.\n`);

  const initialValidationMse =
      ridgeError(equations, INITIAL_LAMBDA, data.validation);
  const learned = learnLambda(equations, data.validation);
  const grid = gridSearchLambda(equations, data.validation);
  const initialTestMse = ridgeError(equations, INITIAL_LAMBDA, data.test);
  const learnedTestMse = ridgeError(equations, learned.lambda, data.test);
  const gridTestMse = ridgeError(equations, grid.lambda, data.test);

  console.log(`\n${''.padEnd(24)}    lambda   val MSE  test MSE`);
  printSummaryRow(
      'before (start)', INITIAL_LAMBDA, initialValidationMse, initialTestMse);
  printSummaryRow(
      'after gradient descent', learned.lambda, learned.validationMse,
      learnedTestMse);
  printSummaryRow(
      `grid search (${GRID_SIZE} values)`, grid.lambda, grid.validationMse,
      gridTestMse);
  console.log(
      `(The noise variance, ${NOISE_STD ** 2}, is the lowest MSE any model ` +
      `can reach.)`);

  const improved = learned.validationMse < initialValidationMse;
  const gapToGrid = learned.validationMse / grid.validationMse - 1;
  const matchesGrid = gapToGrid <= MATCH_TOLERANCE;
  console.log(
      `\nValidation MSE ${improved ? 'reduced' : 'NOT reduced'}: ` +
      `${describeGap(learned.validationMse / initialValidationMse - 1)} ` +
      `the start; test MSE ` +
      `${describeGap(learnedTestMse / initialTestMse - 1)} the start.`);
  console.log(
      `Gradient descent's validation MSE is ${describeGap(gapToGrid)} the ` +
      `grid's best: ${matchesGrid ? 'within' : 'NOT within'} ` +
      `${(MATCH_TOLERANCE * 100).toFixed(0)}%.`);

  tf.dispose(equations);
  disposeDataset(data);
  const tensorsAtEnd = tf.memory().numTensors;
  const leaked = tensorsAtEnd !== tensorsAtStart;
  console.log(
      `Tensors: ${tensorsAtStart} at start, ${tensorsAtEnd} at end` +
      `${leaked ? ' (LEAK)' : ''}.`);

  if (!improved) {
    console.error('FAILED: training did not reduce the validation MSE.');
  }
  if (leaked) {
    console.error('FAILED: tensors leaked.');
  }
  if (!improved || leaked) {
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
