/**
 * The browser example (examples/browser) in headless Chromium: it starts on
 * the fastest backend, webgpu, or on the one picked with `?backend=` (webgl
 * and wasm here); it trains there, its losses fall, and it leaks no tensors.
 * Saves a screenshot of each finished chart to
 * test-output/browser-example-<backend>.png. Without Chromium (or, for webgpu,
 * a WebGPU adapter) a run is skipped with the reason, except under CI, where it
 * must run.
 */
import {promises as fs} from 'fs';
import * as path from 'path';
import {Page} from 'playwright-core';

import {BrowserHarness, chromiumMissing, openPage, startBrowser, webgpuMissing} from '../../tools/browser';
import {exampleSite, ExampleWindow, TrainingResult} from '../../tools/browser_example';
import {describeIfAvailable} from '../suite';

const TRAINING_TIMEOUT_MS = 120000;

const screenshot = (backend: string) =>
    path.join(__dirname, `../../test-output/browser-example-${backend}.png`);

function describeExample(
    label: string, pagePath: string, backend: string,
    unavailable: string|null) {
  describeIfAvailable(`the browser example, ${label}`, unavailable, () => {
    let harness: BrowserHarness;
    let page: Page;
    let result: TrainingResult;

    beforeAll(async () => {
      harness = await startBrowser(await exampleSite());
      page = await openPage(harness, pagePath);
      await page.setViewportSize({width: 900, height: 720});
    }, 60000);

    beforeAll(async () => {
      await page.waitForFunction(
          () => (window as unknown as ExampleWindow).trainingResult?.done, null,
          {timeout: TRAINING_TIMEOUT_MS});
      result = await page.evaluate(
          () => (window as unknown as ExampleWindow).trainingResult!);
      await fs.mkdir(path.dirname(screenshot(backend)), {recursive: true});
      await page.screenshot({path: screenshot(backend), fullPage: true});
    }, TRAINING_TIMEOUT_MS + 10000);

    afterAll(async () => {
      await harness?.close();
    });

    test(`trains without an error, on the ${backend} backend`, () => {
      expect(result.error).toBeUndefined();
      expect(result.backend).toBe(backend);
    });

    test('shows the backend in the picker', async () => {
      expect(await page.inputValue('#backend')).toBe(backend);
    });

    test('offers webgpu, webgl, wasm and cpu, fastest first', async () => {
      const options = await page.$$eval(
          '#backend option',
          all => all.map(o => (o as HTMLOptionElement).value));
      expect(options).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    });

    test('has a finite loss at every step', () => {
      expect(result.losses.length).toBeGreaterThan(10);
      expect(result.losses.every(Number.isFinite)).toBe(true);
      expect(result.testLosses.every(Number.isFinite)).toBe(true);
    });

    test('more than halves the validation and the test loss', () => {
      const {losses, testLosses} = result;
      expect(losses[losses.length - 1]).toBeLessThan(losses[0] / 2);
      expect(testLosses[testLosses.length - 1]).toBeLessThan(testLosses[0] / 2);
    });

    test('disposes every tensor it made', () => {
      expect(result.leakedTensors).toBe(0);
    });

    test('says "done" in the status line', async () => {
      expect(await page.textContent('#status'))
          .toMatch(new RegExp(`backend: ${backend} · done`));
    });
  });
}

describeExample('picked: webgl', '/?backend=webgl', 'webgl', chromiumMissing());
describeExample('picked: wasm', '/?backend=wasm', 'wasm', chromiumMissing());
describeExample(
    'by default on the fastest, webgpu', '/', 'webgpu', webgpuMissing());
