/**
 * The browser example: learns one ridge penalty per feature through
 * `matrixInverse` on the webgl backend (see problem.ts), and plots the
 * validation and test errors as they fall. When training ends,
 * `window.trainingResult` holds the losses, for tests and the curious.
 */
import * as tf from '@tensorflow/tfjs';

import type {ExampleWindow, TrainingResult} from '../../tools/browser_example';

import {drawLossChart, Series} from './chart';
import {NOISE_STD, NUM_FEATURES, PerFeatureRidge} from './problem';

const STEPS = 80;

const canvas = document.getElementById('chart') as HTMLCanvasElement;
const status = document.getElementById('status')!;

/** The webgl backend, or the cpu one where the browser has no WebGL. */
async function startBackend(): Promise<string> {
  if (!(await tf.setBackend('webgl'))) {
    await tf.setBackend('cpu');
  }
  return tf.getBackend();
}

function plot(losses: number[], testLosses: number[]) {
  const series: Series[] = [
    {label: 'validation MSE (trained on)', color: '#1f6fb4', values: losses},
    {label: 'test MSE (held out)', color: '#e8731a', values: testLosses},
  ];
  drawLossChart(canvas, series, {
    lastStep: STEPS,
    floor: {
      label: `noise variance ${NOISE_STD ** 2}: no model does better`,
      value: NOISE_STD ** 2
    },
  });
}

function showStatus(text: string) {
  status.textContent = text;
}

async function train(): Promise<TrainingResult> {
  const backend = await startBackend();
  const tensorsAtStart = tf.memory().numTensors;
  const started = performance.now();
  const model = new PerFeatureRidge();
  const losses: number[] = [];
  const testLosses: number[] = [];
  try {
    for (let step = 0; step <= STEPS; step++) {
      const {validationMse, testMse} = await model.step();
      losses.push(validationMse);
      testLosses.push(testMse);
      plot(losses, testLosses);
      showStatus(
          `backend: ${backend} · step ${step} of ${STEPS} · validation MSE ` +
          `${validationMse.toFixed(2)} · test MSE ${testMse.toFixed(2)}`);
      // Let the browser paint the chart before the next step.
      await tf.nextFrame();
    }
  } finally {
    model.dispose();
  }
  const seconds = (performance.now() - started) / 1000;
  showStatus(
      `backend: ${backend} · done: ${STEPS} steps in ` +
      `${seconds.toFixed(1)} s · validation MSE ${losses[0].toFixed(1)} → ` +
      `${losses[STEPS].toFixed(2)} · test MSE ` +
      `${testLosses[0].toFixed(1)} → ${testLosses[STEPS].toFixed(2)}`);
  return {
    backend,
    losses,
    testLosses,
    leakedTensors: tf.memory().numTensors - tensorsAtStart,
    seconds,
    done: true,
  };
}

document.getElementById('features')!.textContent = String(NUM_FEATURES);
train().then(
    result => {
      (window as Window & ExampleWindow).trainingResult = result;
    },
    (error: Error) => {
      showStatus(`backend: ${tf.getBackend()} · failed: ${error.message}`);
      (window as Window & ExampleWindow).trainingResult = {
        backend: tf.getBackend(),
        losses: [],
        testLosses: [],
        leakedTensors: 0,
        seconds: 0,
        done: true,
        error: error.message,
      };
    });
