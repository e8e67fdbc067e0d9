/**
 * What the webgl, webgpu and wasm suites run the same way in headless
 * Chromium: one browser per suite, one fresh page per backend configuration,
 * and on it the shared cases, the singular-matrix fixture, agreement with
 * the cpu backend and the layers model.
 */
import * as path from 'path';
import {Page} from 'playwright-core';

import {AGREEMENT_TOLERANCE} from '../../tools/agreement';
import {BrowserHarness, openPage, scriptSite, ServeOptions, startBrowser, withWasmBinaries} from '../../tools/browser';
import {fewShotShortfalls} from '../../tools/few_shot';
import {describeCases} from '../suite';

import type {BrowserPageApi, CaseResult, PageConfig} from './backend_page';

type Method = keyof BrowserPageApi;

/** Calls `method` of the page's API inside the page. */
export function callPage<M extends Method>(
    page: Page, method: M, ...args: Parameters<BrowserPageApi[M]>):
    Promise<Awaited<ReturnType<BrowserPageApi[M]>>> {
  return page.evaluate(({method, args}) => {
    const api = (window as unknown as {
                  browserSuite: Record<string, (...args: unknown[]) => unknown>
                }).browserSuite;
    return api[method](...args);
  }, {
    method,
    args: args as unknown[]
  }) as Promise<Awaited<ReturnType<BrowserPageApi[M]>>>;
}

function throwIfFailed(result: CaseResult) {
  if (!result.ok) {
    throw new Error(result.message);
  }
}

/**
 * Starts Chromium on the bundled backend_page.ts before the suite's tests
 * and closes it after them; returns the harness's getter.
 */
export function useBrowserPage(title: string, options: ServeOptions = {}): () =>
    BrowserHarness {
  let harness: BrowserHarness;
  beforeAll(async () => {
    harness = await startBrowser(
        await withWasmBinaries(
            await scriptSite(title, path.join(__dirname, 'backend_page.ts'))),
        options);
  }, 120000);
  afterAll(async () => {
    await harness?.close();
  });
  return () => harness;
}

/**
 * Declares the shared tests of one backend configuration on a fresh page;
 * `started` is what the page's init must report, and `moreTests` adds the
 * backend's own tests on the same page, before the shared ones.
 */
export function describeOnPage(
    label: string, harness: () => BrowserHarness, config: PageConfig,
    started: Awaited<ReturnType<BrowserPageApi['init']>>,
    moreTests: (page: () => Page) => void = () => {}) {
  describe(label, () => {
    let page: Page;

    beforeAll(async () => {
      page = await openPage(harness(), '/');
      expect(await callPage(page, 'init', config)).toEqual(started);
    }, 60000);

    afterAll(async () => {
      await page?.close();
    });

    moreTests(() => page);

    describeCases(
        async ({group, name}) =>
            throwIfFailed(await callPage(page, 'runCase', {group, name})));

    test(
        'the singular-matrix contract on ~2,000 fixture matrices, with LAPACK\'s verdicts',
        async () => {
          const result = await callPage(page, 'singularContract', label);
          throwIfFailed(result);
          console.log(result.message);
        });

    test('agrees with the cpu backend in the same page', async () => {
      for (const adjoint of [false, true]) {
        const difference =
            await callPage(page, 'agreementWithCpu', config.backend, adjoint);
        expect(difference).toBeLessThan(AGREEMENT_TOLERANCE);
      }
    });

    test('trains, saves and reloads the RidgeSolve layers model', async () => {
      const outcome = await callPage(page, 'trainAndReloadFewShotModel');
      expect(outcome.backend).toBe(config.backend);
      expect(fewShotShortfalls(outcome)).toEqual([]);
    });
  });
}
