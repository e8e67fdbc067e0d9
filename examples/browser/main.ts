/**
 * The browser example: learns one ridge penalty per feature through
 * `matrixInverse` (see problem.ts) on the fastest backend the browser has,
 * or the one picked in the page (`?backend=webgl`), and plots the validation
 * and test errors as they fall. When training ends, `window.trainingResult`
 * holds the losses, for tests and the curious.
 */
import '@tensorflow/tfjs-backend-webgpu';

import * as tf from '@tensorflow/tfjs';
import {setWasmPaths} from '@tensorflow/tfjs-backend-wasm';

import {MatrixInverse} from '../../src';
import type {ExampleWindow, TrainingResult} from '../../tools/browser_example';
import {WASM_BINARIES_PATH} from '../../tools/wasm_binaries';

import {drawLossChart, Series} from './chart';
import {NOISE_STD, NUM_FEATURES, PerFeatureRidge} from './problem';

const STEPS = 80;

/**
 * The backends the picker offers, fastest first, when tfjs has them
 * registered: wasm only where the application loads tfjs-backend-wasm, as
 * this one does.
 */
const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'];

// tfjs-backend-wasm fetches its binary from this page's server (serve.ts);
// without cross-origin isolation it runs without threads.
setWasmPaths(WASM_BINARIES_PATH);

const canvas = document.getElementById('chart') as HTMLCanvasElement;
const status = document.getElementById('status')!;
const picker = document.getElementById('backend') as HTMLSelectElement;

function registeredBackends(): string[] {
  return BACKENDS.filter(name => tf.findBackendFactory(name) != null);
}

/** This package brings kernels for some backends only. */
function hasKernel(backend: string): boolean {
  return tf.getKernel(MatrixInverse, backend) != null;
}

/**
 * The backend asked for in the URL, else the fastest that starts; one that
 * fails to start (no WebGPU adapter, say) gives way to the next.
 */
async function startBackend(requested: string|null): Promise<string> {
  const usable = registeredBackends().filter(hasKernel);
  const order = usable.includes(requested ?? '') ?
      [requested!, ...usable.filter(name => name !== requested)] :
      usable;
  for (const name of order) {
    if (await tf.setBackend(name)) {
      return name;
    }
  }
  throw new Error(`none of the backends ${usable.join(', ')} started`);
}

/** Lists the registered backends; picking one reloads the page on it. */
function fillPicker(current: string) {
  for (const name of registeredBackends()) {
    const label = hasKernel(name) ? name : `${name} (no kernel here)`;
    const option = new Option(label, name, false, name === current);
    option.disabled = !hasKernel(name);
    picker.add(option);
  }
  picker.addEventListener('change', () => {
    location.search = `?backend=${picker.value}`;
  });
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
  const backend =
      await startBackend(new URLSearchParams(location.search).get('backend'));
  fillPicker(backend);
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
