/**
 * `npm run bench:browser`: matrixInverse on the webgpu, webgl, wasm and cpu
 * backends of one page in headless Chromium (WebGPU and WebGL by
 * SwiftShader), plus the shader programs per webgl call and the compute
 * dispatches per webgpu call. Progress goes to stderr, the report (markdown)
 * to stdout.
 */
import * as os from 'os';
import * as path from 'path';
import {Page} from 'playwright-core';

import {openPage, scriptSite, startBrowser, withWasmBinaries} from '../../tools/browser';
import {formatNumber, formatRatio, markdownTable} from '../markdown';

import type {BackendName, BenchCase, BrowserBench, BrowserDescription, CallTimes, ProgramCount} from './page';

/**
 * The sizes of `npm run bench` up to n = 256. At n = 256 a webgl call runs
 * 515 programs over 65,536 fragments each, slow on SwiftShader: fewer calls.
 */
const CASES: BenchCase[] = [
  {n: 4, batch: 10000, warmupCalls: 3, timedCalls: 25},
  {n: 16, batch: 1000, warmupCalls: 3, timedCalls: 25},
  {n: 64, batch: 16, warmupCalls: 3, timedCalls: 15},
  {n: 256, batch: 1, warmupCalls: 1, timedCalls: 5},
];

/** The webgl kernel runs 2n + 7 programs; this leaves room, never n². */
const programTarget = (n: number) => 3 * n + 5;

/**
 * The webgpu target: a whole batch in at most two dispatches up to n = 32
 * (the kernel runs one), and in a number linear in n beyond (2n + 3).
 */
const dispatchTarget = (n: number) => n <= 32 ? 2 : 2 * n + 10;

interface CaseResult {
  benchCase: BenchCase;
  times: Partial<Record<BackendName, CallTimes>>;
  programCount: ProgramCount;
  /** The same count for a single matrix: the batch size must not matter. */
  programsForOneMatrix: number;
  /** Dispatches per webgpu call, at the case's batch and for one matrix. */
  dispatches?: {atBatch: number, forOneMatrix: number};
}

type BenchWindow = {
  browserBench: BrowserBench
};

function progress(message: string) {
  process.stderr.write(`bench:browser: ${message}\n`);
}

async function runCase(
    page: Page, benchCase: BenchCase,
    backends: BackendName[]): Promise<CaseResult> {
  progress(`n = ${benchCase.n}, batch ${benchCase.batch}: timing ${
      backends.join(', ')}`);
  const times = await page.evaluate(
      ([backends, benchCase]) =>
          (window as unknown as BenchWindow)
              .browserBench.timeCalls(backends, benchCase),
      [backends, benchCase] as const);
  const countPrograms = (batch: number) => page.evaluate(
      ([n, batch]) => (window as unknown as BenchWindow)
                          .browserBench.countPrograms(n, batch),
      [benchCase.n, batch]);
  const programCount = await countPrograms(benchCase.batch);
  const programsForOneMatrix = (await countPrograms(1)).programs;
  const result:
      CaseResult = {benchCase, times, programCount, programsForOneMatrix};
  if (backends.includes('webgpu')) {
    const countDispatches = (batch: number) => page.evaluate(
        ([n, batch]) => (window as unknown as BenchWindow)
                            .browserBench.countDispatches(n, batch),
        [benchCase.n, batch]);
    result.dispatches = {
      atBatch: await countDispatches(benchCase.batch),
      forOneMatrix: await countDispatches(1),
    };
  }
  return result;
}

function header(browser: BrowserDescription): string[] {
  const cpus = os.cpus();
  const versions = browser.tfjsVersions;
  const webgpu = browser.webgpuAdapter == null ?
      'webgpu: not available in this browser, left out' :
      `webgpu (tfjs-backend-webgpu ${versions['tfjs-backend-webgpu']}, ` +
          `adapter ${browser.webgpuAdapter})`;
  const wasm = `wasm (tfjs-backend-wasm ${versions['tfjs-backend-wasm']}, ` +
      `SIMD ${onOff(browser.wasm.simd)}, threads ${
                   onOff(browser.wasm.threads)}, the package's engine ${
                   browser.wasm.engine ? 'running' : 'not running'})`;
  const lines = [
    '# matrixInverse in the browser: webgpu, webgl, wasm and cpu',
    '',
    `Backends: ${webgpu}, webgl (tfjs-backend-webgl ` +
        `${versions['tfjs-backend-webgl']}, WebGL ${browser.webglVersion}), ` +
        `${wasm} and cpu (tfjs-backend-cpu ${versions['tfjs-backend-cpu']}), ` +
        'in one page, switched with tf.setBackend.',
    `Browser: ${browser.userAgent}; WebGL renderer: ${browser.webglRenderer}.`,
    `Machine: ${cpus[0].model}, ${cpus.length} cores, Node ${process.version}.`,
  ];
  if (/swiftshader/i.test(
          `${browser.webglRenderer} ${browser.webgpuAdapter}`)) {
    lines.push(
        'SwiftShader emulates the GPU on the CPU (WebGL and WebGPU alike): ' +
        'these timings are relative figures only; real GPUs will differ.');
  }
  lines.push(
      '',
      'A call is `matrixInverse(x)` and then `await inverse.data()`, so the ' +
          'GPU work is counted. Every backend inverts the same seeded ' +
          'matrices (those of `npm run bench`), and the calls take turns ' +
          'across the backends. "first" is the first call at that size ' +
          '(shader compilation included), "warm" the median of the timed ' +
          'calls after warm-up calls.');
  return lines;
}

