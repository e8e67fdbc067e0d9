/**
 * The browser example (examples/browser), ready to serve: index.html and
 * main.ts bundled with tfjs and the package's source, and the wasm backend's
 * binaries. Shared by `npm run
 * example:browser` and the test that opens the page, along with what the
 * page leaves on `window` when training ends.
 */
import {promises as fs} from 'fs';
import * as path from 'path';

import {bundle, Site, withWasmBinaries} from './browser';

const EXAMPLE_DIR = path.join(__dirname, '../examples/browser');

export interface TrainingResult {
  backend: string;
  /** Validation MSE at each step: the loss the penalties are trained on. */
  losses: number[];
  /** Test MSE at each step, on held-out data. */
  testLosses: number[];
  /** Tensors left after training that were not there before: 0. */
  leakedTensors: number;
  seconds: number;
  done: true;
  error?: string;
}

export type ExampleWindow = {
  trainingResult?: TrainingResult
};

export async function exampleSite(): Promise<Site> {
  const [html, script] = await Promise.all([
    fs.readFile(path.join(EXAMPLE_DIR, 'index.html')),
    bundle(path.join(EXAMPLE_DIR, 'main.ts')),
  ]);
  return withWasmBinaries(new Map([
    ['/', ['text/html; charset=utf-8', html]],
    ['/index.html', ['text/html; charset=utf-8', html]],
    ['/bundle.js', ['text/javascript; charset=utf-8', script]],
  ]));
}
