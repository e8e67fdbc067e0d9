/**
 * Gaussian-process regression with hyperparameters learned by gradient
 * ascent on the log marginal likelihood, through `solve` and `slogdet`.
 *
 *   npm run example:gp                          # cpu backend
 *   npm run example:gp -- --backend tensorflow  # tfjs-node, if it loads
 *
 * The data mimics four years of weekly CO2 means at Mauna Loa: a trend, a
 * lopsided seasonal cycle, noise, missing weeks and an outage (synthetic and
 * seeded: tools/gaussian_process_data.ts). A quarter of the weeks are held
 * out. The model is a GP with an RBF kernel of length scale l and signal std
 * s, plus noise of std σ; the log marginal likelihood
 *
 *     log p(y) = -½ yᵀ K⁻¹ y - ½ log|K| - n/2 log 2π,  K = k(X, X) + σ² I,
 *
 * is one `solve(K, y)` and one `slogdet(K)`, and tfjs differentiates it
 * through both. Adam climbs it in log l, log s and log σ for a fixed number
 * of steps; a brute-force grid search over the three, by the same
 * likelihood, is the reference; the held-out weeks judge both. The picture
 * of the learned posterior, its mean and ±2σ bands, goes to
 * examples/gaussian_process.svg. The model, the search and the limits are
 * in tools/gaussian_process.ts, which the tests run too.
 *
 * Exits non-zero if a limit is missed or tensors leaked.
 */
import * as tf from '@tensorflow/tfjs';
import * as fs from 'fs';
import * as path from 'path';

import {Fit, gpGrid, gpLimits, GpOutcome, gpShortfalls, gpTraining, gridSearch, HeldOutScore, Hyperparameters, learnHyperparameters, logLikelihoodAt, makeTrainingSet, posterior, scoreHeldOut, TrainingSet} from '../tools/gaussian_process';
import {Co2Data, co2Series, DAYS_PER_YEAR, makeCo2Series} from '../tools/gaussian_process_data';

import {posteriorSvg} from './gaussian_process_plot';

const SVG_PATH = path.join(__dirname, 'gaussian_process.svg');
/** Posterior points in the picture: about one every 3.7 days. */
const PLOT_POINTS = 400;

/**
 * The backend named by `--backend` (default cpu). tfjs-node is an optional
 * peer dependency: if it does not load, the example says why and runs on
 * cpu.
 */
async function selectBackend(argv: string[]): Promise<void> {
  const flag = argv.indexOf('--backend');
  const requested = flag >= 0 ? argv[flag + 1] : 'cpu';
  if (requested !== 'cpu' && requested !== 'tensorflow') {
    throw new Error(
        `--backend must be cpu or tensorflow, but got ${requested}.`);
  }
  if (requested === 'tensorflow') {
    process.env.TF_CPP_MIN_LOG_LEVEL = process.env.TF_CPP_MIN_LOG_LEVEL ?? '2';
    try {
      require('@tensorflow/tfjs-node');
      await tf.setBackend('tensorflow');
      return;
    } catch (e) {
      console.log(`@tensorflow/tfjs-node cannot be loaded (${
          (e as Error).message.split('\n')[0]}); running on cpu.`);
    }
  }
  await tf.setBackend('cpu');
}

function pad(value: string|number, width: number): string {
  return String(value).padStart(width);
}

function hyperparameterColumns(
    {lengthScale, signalStd, noiseStd}: Hyperparameters): string {
  return [
    pad(lengthScale.toFixed(4), 9), pad(signalStd.toFixed(3), 7),
    pad(noiseStd.toFixed(3), 7)
  ].join('  ');
}

function printStep(step: number, {hyperparameters, logLikelihood}: Fit) {
  if (step === 0) {
    console.log(' step  log lik  l (years)  s (ppm)  σ (ppm)');
  }
  console.log(
      `${pad(step, 5)}  ${pad(logLikelihood.toFixed(2), 7)}  ` +
      hyperparameterColumns(hyperparameters));
}