function onOff(on: boolean): string {
  return on ? 'on' : 'off';
}

function resultTable(results: CaseResult[], backends: BackendName[]): string {
  const ms = (times?: CallTimes) => times == null ?
      '-' :
      `${formatNumber(times.firstCallMs)} / ${
          formatNumber(times.warmMsPerCall)}`;
  const warmRatio = (a?: CallTimes, b?: CallTimes) => a == null || b == null ?
      '-' :
      formatRatio(a.warmMsPerCall / b.warmMsPerCall);
  const rows = results.map(
      ({benchCase, times, programCount, dispatches}) =>
          [String(benchCase.n), benchCase.batch.toLocaleString('en-US'),
           ...backends.map(backend => ms(times[backend])),
           ...(backends.includes('webgpu') ?
                   [warmRatio(times.webgpu, times.cpu)] :
                   []),
           warmRatio(times.webgl, times.cpu), warmRatio(times.wasm, times.cpu),
           ...(dispatches == null ? [] : [String(dispatches.atBatch)]),
           String(programCount.programs), String(benchCase.timedCalls)]);
  const hasWebGPU = backends.includes('webgpu');
  return markdownTable(
      [
        'n', 'batch', ...backends.map(b => `${b} ms, first / warm`),
        ...(hasWebGPU ? ['webgpu/cpu warm'] : []), 'webgl/cpu warm',
        'wasm/cpu warm', ...(hasWebGPU ? ['webgpu dispatches/call'] : []),
        'webgl programs/call', 'timed calls'
      ],
      rows);
}

function countVerdict(
    results: CaseResult[], what: string, target: string,
    count: (r: CaseResult) => {
      atBatch: number,
      forOneMatrix: number
    },
    limit: (n: number) => number): string[] {
  const sizes = (cases: CaseResult[]) =>
      cases.map(r => `n = ${r.benchCase.n}`).join(', ');
  const missed = results.filter(r => count(r).atBatch > limit(r.benchCase.n));
  const batchDependent =
      results.filter(r => count(r).atBatch !== count(r).forOneMatrix);
  return [
    `${what} per call: target ${target}: ` +
        (missed.length === 0 ? 'met' : `missed (${sizes(missed)})`),
    `${what} per call at batch 1 and at the batch above: ` +
        (batchDependent.length === 0 ? 'the same' :
                                       `different (${sizes(batchDependent)})`),
  ];
}

function countVerdicts(results: CaseResult[]): string[] {
  const kernels = new Set(results.flatMap(r => r.programCount.profiledKernels));
  const lines = countVerdict(
      results, 'webgl programs', '<= 3n + 5',
      r => ({
        atBatch: r.programCount.programs,
        forOneMatrix: r.programsForOneMatrix
      }),
      programTarget);
  if (results.every(r => r.dispatches != null)) {
    lines.push(...countVerdict(
        results, 'webgpu dispatches', '<= 2 for n <= 32, <= 2n + 10 beyond',
        r => r.dispatches!, dispatchTarget));
  }
  lines.push(
      `(tf.profile lists kernels, not the programs a kernel runs: for one ` +
      `call it lists [${[...kernels].join(', ')}]. Programs were counted ` +
      'as the WebGL draw calls during one call, dispatches as the ' +
      'dispatchWorkgroups calls the webgpu backend recorded.)');
  return lines;
}

async function main() {
  const started = Date.now();
  progress('bundling bench/browser/page.ts');
  const harness = await startBrowser(await withWasmBinaries(await scriptSite(
      'matrixInverse browser bench', path.join(__dirname, 'page.ts'))));
  try {
    const page = await openPage(harness, '/');
    const browser = await page.evaluate(
        () =>
            (window as unknown as BenchWindow).browserBench.describeBrowser());
    const backends: BackendName[] = browser.webgpuAdapter == null ?
        ['webgl', 'wasm', 'cpu'] :
        ['webgpu', 'webgl', 'wasm', 'cpu'];
    const results: CaseResult[] = [];
    for (const benchCase of CASES) {
      results.push(await runCase(page, benchCase, backends));
    }
    console.log([
      ...header(browser), '', resultTable(results, backends), '',
      ...countVerdicts(results)
    ].join('\n'));
  } finally {
    await harness.close();
  }
  progress(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
