/**
 * The shared cases on the webgl backend, in headless Chromium: WebGL2 with
 * packing on (tfjs's default) and off, and WebGL1. Each configuration gets a
 * fresh page, since the WebGL version is fixed when the backend starts.
 */
import * as path from 'path';
import {Page} from 'playwright-core';

import {cases} from '../cases';

import {BrowserHarness, bundle, openPage, pageWithScript, startBrowser} from './harness';
import type {WebGLConfig, WebGLPageApi} from './webgl_page';

type Suite = {webglSuite: WebGLPageApi};

const configs: Array<[string, WebGLConfig]> = [
  ['WebGL2', {webglVersion: 2, pack: true}],
  ['WebGL2, WEBGL_PACK off', {webglVersion: 2, pack: false}],
  ['WebGL1', {webglVersion: 1, pack: true}],
];

let harness: BrowserHarness;

beforeAll(async () => {
  const script = await bundle(path.join(__dirname, 'webgl_page.ts'));
  harness = await startBrowser(new Map([
    ['/', ['text/html', pageWithScript('matrixInverse on webgl')]],
    ['/bundle.js', ['text/javascript', script]],
  ]));
}, 120000);

afterAll(async () => {
  await harness?.close();
});

for (const [label, config] of configs) {
  describe(`matrixInverse on ${label}`, () => {
    let page: Page;

    beforeAll(async () => {
      page = await openPage(harness, '/');
      const started = await page.evaluate(
          config => (window as unknown as Suite).webglSuite.init(config), config);
      expect(started).toEqual(
          {backend: 'webgl', webglVersion: config.webglVersion, renderFloat32: true});
    }, 60000);

    afterAll(async () => {
      await page?.close();
    });

    for (const group of new Set(cases.map(c => c.group))) {
      describe(group, () => {
        for (const {name} of cases.filter(c => c.group === group)) {
          test(name, async () => {
            const result = await page.evaluate(
                name => (window as unknown as Suite).webglSuite.runCase(name), name);
            if (!result.ok) {
              throw new Error(result.message);
            }
          });
        }
      });
    }

    test('the singular-matrix contract on ~2,000 fixture matrices, with LAPACK\'s verdicts',
         async () => {
           const result = await page.evaluate(
               label => (window as unknown as Suite).webglSuite.singularContract(label),
               label);
           if (!result.ok) {
             throw new Error(result.message);
           }
           console.log(result.message);
         });

    test('agrees with the cpu backend in the same page', async () => {
      for (const adjoint of [false, true]) {
        const difference = await page.evaluate(
            adjoint => (window as unknown as Suite).webglSuite.webglVersusCpu(adjoint),
            adjoint);
        expect(difference).toBeLessThan(1e-5);
      }
    });

    test('trains, saves and reloads the RidgeSolve layers model', async () => {
      const result = await page.evaluate(
          () => (window as unknown as Suite).webglSuite.trainFewShotModel());
      // The same model and loss thresholds as the cpu layers suite. The
      // reloaded model computes exp(log λ) of its small weight on the CPU,
      // the trained one on the GPU: they may differ in the last bit, and
      // the solve carries that through, so the reload gets float32 slack.
      expect(result.backend).toBe('webgl');
      expect(result.finalLoss).toBeLessThan(0.02);
      expect(result.finalLoss).toBeLessThan(result.initialLoss / 50);
      expect(result.reloadDifference).toBeLessThan(1e-5);
    });

    test('says so where float32 render targets are missing', async () => {
      const message = await page.evaluate(
          () => (window as unknown as Suite).webglSuite.errorWithoutFloat32RenderTargets());
      expect(message).toMatch(/matrixInverse.*float32/i);
    });
  });
}
