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
 * The data is synthetic and seeded (see ridge_data.ts), so every run prints
 * the same numbers: 60 training samples and 40 correlated features, of which
 * only a few matter, with noisy targets. Plain least squares (λ ≈ 0)
 * overfits badly; training starts there and learns a λ that generalizes. A
 * brute-force grid search over λ, one batched inverse of all the candidate
 * matrices, is the reference, and a third, held-out test set checks that the
 * learned λ generalizes.
 *
 * Run with `npm start`. Exits non-zero if training did not reduce the
 * validation loss, or if tensors leaked.
 */
import * as tf from '@tensorflow/tfjs';

import {matrixInverse} from '../src';

import {makeDataset, meanSquaredError, NormalEquations, normalEquations, RidgeDataConfig, Split} from './ridge_data';

const DATA: RidgeDataConfig = {
  seed: 42,
  numFeatures: 40,
  numInformativeFeatures: 8,
  numTrain: 60,
  numValidation: 100,
  numTest: 1000,
  featureCorrelation: 0.8,
  noiseStd: 3,
};

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
// Ridge regression in closed form

/**
 * w(λ) = (XᵀX + λI)⁻¹ Xᵀy for every λ in `lambdas`: shape [...batch] in,
 * weights [...batch, d, 1] out. A scalar λ gives one [d, 1] weight vector;
 * a vector of them inverts one batch of matrices.
 */
function ridgeWeights(
    {gram, moment}: NormalEquations, lambdas: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const lambdaTimesIdentity = tf.mul(
        lambdas.reshape([...lambdas.shape, 1, 1]), tf.eye(DATA.numFeatures));
    const regularizedGram = tf.add(gram, lambdaTimesIdentity);
    return tf.matMul(matrixInverse(regularizedGram), moment);
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

  const data = makeDataset(DATA);
  const equations = normalEquations(data.train);
  console.log(
      `Ridge regression, ${DATA.numTrain} training samples, ` +
      `${DATA.numFeatures} features (${DATA.numInformativeFeatures} ` +
      `informative), noise std ${DATA.noiseStd}; ${DATA.numValidation} ` +
      `validation and ${DATA.numTest} test samples.`);
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
      `(The noise variance, ${DATA.noiseStd ** 2}, is the lowest MSE any ` +
      `model can reach.)`);

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
  tf.dispose(data);
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
