/**
 * The shared cases on the webgpu backend, in headless Chromium on
 * SwiftShader's Vulkan, plus the number of compute dispatches per call.
 * Without Chromium or a WebGPU adapter the suite is skipped with the reason,
 * except under CI, where it must run.
 */
import {webgpuMissing} from '../../tools/browser';
import {casesByGroup} from '../cases';
import {describeIfAvailable} from '../suite';

import type {OpName} from './backend_page';
import {callPage, describeOnPage, useBrowserPage} from './backend_suite';

const OPS: OpName[] = ['matrixInverse', 'solve', 'det', 'slogdet'];

/** tfjs's float32 matMul against float64: a few roundings of 24 terms. */
const MATMUL_TOLERANCE = 1e-5;

/**
 * Up to n = 32 a call is one dispatch, whatever the batch: one invocation
 * per matrix eliminates it and writes every output of the kernel (its own
 * pipeline binds them all; a tfjs program writes one buffer).
 */
const SMALL_SIZES = [4, 16, 32];
const SMALL_DISPATCHES = 1;
const SMALL_BATCHES = [1, 1000];

/** Beyond, the count may grow with n, linearly, never with the batch. */
const LARGE_SIZE = 64;
const largeDispatches = (n: number) => 2 * n + 10;
const LARGE_BATCHES = [1, 16];

describeIfAvailable('the four ops on webgpu', webgpuMissing(), () => {
  const harness = useBrowserPage('the four ops on webgpu');

  describeOnPage(
      'WebGPU on SwiftShader', harness, {backend: 'webgpu'},
      {backend: 'webgpu'}, page => {
        test('runs tfjs\'s own matMul right on this backend', async () => {
          expect(await callPage(page(), 'matMulError'))
              .toBeLessThan(MATMUL_TOLERANCE);
        });

        test('bundles the whole table of cases', async () => {
          const count = [...casesByGroup.values()].reduce(
              (sum, named) => sum + named.size, 0);
          expect(await callPage(page(), 'caseCount')).toBe(count);
        });

        describe('compute dispatches per call', () => {
          /** Problems with the counts of `op` at size n and `batches`. */
          async function countProblems(
              op: OpName, n: number, batches: number[],
              limit: number): Promise<string[]> {
            const counts: number[] = [];
            for (const batch of batches) {
              counts.push(await callPage(page(), 'dispatches', op, n, batch));
            }
            const found =
                batches.map((b, i) => `${counts[i]} at batch ${b}`).join(', ');
            console.log(`${op}, n = ${n}: ${found}`);
            const sameForAllBatches = counts.every(c => c === counts[0]);
            return sameForAllBatches && counts[0] <= limit ?
                [] :
                [`n = ${n}: ${found} (at most ${limit}, the same for all)`];
          }

          for (const op of OPS) {
            test(
                `${op}: at most ${SMALL_DISPATCHES} for n <= 32, ` +
                    `${largeDispatches(LARGE_SIZE)} for n = ${LARGE_SIZE}, ` +
                    'whatever the batch',
                async () => {
                  const problems: string[] = [];
                  for (const n of SMALL_SIZES) {
                    problems.push(...await countProblems(
                        op, n, SMALL_BATCHES, SMALL_DISPATCHES));
                  }
                  problems.push(...await countProblems(
                      op, LARGE_SIZE, LARGE_BATCHES,
                      largeDispatches(LARGE_SIZE)));
                  expect(problems).toEqual([]);
                });
          }
        });
      });
});
