/**
 * The shared cases on the webgl backend, in headless Chromium: WebGL2 with
 * packing on (tfjs's default) and off, and WebGL1. Each configuration gets a
 * fresh page, since the WebGL version is fixed when the backend starts.
 * Without Chromium the suite is skipped with the reason, except under CI,
 * where it must run.
 */
import * as path from 'path';
import {Page} from 'playwright-core';

import {AGREEMENT_TOLERANCE} from '../../tools/agreement';
import {BrowserHarness, chromiumMissing, openPage, scriptSite, startBrowser} from '../../tools/browser';
import {fewShotShortfalls} from '../../tools/few_shot';
import {describeCases, describeIfAvailable} from '../suite';

import type {CaseResult, WebGLConfig, WebGLPageApi} from './webgl_page';

type Suite = {
  webglSuite: WebGLPageApi
};

const configs: Array<[string, WebGLConfig]> = [
  ['WebGL2', {webglVersion: 2, pack: true}],
  ['WebGL2, WEBGL_PACK off', {webglVersion: 2, pack: false}],
  ['WebGL1', {webglVersion: 1, pack: true}],
];

function throwIfFailed(result: CaseResult) {
  if (!result.ok) {
    throw new Error(result.message);
  }
}

describeIfAvailable('matrixInverse on webgl', chromiumMissing(), () => {
  let harness: BrowserHarness;

  beforeAll(async () => {
    harness = await startBrowser(await scriptSite(
        'matrixInverse on webgl', path.join(__dirname, 'webgl_page.ts')));
  }, 120000);

  afterAll(async () => {
    await harness?.close();
  });

  for (const [label, config] of configs) {
    describe(label, () => {
      let page: Page;

      beforeAll(async () => {
        page = await openPage(harness, '/');
        const started = await page.evaluate(
            config => (window as unknown as Suite).webglSuite.init(config),
            config);
        expect(started).toEqual({
          backend: 'webgl',
          webglVersion: config.webglVersion,
          renderFloat32: true
        });
      }, 60000);

      afterAll(async () => {
        await page?.close();
      });

      describeCases(
          async ({group, name}) => throwIfFailed(await page.evaluate(
              key => (window as unknown as Suite).webglSuite.runCase(key),
              {group, name})));

      test(
          'the singular-matrix contract on ~2,000 fixture matrices, with LAPACK\'s verdicts',
          async () => {
            const result = await page.evaluate(
                label => (window as unknown as Suite)
                             .webglSuite.singularContract(label),
                label);
            throwIfFailed(result);
            console.log(result.message);
          });

      test('agrees with the cpu backend in the same page', async () => {
        for (const adjoint of [false, true]) {
          const difference = await page.evaluate(
              adjoint => (window as unknown as Suite)
                             .webglSuite.agreementWithCpu('webgl', adjoint),
              adjoint);
          expect(difference).toBeLessThan(AGREEMENT_TOLERANCE);
        }
      });

      test(
          'trains, saves and reloads the RidgeSolve layers model', async () => {
            const outcome = await page.evaluate(
                () => (window as unknown as Suite)
                          .webglSuite.trainAndReloadFewShotModel());
            expect(outcome.backend).toBe('webgl');
            expect(fewShotShortfalls(outcome)).toEqual([]);
          });

      test('says so where float32 render targets are missing', async () => {
        const message = await page.evaluate(
            () => (window as unknown as Suite)
                      .webglSuite.errorWithoutFloat32RenderTargets());
        expect(message).toMatch(/matrixInverse.*float32/i);
      });
    });
  }
});
