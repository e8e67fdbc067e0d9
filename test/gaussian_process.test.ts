/**
 * The Gaussian-process example's procedure (tools/gaussian_process.ts, run by
 * `npm run example:gp`) on the cpu backend: learning the hyperparameters
 * through `solve` and `slogdet` must beat its start and the grid search, and
 * the likelihood and the posterior must match a float64 reference computed
 * by Cholesky factorization, independent of the LU behind `solve` and
 * `slogdet`.
 */
import * as tf from '@tensorflow/tfjs';
import {CholeskyDecomposition, Matrix} from 'ml-matrix';

import {Fit, GpOutcome, gpShortfalls, gpTraining, gridSearch, Hyperparameters, learnHyperparameters, logLikelihoodAt, makeTrainingSet, Posterior, posterior, scoreHeldOut} from '../tools/gaussian_process';
import {Co2Data, makeCo2Series, Observations} from '../tools/gaussian_process_data';

/** A whole run, in numbers, with every tensor disposed. */
interface Run {
  outcome: GpOutcome;
  /** The learned posterior at the held-out weeks. */
  heldOutPosterior: Posterior;
  tensorsAtStart: number;
  tensorsAtEnd: number;
}

let data: Co2Data;
let run: Run;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const tensorsAtStart = tf.memory().numTensors;
  data = makeCo2Series();
  const set = makeTrainingSet(data.train);
  const start: Fit = {
    hyperparameters: gpTraining.initial,
    logLikelihood: logLikelihoodAt(set, gpTraining.initial),
  };
  const learned = learnHyperparameters(set);
  const grid = gridSearch(set);
  run = {
    outcome: {
      start,
      learned,
      grid,
      learnedScore: scoreHeldOut(set, learned.hyperparameters, data.heldOut),
      gridScore: scoreHeldOut(set, grid.hyperparameters, data.heldOut),
    },
    heldOutPosterior:
        posterior(set, learned.hyperparameters, data.heldOut.years),
    tensorsAtStart,
    tensorsAtEnd: NaN,
  };
  tf.dispose(set);
  run.tensorsAtEnd = tf.memory().numTensors;
});

describe('Gaussian-process example', () => {
  test(
      'gradient ascent raises the log likelihood above its start and the grid\'s best',
      () => {
        const {start, learned, grid} = run.outcome;
        // From about -310 at the start to about -95; the grid's best is -109.
        expect(learned.logLikelihood)
            .toBeGreaterThan(start.logLikelihood + 100);
        expect(learned.logLikelihood).toBeGreaterThan(grid.logLikelihood);
        // The length scale falls from a year to a few months, and σ to about
        // the series' noise std (0.3 ppm).
        expect(learned.hyperparameters.lengthScale).toBeLessThan(0.4);
        expect(learned.hyperparameters.noiseStd).toBeGreaterThan(0.2);
        expect(learned.hyperparameters.noiseStd).toBeLessThan(0.45);
      });

  test(
      'the learned model predicts the held-out weeks as well as the grid\'s',
      () => {
        const {learnedScore, gridScore} = run.outcome;
        expect(gpShortfalls(run.outcome)).toEqual([]);
        expect(learnedScore.rmse).toBeLessThan(1.2 * gridScore.rmse);
        expect(learnedScore.outsideBand).toBeLessThanOrEqual(0.15);
      });

  test('the log likelihood matches a float64 reference', () => {
    const {start, learned, grid} = run.outcome;
    for (const fit of [start, learned, grid]) {
      const expected =
          reference(data.train, fit.hyperparameters, []).logLikelihood;
      // Measured: 5e-5 (K's entries rounded to float32).
      expect(Math.abs(fit.logLikelihood - expected)).toBeLessThan(1e-3);
    }
  });

  test(
      'the posterior at the held-out weeks matches a float64 reference', () => {
        const {hyperparameters} = run.outcome.learned;
        const expected =
            reference(data.train, hyperparameters, data.heldOut.years);
        const actual = run.heldOutPosterior;
        // Measured: 3e-5 ppm (one float32 step at 400) and 8e-6 ppm.
        expect(maxDifference(actual.mean, expected.mean)).toBeLessThan(2e-4);
        expect(maxDifference(actual.latentStd, expected.latentStd))
            .toBeLessThan(1e-4);
        const heldOutRmse = Math.sqrt(
            data.heldOut.ppm.reduce(
                (sum, value, i) => sum + (value - expected.mean[i]) ** 2, 0) /
            data.heldOut.ppm.length);
        expect(Math.abs(run.outcome.learnedScore.rmse - heldOutRmse))
            .toBeLessThan(1e-4);
      });

  test('leaks no tensor', () => {
    expect(run.tensorsAtEnd).toBe(run.tensorsAtStart);
  });
});

/**
 * The log marginal likelihood and the posterior mean and latent std at
 * `years`, in float64, by Cholesky: K = L Lᵀ, log|K| = 2 Σ log L_ii.
 */
function reference(
    train: Observations, {lengthScale, signalStd, noiseStd}: Hyperparameters,
    years: number[]) {
  const n = train.years.length;
  const mean = train.ppm.reduce((sum, value) => sum + value, 0) / n;
  const kernel = (a: number, b: number) =>
      signalStd ** 2 * Math.exp(-((a - b) ** 2) / (2 * lengthScale ** 2));
  const covariance = Matrix.from1DArray(
      n, n,
      Array.from(
          {length: n * n},
          (_, k) => kernel(train.years[k / n | 0], train.years[k % n]) +
              ((k / n | 0) === k % n ? noiseStd ** 2 : 0)));
  const y = Matrix.columnVector(train.ppm.map(value => value - mean));
  const cholesky = new CholeskyDecomposition(covariance);
  const alpha = cholesky.solve(y);
  let logDeterminant = 0;
  for (let i = 0; i < n; i++) {
    logDeterminant += 2 * Math.log(cholesky.lowerTriangularMatrix.get(i, i));
  }
  const logLikelihood =
      -0.5 * (y.dot(alpha) + logDeterminant + n * Math.log(2 * Math.PI));
  const crossCovariance = new Matrix(n, years.length);
  crossCovariance.apply((i, j) => {
    crossCovariance.set(i, j, kernel(train.years[i], years[j]));
  });
  const weights = cholesky.solve(crossCovariance);
  return {
    logLikelihood,
    mean: years.map(
        (_, j) => mean + crossCovariance.getColumnVector(j).dot(alpha)),
    latentStd: years.map(
        (_, j) => Math.sqrt(
            signalStd ** 2 -
            crossCovariance.getColumnVector(j).dot(
                weights.getColumnVector(j)))),
  };
}

function maxDifference(a: ArrayLike<number>, b: number[]): number {
  return Math.max(...b.map((value, i) => Math.abs(a[i] - value)));
}