function printSummary(outcome: GpOutcome, startScore: HeldOutScore) {
  const row = (label: string, fit: Fit, score: HeldOutScore) => console.log(
      `${label.padEnd(27)}${hyperparameterColumns(fit.hyperparameters)}  ` +
      `${pad(fit.logLikelihood.toFixed(2), 7)}  ` +
      `${pad(score.rmse.toFixed(3), 8)}  ` +
      `${pad((100 * score.outsideBand).toFixed(1), 6)}%`);
  console.log(
      `\n${''.padEnd(27)}l (years)  s (ppm)  σ (ppm)  log lik  ` +
      'RMSE ppm  outside ±2σ');
  row('start', outcome.start, startScore);
  row(`gradient ascent, ${gpTraining.steps} steps`, outcome.learned,
      outcome.learnedScore);
  const gridSize = gpGrid.lengthScales.length * gpGrid.signalStds.length *
      gpGrid.noiseStds.length;
  row(`grid search, ${gridSize} points`, outcome.grid, outcome.gridScore);
  console.log(
      `(RMSE and outside ±2σ: on the held-out weeks. The series' noise std, ` +
      `${co2Series.noiseStd} ppm, is about the lowest RMSE any model can ` +
      `reach.)`);
}

/** The learned posterior over the whole record, drawn to SVG_PATH. */
function writePicture(set: TrainingSet, data: Co2Data, learned: Fit) {
  const {weeks, outage} = co2Series;
  const yearsOfWeek = (week: number) => week * 7 / DAYS_PER_YEAR;
  const end = yearsOfWeek(weeks);
  const years =
      Array.from({length: PLOT_POINTS}, (_, i) => end * i / (PLOT_POINTS - 1));
  const {lengthScale, signalStd, noiseStd} = learned.hyperparameters;
  const svg = posteriorSvg({
    firstYear: co2Series.firstYear,
    years,
    ...posterior(set, learned.hyperparameters, years),
    train: data.train,
    heldOut: data.heldOut,
    outage:
        [outage.firstWeek, outage.firstWeek + outage.weeks].map(yearsOfWeek),
    title: `GP posterior, learned l = ${lengthScale.toFixed(3)} years, ` +
        `s = ${signalStd.toFixed(2)} ppm, σ = ${noiseStd.toFixed(2)} ppm ` +
        '(synthetic CO2-like data)',
  });
  fs.writeFileSync(SVG_PATH, svg);
  console.log(
      `\nWrote ${path.relative(process.cwd(), SVG_PATH)} ` +
      `(${(svg.length / 1024).toFixed(1)} KB).`);
}

async function main(): Promise<boolean> {
  await selectBackend(process.argv);
  const tensorsAtStart = tf.memory().numTensors;

  const data = makeCo2Series();
  const set = makeTrainingSet(data.train);
  console.log(
      `Backend ${tf.getBackend()}. ${data.train.years.length} training and ` +
      `${data.heldOut.years.length} held-out weeks of a synthetic CO2-like ` +
      `series, ${co2Series.weeks} weeks from ${co2Series.firstYear} on.`);
  console.log(
      `Maximizing the log marginal likelihood by Adam (learning rate ` +
      `${gpTraining.learningRate}) over log l, log s and log σ:\n`);

  const startedAt = Date.now();
  const start: Fit = {
    hyperparameters: gpTraining.initial,
    logLikelihood: logLikelihoodAt(set, gpTraining.initial),
  };
  const learned = learnHyperparameters(set, printStep);
  const grid = gridSearch(set);
  const outcome: GpOutcome = {
    start,
    learned,
    grid,
    learnedScore: scoreHeldOut(set, learned.hyperparameters, data.heldOut),
    gridScore: scoreHeldOut(set, grid.hyperparameters, data.heldOut),
  };
  printSummary(outcome, scoreHeldOut(set, start.hyperparameters, data.heldOut));
  console.log(
      `Learned RMSE / grid RMSE: ${
          (outcome.learnedScore.rmse / outcome.gridScore.rmse).toFixed(3)} ` +
      `(limit ${gpLimits.rmseRatio}). ${
          ((Date.now() - startedAt) / 1000).toFixed(1)} s.`);
  writePicture(set, data, learned);

  tf.dispose(set);
  const tensorsAtEnd = tf.memory().numTensors;
  const shortfalls = gpShortfalls(outcome);
  if (tensorsAtEnd !== tensorsAtStart) {
    shortfalls.push(
        `tensors leaked: ${tensorsAtStart} at start, ${tensorsAtEnd} at end`);
  }
  console.log(
      shortfalls.length === 0 ?
          'OK: the learned hyperparameters fit and predict as well as the ' +
              'grid\'s best, and no tensor leaked.' :
          `FAILED: ${shortfalls.join('; ')}`);
  return shortfalls.length === 0;
}

main().then(ok => process.exit(ok ? 0 : 1), error => {
  console.error(error);
  process.exit(1);
});
