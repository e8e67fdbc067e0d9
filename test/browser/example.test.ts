/**
 * The browser example (examples/browser) in headless Chromium: it trains on
 * the webgl backend, its losses fall, and it leaks no tensors. Saves a
 * screenshot of the finished chart to test-output/browser-example.png.
 * Without Chromium the suite is skipped with the reason, except under CI,
 * where it must run.
 */
import {promises as fs} from 'fs';
import * as path from 'path';
import {Page} from 'playwright-core';

import {BrowserHarness, chromiumMissing, openPage, startBrowser} from '../../tools/browser';
import {exampleSite, ExampleWindow, TrainingResult} from '../../tools/browser_example';
import {describeIfAvailable} from '../suite';

const SCREENSHOT =
    path.join(__dirname, '../../test-output/browser-example.png');
const TRAINING_TIMEOUT_MS = 60000;

describeIfAvailable('the browser example', chromiumMissing(), () => {
  let harness: BrowserHarness;
  let page: Page;
  let result: TrainingResult;

  beforeAll(async () => {
    harness = await startBrowser(await exampleSite());
    page = await openPage(harness, '/');
    await page.setViewportSize({width: 900, height: 680});
  }, 60000);

  beforeAll(async () => {
    await page.waitForFunction(
        () => (window as unknown as ExampleWindow).trainingResult?.done, null,
        {timeout: TRAINING_TIMEOUT_MS});
    result = await page.evaluate(
        () => (window as unknown as ExampleWindow).trainingResult!);
    await fs.mkdir(path.dirname(SCREENSHOT), {recursive: true});
    await page.screenshot({path: SCREENSHOT, fullPage: true});
  }, TRAINING_TIMEOUT_MS + 10000);

  afterAll(async () => {
    await harness?.close();
  });

  test('trains without an error, on the webgl backend', () => {
    expect(result.error).toBeUndefined();
    expect(result.backend).toBe('webgl');
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
    expect(await page.textContent('#status')).toMatch(/backend: webgl · done/);
  });
});
