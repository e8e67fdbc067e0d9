/**
 * `npm run bench:browser`: matrixInverse on the webgl and cpu backends of one
 * page in headless Chromium (WebGL by SwiftShader), plus the shader programs
 * per webgl call. Progress goes to stderr, the report (markdown) to stdout.
 */
import * as os from 'os';
import * as path from 'path';
import {Page} from 'playwright-core';

import {openPage, scriptSite, startBrowser} from '../../tools/browser';
import {formatNumber, formatRatio, markdownTable} from '../markdown';

import type {BackendName, BenchCase, BrowserBench, BrowserDescription, ProgramCount} from './page';

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

const BACKENDS: BackendName[] = ['webgl', 'cpu'];

/** The kernel runs 2n + 3 programs; this leaves room, never growth in n². */
const programTarget = (n: number) => 3 * n + 5;

interface CaseResult {
  benchCase: BenchCase;
  msPerCall: Record<BackendName, number>;
  programCount: ProgramCount;
  /** The same count for a single matrix: the batch size must not matter. */
  programsForOneMatrix: number;
}

type BenchWindow = {
  browserBench: BrowserBench
};

function progress(message: string) {
  process.stderr.write(`bench:browser: ${message}\n`);
}

async function runCase(page: Page, benchCase: BenchCase): Promise<CaseResult> {
  const msPerCall = {} as Record<BackendName, number>;
  for (const backend of BACKENDS) {
    progress(`n = ${benchCase.n}, batch ${benchCase.batch}: timing ${backend}`);
    msPerCall[backend] = await page.evaluate(
        ([backend, benchCase]) =>
            (window as unknown as BenchWindow)
                .browserBench.timeCall(backend, benchCase),
        [backend, benchCase] as const);
  }
  const countPrograms = (batch: number) => page.evaluate(
      ([n, batch]) => (window as unknown as BenchWindow)
                          .browserBench.countPrograms(n, batch),
      [benchCase.n, batch]);
  const programCount = await countPrograms(benchCase.batch);
  const programsForOneMatrix = (await countPrograms(1)).programs;
  return {benchCase, msPerCall, programCount, programsForOneMatrix};
}

function header(browser: BrowserDescription): string[] {
  const cpus = os.cpus();
  const versions = browser.tfjsVersions;
  const lines = [
    '# matrixInverse in the browser: webgl and cpu',
    '',
    `Backends: webgl (tfjs-backend-webgl ${versions['tfjs-backend-webgl']}, ` +
        `WebGL ${browser.webglVersion}) and cpu (tfjs-backend-cpu ` +
        `${versions['tfjs-backend-cpu']}), in one page, switched with ` +
        'tf.setBackend.',
    `Browser: ${browser.userAgent}; WebGL renderer: ${browser.webglRenderer}.`,
    `Machine: ${cpus[0].model}, ${cpus.length} cores, Node ${process.version}.`,
  ];
  if (/swiftshader/i.test(browser.webglRenderer)) {
    lines.push(
        'SwiftShader emulates the GPU on the CPU: these timings are relative ' +
        'figures only; real GPUs will differ.');
  }
  lines.push(
      '',
      'A call is `matrixInverse(x)` and then `await inverse.data()`, so the ' +
          'GPU work is counted. Each time is the median of the timed calls, ' +
          'after warm-up calls.');
  return lines;
}

function resultTable(results: CaseResult[]): string {
  const rows = results.map(({benchCase, msPerCall, programCount}) => {
    const {n, batch, timedCalls} = benchCase;
    return [
      String(n), batch.toLocaleString('en-US'), formatNumber(msPerCall.webgl),
      formatNumber(msPerCall.cpu), formatRatio(msPerCall.webgl / msPerCall.cpu),
      String(programCount.programs), String(programTarget(n)),
      String(timedCalls)
    ];
  });
  return markdownTable(
      [
        'n', 'batch', 'webgl ms/call', 'cpu ms/call', 'webgl/cpu',
        'webgl programs/call', '3n + 5', 'timed calls'
      ],
      rows);
}

function programVerdict(results: CaseResult[]): string[] {
  const missed = results.filter(
      ({benchCase, programCount}) =>
          programCount.programs > programTarget(benchCase.n));
  const batchDependent =
      results.filter(r => r.programCount.programs !== r.programsForOneMatrix);
  const kernels = new Set(results.flatMap(r => r.programCount.profiledKernels));
  const sizes = (cases: CaseResult[]) =>
      cases.map(r => `n = ${r.benchCase.n}`).join(', ');
  return [
    'programs per call: target <= 3n + 5: ' +
        (missed.length === 0 ? 'met' : `missed (${sizes(missed)})`),
    'programs per call at batch 1 and at the batch above: ' +
        (batchDependent.length === 0 ? 'the same' :
                                       `different (${sizes(batchDependent)})`),
    `(tf.profile lists kernels, not the programs a kernel runs: for one ` +
        `call it lists [${[...kernels].join(', ')}]. Programs were counted ` +
        'as the WebGL draw calls during one call.)',
  ];
}

async function main() {
  const started = Date.now();
  progress('bundling bench/browser/page.ts');
  const harness = await startBrowser(await scriptSite(
      'matrixInverse browser bench', path.join(__dirname, 'page.ts')));
  try {
    const page = await openPage(harness, '/');
    const browser = await page.evaluate(
        () =>
            (window as unknown as BenchWindow).browserBench.describeBrowser());
    const results: CaseResult[] = [];
    for (const benchCase of CASES) {
      results.push(await runCase(page, benchCase));
    }
    console.log([
      ...header(browser), '', resultTable(results), '',
      ...programVerdict(results)
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
