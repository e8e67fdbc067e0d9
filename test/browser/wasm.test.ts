/**
 * The shared cases on tfjs's wasm backend in headless Chromium, with the
 * package's engine (src/cc/) working in tfjs's heap: the page waits for it,
 * and the suite fails if it cannot run there. Before that, a fresh page's
 * first calls, made before the engine is ready, against the cpu backend in
 * the same page. The pages fetch tfjs-backend-wasm's binary from their own
 * server, once without threads (a page that is not cross-origin isolated),
 * and once cross-origin isolated, where tfjs runs its threaded build on a
 * shared heap and the engine its module built for a shared memory. Without
 * Chromium the suite is skipped with the reason, except under CI, where it
 * must run.
 */
import {Page} from 'playwright-core';

import {chromiumMissing, openPage, ServeOptions} from '../../tools/browser';
import {casesByGroup} from '../cases';
import {describeIfAvailable} from '../suite';

import type {BrowserPageApi} from './backend_page';
import {callPage, describeOnPage, useBrowserPage} from './backend_suite';

/** Elements differing from the cpu backend's, per output of the four ops. */
const NONE_DIFFERING = {
  inverse: 0,
  info: 0,
  rcond: 0,
  solution: 0,
  solveInfo: 0,
  det: 0,
  sign: 0,
  logAbsDet: 0,
};

/**
 * The first calls and the shared tests on wasm, in pages served with
 * `options`; `started` is what the page's init must report.
 */
function describeWasmPages(
    label: string, options: ServeOptions,
    started: Awaited<ReturnType<BrowserPageApi['init']>>) {
  describe(label, () => {
    const harness = useBrowserPage(`the four ops on wasm, ${label}`, options);

    describe('a fresh page\'s first calls, before the engine is ready', () => {
      let page: Page;
      let calls: Awaited<ReturnType<typeof firstCalls>>;
      const firstCalls = () => callPage(page, 'firstWasmCallsAgainstCpu');

      beforeAll(async () => {
        page = await openPage(harness(), '/');
        calls = await firstCalls();
      }, 60000);

      afterAll(async () => {
        await page?.close();
      });

      test('run the JavaScript routine: the engine is not ready yet', () => {
        expect(calls.engineAtFirstCall).toBe(false);
      });

      test('give the cpu backend\'s outputs to the bit', () => {
        expect(calls.firstCallsDiffering).toEqual(NONE_DIFFERING);
      });

      test('and so do the calls after it, on the engine', () => {
        expect(calls.engineReady).toBe(true);
        expect(calls.engineDiffering).toEqual(NONE_DIFFERING);
      });
    });

    describeOnPage(
        `wasm, ${label}`, harness, {backend: 'wasm'}, started, page => {
          test('bundles the whole table of cases', async () => {
            const count = [...casesByGroup.values()].reduce(
                (sum, named) => sum + named.size, 0);
            expect(await callPage(page(), 'caseCount')).toBe(count);
          });
        });
  });
}

describeIfAvailable('the four ops on wasm', chromiumMissing(), () => {
  describeWasmPages('without threads', {}, {
    backend: 'wasm',
    engineReady: true,
    threads: false,
    crossOriginIsolated: false,
    sharedHeap: false,
  });

  describeWasmPages(
      'cross-origin isolated, with threads', {crossOriginIsolated: true}, {
        backend: 'wasm',
        engineReady: true,
        threads: true,
        crossOriginIsolated: true,
        sharedHeap: true,
      });
});
