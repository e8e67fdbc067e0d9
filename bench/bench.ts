/**
 * `npm run bench`: matrixInverse on the cpu and wasm backends against
 * ml-matrix, the package's JavaScript routine alone and a Gauss-Jordan
 * written with tfjs ops, and against TensorFlow's own kernel on tfjs-node's
 * tensorflow backend when it is installed: batches, one small matrix per
 * call, forward and forward+backward; then solve, det and slogdet against
 * matrixInverse, ml-matrix, the JavaScript routines and TensorFlow's
 * kernels. Progress goes to stderr, the report (markdown) to stdout.
 */
import * as tf from '@tensorflow/tfjs';

import {BenchCase, Contender, GradientContender, gradientContenders, INVERSE_CASES, inverseSuite, ML_MATRIX, Suite} from './contenders';
import {describeEnvironment, loadAverage, loadTensorFlowBackend, readyWasmEngines, TensorFlowStatus, WasmStatus} from './environment';
import {GRADIENT_SPLIT_CASE, GradientSplit, measureGradientSplit} from './gradient_split';
import {Check, determinantCheck, inverseCheck, logDeterminantCheck, makeMatrixBatch, MatrixBatch, solveCheck} from './inputs';
import {linalgSuite, RIGHT_HAND_SIDES} from './linalg';
import {formatDuration, formatNumber, formatRatio, markdownTable} from './markdown';
import {measureOverheadLayers, OverheadLayer} from './overhead';
import {measurePerCall, PerCallRow} from './per_call';
import {BenchResults, targetLines} from './targets';
import {defaultTiming, measure, measureInterleavedEntering} from './timing';

/**
 * A contender whose next call is predicted (from its previous size) to take
 * longer than this is skipped: it would take most of the run's time budget.
 */
const MAX_PREDICTED_CALL_MS = 20000;

/**
 * The largest error a check accepts on these well-conditioned float32
 * inputs; above it, the result is flagged.
 */
const ERROR_TOLERANCE = 1e-3;

type Cell = {
  measured: true,
  msPerCall: number
}|{measured: false, note: string};

interface ForwardRow {
  benchCase: BenchCase;
  cells: Map<string, Cell>;
}

/** Per contender, its last measured case and ms per call there. */
type LastMeasured = Map<string, {benchCase: BenchCase, ms: number}>;

interface GradientRow {
  benchCase: BenchCase;
  contender: GradientContender;
  forwardMs: number;
  forwardAndBackwardMs: number;
  twoMatMulsMs: number;
}

/** A suite's measured rows, and the contenders left out, with why. */
interface SuiteResults<I extends MatrixBatch> {
  suite: Suite<I>;
  rows: ForwardRow[];
  skipped: Map<string, string>;
}

interface Report {
  tensorflow: TensorFlowStatus;
  wasm: WasmStatus;
  inverse: SuiteResults<MatrixBatch>;
  linalg: SuiteResults<MatrixBatch>;
  perCallRows: PerCallRow[];
  split: GradientSplit;
  gradientRows: GradientRow[];
  overhead: OverheadLayer[];
}

const startedAt = performance.now();
const loadAtStart = loadAverage();
/** Problems to report under the tables: wrong results, leaked tensors. */
const problems: string[] = [];

function progress(message: string) {
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  process.stderr.write(`[${seconds.padStart(5)} s] ${message}\n`);
}

async function main() {
  const tensorflow = await loadTensorFlowBackend();
  progress(
      tensorflow.available ?
          'tensorflow backend loaded' :
          `tensorflow backend not available: ${tensorflow.reason}`);
  // Before any measurement: the wasm kernels and the cpu backend's shared
  // routines run the JavaScript routines until the engine is ready.
  const wasm = await readyWasmEngines();
  progress(
      'wasm backend loaded, the WebAssembly engine ready in its heap ' +
      'and in a memory of its own');
  // First: after the batches, which keep 10,000 ml-matrix results at a
  // time, V8's heap has adapted to them and single ml-matrix calls cost
  // 5-15x more in this process than in a fresh one.
  const perCallRows = await measurePerCallWithChecks(tensorflow.available);
  const inverse = await measureSuite(inverseSuite(tensorflow.available));
  const {suite, skipped} = linalgSuite(tensorflow.available);
  const linalg = await measureSuite(suite, skipped);
  await tf.setBackend('cpu');
  const split = await withLeakCheck('gradient split', measureGradientSplit);
  progress(`forward + backward split: op forward ${
      formatNumber(split.opForwardMs)} ms, op backward ${
      formatNumber(split.opBackwardMs)} ms, all ${
      formatNumber(split.forwardAndBackwardMs)} ms`);
  const gradientRows =
      await measureGradients(gradientContenders(tensorflow.available));
  progress('where the time goes at n = 4');
  await tf.setBackend('cpu');
  const overhead = measureOverheadLayers(makeMatrixBatch(4, 10000));
  printReport({
    tensorflow,
    wasm,
    inverse,
    linalg,
    perCallRows,
    split,
    gradientRows,
    overhead
  });
  progress('done');
}

/** The suite's rows; first says which contenders were left out, and why. */
async function measureSuite<I extends MatrixBatch>(
    suite: Suite<I>,
    skipped = new Map<string, string>()): Promise<SuiteResults<I>> {
  for (const [name, reason] of skipped) {
    progress(`${name}: skipped, ${reason}`);
  }
  return {suite, rows: await measureForward(suite), skipped};
}

/**
 * Per case, all contenders are timed interleaved, each one's backend made
 * current off the clock before each of its turns, so that the ratios between
 * them see the same machine.
 */
async function measureForward<I extends MatrixBatch>(suite: Suite<I>):
    Promise<ForwardRow[]> {
  const {contenders} = suite;
  const rows: ForwardRow[] = [];
  const lastMeasured: LastMeasured = new Map();
  for (const benchCase of suite.cases) {
    if (!contenders.some(c => c.sizes.includes(benchCase.n))) {
      continue;
    }
    const input = suite.makeInput(benchCase);
    const label = (c: Contender<I>) =>
        `forward n=${benchCase.n} batch=${benchCase.batch} ${c.name}`;
    const cells = new Map<string, Cell>();
    const measured: Array<Contender<I>> = [];
    for (const contender of contenders) {
      const skip = skipReason(contender, benchCase, lastMeasured);
      if (skip == null) {
        measured.push(contender);
      } else {
        progress(`${label(contender)}: ${skip}`);
        cells.set(contender.name, {measured: false, note: skip});
      }
    }
    const timings =
        await withLeakCheck(`forward n=${benchCase.n} contenders`, async () => {
          const runners = [];
          for (const contender of measured) {
            await enterBackendOf(contender);
            runners.push(contender.setUp(input));
          }
          const timings = await measureInterleavedEntering(
              runners.map(r => () => r.run()),
              i => enterBackendOf(measured[i]));
          runners.forEach(r => r.dispose());
          return timings;
        });
    measured.forEach((contender, i) => {
      const {msPerCall, lastResult} = timings[i];
      checkResult(
          label(contender), contender.check,
          contender.check.error(input, lastResult));
      progress(`${label(contender)}: ${
          formatNumber(msPerCall / benchCase.batch)} ms/matrix`);
      cells.set(contender.name, {measured: true, msPerCall});
      lastMeasured.set(contender.name, {benchCase, ms: msPerCall});
    });
    rows.push({benchCase, cells});
  }
  return rows;
}

/** Makes the contender's backend current; plain JavaScript needs none. */
async function enterBackendOf(contender: Contender<MatrixBatch>) {
  if (contender.backend != null) {
    await useBackend(contender.backend);
  }
}

/** Why the contender is not measured on this case, or null to measure it. */
function skipReason<I extends MatrixBatch>(
    contender: Contender<I>, benchCase: BenchCase,
    lastMeasured: LastMeasured): string|null {
  if (!contender.sizes.includes(benchCase.n)) {
    return 'not run at this n';
  }
  const last = lastMeasured.get(contender.name);
  if (last == null) {
    return null;
  }
  // Inverting, solving, factoring: ~ batch * n^3 for every contender here.
  const work = (c: BenchCase) => c.batch * c.n ** 3;
  const predictedMs = last.ms * work(benchCase) / work(last.benchCase);
  if (predictedMs <= MAX_PREDICTED_CALL_MS) {
    return null;
  }
  return `skipped (too slow: ~${formatDuration(predictedMs)} per call, ` +
      `extrapolated from n = ${last.benchCase.n})`;
}

async function measurePerCallWithChecks(withTensorFlow: boolean):
    Promise<PerCallRow[]> {
  const before = tf.memory().numTensors;
  const rows = await measurePerCall(withTensorFlow);
  if (tf.memory().numTensors !== before) {
    problems.push(
        `one matrix per call: ${tf.memory().numTensors - before} tensors ` +
        `leaked`);
  }
  for (const row of rows) {
    const label = `one ${row.n}x${row.n} per call on ${row.backend}`;
    checkResult(`${label}, ${row.ours}`, inverseCheck, row.residuals[0]);
    checkResult(`${label}, ${row.other}`, inverseCheck, row.residuals[1]);
    progress(
        `${label}: ${row.ours} ${formatNumber(row.oursMsPerCall * 1000)} us, ${
            row.other} ${formatNumber(row.otherMsPerCall * 1000)} us`);
  }
  return rows;
}

async function measureGradients(contenders: GradientContender[]):
    Promise<GradientRow[]> {
  const rows: GradientRow[] = [];
  for (const benchCase of INVERSE_CASES) {
    const measured = contenders.filter(c => c.sizes.includes(benchCase.n));
    const input = makeMatrixBatch(benchCase.n, benchCase.batch);
    for (const contender of measured) {
      const label = `gradient n=${benchCase.n} batch=${benchCase.batch} ${
          contender.name}`;
      await useBackend(contender.backend);
      const row = await withLeakCheck(label, () => {
        const runner = contender.setUp(input);
        const forwardMs = measure(runner.forward).msPerCall;
        const forwardAndBackwardMs =
            measure(runner.forwardAndBackward).msPerCall;
        const twoMatMulsMs = measure(runner.twoMatMuls).msPerCall;
        runner.dispose();
        return {
          benchCase,
          contender,
          forwardMs,
          forwardAndBackwardMs,
          twoMatMulsMs,
        };
      });
      progress(
          `${label}: forward ${formatNumber(row.forwardMs)} ms, ` +
          `forward+backward ${formatNumber(row.forwardAndBackwardMs)} ms, ` +
          `2 matMuls ${formatNumber(row.twoMatMulsMs)} ms`);
      rows.push(row);
    }
  }
  return rows;
}

async function useBackend(backend: string) {
  if (tf.getBackend() !== backend) {
    await tf.setBackend(backend);
  }
}

/** Runs a measurement and records any tensor it left behind. */
async function withLeakCheck<T>(
    label: string, measurement: () => T | Promise<T>): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await measurement();
  const leaked = tf.memory().numTensors - before;
  if (leaked !== 0) {
    problems.push(`${label}: ${leaked} tensors leaked`);
  }
  return result;
}

function checkResult<I extends MatrixBatch>(
    label: string, check: Check<I>, error: number) {
  if (!(error <= ERROR_TOLERANCE)) {
    problems.push(`${label}: wrong result, ${check.measure} = ${error}`);
  }
}

// ---------------------------------------------------------------------------
// The report.

function printReport(report: Report) {
  const {tensorflow, wasm, inverse, linalg, perCallRows, split} = report;
  const results: BenchResults = {
    forwardMs: (n, contender) => msPerCall(inverse.rows, n, contender),
    linalgMs: (n, contender) => msPerCall(linalg.rows, n, contender),
    skipped: linalg.skipped,
    perCall: perCallRows,
    split,
  };
  const {n, batch} = GRADIENT_SPLIT_CASE;
  const out: string[] = ['# tfjs-matrix-inverse benchmark', ''];
  out.push(...describeEnvironment(tensorflow, wasm));
  if (!tensorflow.available) {
    out.push(`tensorflow backend: not available (${tensorflow.reason})`);
  }
  out.push(
      '', '## Forward: ms per matrix and GFLOP/s (2n^3 flops per inverse)', '',
      forwardTable(inverse.suite, inverse.rows), '',
      ratioNote(tensorflow.available), '', '## One matrix per call', '',
      perCallTable(perCallRows), '', perCallNote(), '',
      `## solve (k = ${RIGHT_HAND_SIDES}), det and slogdet: ms per matrix`, '',
      ...linalgTables(linalg), '', linalgNote(), '',
      '## Targets (benchmark targets, not tests)', '', ...targetLines(results),
      '',
      `## Forward + backward at ${batch.toLocaleString('en-US')} ${n}x${n} ` +
          '(cpu): the op\'s part and tfjs\'s',
      '', splitTable(split), '', splitNote(), '',
      '## Forward + backward: `tf.grad(x => tf.sum(tf.mul(w, ' +
          'matrixInverse(x))))(x)`',
      '', gradientTable(report.gradientRows), '',
      'ms per call (whole batch). backward = (forward+backward) - forward. ' +
          'The backward pass is two matrix products (dX = -Y^T dY Y^T); ' +
          '"2 tf.matMul" times them as two tf.matMul calls on the same ' +
          'backend, i.e. the backward pass written with tfjs ops. ' +
          'backward also holds the gradients of tf.mul and tf.sum; on the ' +
          'cpu backend tf.sum\'s is a broadcasting multiply, which ' +
          'tfjs-backend-cpu runs element by element through index ' +
          'arithmetic.',
      '', '## Where the time goes at n = 4, batch 10,000 (cpu)', '',
      overheadTable(report.overhead), '',
      ...overheadSummary(report.overhead, inverse.rows), '',
      timingNote(inverse.suite.contenders, linalg.suite.contenders));
  process.stdout.write(out.join('\n') + '\n');
}

/** ms per call of the case with this n, or null if not measured. */
function msPerCall(rows: ForwardRow[], n: number, contender: string): number|
    null {
  const cell = rows.find(r => r.benchCase.n === n)?.cells.get(contender);
  return cell != null && cell.measured ? cell.msPerCall : null;
}

/**
 * One table of `contenders` (by default all of the suite's), with the
 * suite's ratios of theirs (over any of the suite's contenders).
 */
function forwardTable(
    suite: Suite<MatrixBatch>, rows: ForwardRow[],
    contenders = suite.contenders): string {
  const {flopsPerMatrix} = suite;
  const ratios = suite.ratios.filter(
      r => contenders.some(c => c.name === r.numerator) &&
          suite.contenders.some(c => c.name === r.denominator));
  const header = ['n', 'batch'];
  for (const c of contenders) {
    header.push(`${c.name} ms/matrix`);
    if (flopsPerMatrix != null) {
      header.push(`${c.name} GFLOP/s`);
    }
  }
  header.push(...ratios.map(r => r.label));
  const body = rows.map(({benchCase, cells}) => {
    const {n, batch} = benchCase;
    const row = [String(n), String(batch)];
    for (const c of contenders) {
      const cell = cells.get(c.name)!;
      if (!cell.measured) {
        row.push(cell.note, ...(flopsPerMatrix != null ? [''] : []));
        continue;
      }
      const msPerMatrix = cell.msPerCall / batch;
      row.push(formatNumber(msPerMatrix));
      if (flopsPerMatrix != null) {
        row.push(formatNumber(flopsPerMatrix(n) / (msPerMatrix * 1e6)));
      }
    }
    for (const r of ratios) {
      const ratio = timeRatio(cells, r.numerator, r.denominator);
      row.push(
          ratio == null ? 'n/a' :
                          formatRatio(r.of === 'time' ? ratio : 1 / ratio));
    }
    return row;
  });
  return markdownTable(header, body);
}

function ratioNote(withTensorFlow: boolean): string {
  const tensorflowNotes = withTensorFlow ?
      ' cpu/tensorflow is our op on the cpu backend over our op on the ' +
          'tensorflow backend, which may use both cores (the JavaScript ' +
          'contenders use one). "tensorflow: ours/kernel, time" is the time ' +
          'of our op on the tensorflow backend over that of TensorFlow\'s ' +
          'own MatrixInverse kernel called directly ' +
          '(`executeSingleOutput`), without our checks.' :
      '';
  return 'Ratios are throughputs (matrices per second), the first named ' +
      'over the second ("ours" is ours (cpu)). Per case, all contenders are ' +
      'timed interleaved, round by round, each one\'s backend made current ' +
      'off the clock before its turn, and the medians are compared. tfjs ' +
      'contenders are timed as `f(x)` + `dataSync()`, the result tensor ' +
      'kept until the next call and disposed then; ml-matrix as ' +
      '`inverse(m)` over prebuilt Matrix objects, the inverses kept in an ' +
      'array until the next call. The JavaScript routine is what the cpu ' +
      'kernel ran before the WebAssembly engine, alone, without tfjs: the ' +
      'written-out eliminations up to 4x4, `invertEach` above, into fresh ' +
      'output arrays per call, kept until the next. ours (cpu) runs it up ' +
      'to 4x4 and the engine, in a memory of its own, from 5x5; ours ' +
      '(wasm) runs it on views of tfjs\'s heap up to 4x4 and the engine, ' +
      'in place in the heap, from 5x5.' + tensorflowNotes;
}

/**
 * The cpu table (ml-matrix and the JavaScript routines included), the wasm
 * one, then the tensorflow one, or why it is missing.
 */
function linalgTables({suite, rows, skipped}: SuiteResults<MatrixBatch>):
    string[] {
  const on = (backend: string) =>
      suite.contenders.filter(c => (c.backend ?? 'cpu') === backend);
  const lines = [
    forwardTable(suite, rows, on('cpu')), '',
    forwardTable(suite, rows, on('wasm')), ''
  ];
  const onTensorFlow = on('tensorflow');
  if (onTensorFlow.length > 0) {
    lines.push(forwardTable(suite, rows, onTensorFlow), '');
  }
  for (const [name, reason] of skipped) {
    lines.push(`- ${name}: not measured, ${reason}.`);
  }
  return lines;
}

function linalgNote(): string {
  const checks = [solveCheck, determinantCheck, logDeterminantCheck];
  return 'Ratios against matrixInverse and TensorFlow\'s kernels are times ' +
      '(ours over the other); against ml-matrix and the JavaScript ' +
      'routines, throughputs (ours over theirs; unnamed, ours is cpu). The ' +
      'JavaScript routines are what the cpu kernels ran before the ' +
      'WebAssembly engine, alone, into fresh outputs per call: ' +
      '`matrixSolveInto`, and `factorEach` read by `determinantsFrom` or ' +
      '`logDeterminantsFrom`; ours runs the engine on both backends. The ' +
      'matrices are the forward table\'s divided by n, ' +
      'so that their determinants fit float32 (unit diagonal, entries ' +
      'below 1/(2n) elsewhere), with right-hand sides uniform in [-1, 1); ' +
      'every contender of a case gets the same ones, and all are timed ' +
      'interleaved. ml-matrix runs `solve(A, b)` and ' +
      '`determinant(A)` (both on its float64 LU) over prebuilt Matrix ' +
      'objects, its results kept as its inverses are. TensorFlow\'s ' +
      'kernels are called directly (`executeSingleOutput`, ' +
      '`executeMultipleOutputs`), without our checks. Results checked: ' +
      checks.map(c => c.measure).join('; ') +
      ' (det64: ml-matrix\'s float64 LU of the first matrix).';
}

/** numerator's time / denominator's, or null if one was not run. */
function timeRatio(
    cells: Map<string, Cell>, numerator: string, denominator: string): number|
    null {
  const a = cells.get(numerator);
  const b = cells.get(denominator);
  if (a == null || b == null || !a.measured || !b.measured) {
    return null;
  }
  return a.msPerCall / b.msPerCall;
}

function perCallTable(rows: PerCallRow[]): string {
  const us = (ms: number) => formatNumber(ms * 1000);
  const body = rows.map(
      row =>
          [row.backend,
           `${row.n}x${row.n}`,
           us(row.oursMsPerCall),
           row.other,
           us(row.otherMsPerCall),
           formatRatio(row.otherMsPerCall / row.oursMsPerCall),
           formatRatio(row.oursMsPerCall / row.otherMsPerCall),
  ]);
  return markdownTable(
      [
        'backend', 'matrix', 'ours us/call', 'other', 'other us/call',
        'ours/other, throughput', 'ours/other, time'
      ],
      body);
}

function perCallNote(): string {
  return 'One matrix (the same seeded float32 matrix for both) inverted ' +
      'per call, the two calls timed interleaved, before the batches; ' +
      'medians. Each result is kept as a caller collecting them keeps it: ' +
      'in an array, 1,000 at a time, then let go on the clock (ml-matrix\'s ' +
      'left to the garbage collector, tensors disposed one by one). Nothing ' +
      'reads the results on the clock. On cpu the other is ml-matrix\'s `inverse`; on tensorflow ' +
      'it is TensorFlow\'s own MatrixInverse kernel called directly, ' +
      'without our checks.';
}

function splitTable(split: GradientSplit): string {
  const {forwardAndBackwardMs, opForwardMs, opBackwardMs, tfjsOpsMs} = split;
  const share = (ms: number) =>
      `${(100 * ms / forwardAndBackwardMs).toFixed(0)}%`;
  const tfjsPart = forwardAndBackwardMs - opForwardMs - opBackwardMs;
  const rows: Array<[string, number]> = [
    ['the op\'s forward: `matrixInverse(x)`', opForwardMs],
    ['the op\'s backward: the `MatrixInverseGrad` kernel', opBackwardMs],
    [
      'tfjs\'s part (the whole, less the op\'s two): tf.mul and tf.sum ' +
          'forward and backward, the tape',
      tfjsPart
    ],
    [
      'tfjs\'s ops alone, for comparison: `tf.grad(y => tf.sum(tf.mul(w, ' +
          'y)))(y)`',
      tfjsOpsMs
    ],
    ['the whole `tf.grad(...)(x)`', forwardAndBackwardMs],
  ];
  return markdownTable(
      ['part', 'ms', 'of the whole'],
      rows.map(([label, ms]) => [label, formatNumber(ms), share(ms)]));
}

function splitNote(): string {
  return 'Each call with `dataSync()`, the four timed interleaved; medians. ' +
      'The op\'s calls run on the same x, the inverse it gives and ' +
      'dY = w (what the loss hands the op\'s backward pass). Outside a ' +
      'gradient, `matrixInverse` runs the cpu routine directly; inside ' +
      '`tf.grad` it runs the same routine through the kernel.';
}

function gradientTable(rows: GradientRow[]): string {
  const header = [
    'n', 'batch', 'contender', 'forward ms', 'forward+backward ms',
    'backward ms', '2 tf.matMul ms', 'backward / 2 matMul',
    'forward+backward / forward'
  ];
  const body = rows.map(row => {
    const backwardMs = row.forwardAndBackwardMs - row.forwardMs;
    return [
      String(row.benchCase.n),
      String(row.benchCase.batch),
      row.contender.name,
      formatNumber(row.forwardMs),
      formatNumber(row.forwardAndBackwardMs),
      formatNumber(backwardMs),
      formatNumber(row.twoMatMulsMs),
      formatRatio(backwardMs / row.twoMatMulsMs),
      formatRatio(row.forwardAndBackwardMs / row.forwardMs),
    ];
  });
  return markdownTable(header, body);
}

function overheadTable(layers: OverheadLayer[]): string {
  const op = layers[2].msPerBatch;
  const body = layers.map(
      layer =>
          [layer.label,
           formatNumber(layer.msPerBatch * 1000 / 10000),
           `${(100 * layer.msPerBatch / op).toFixed(0)}%`,
  ]);
  return markdownTable(['layer', 'us/matrix', 'of matrixInverse'], body);
}

/** The 40x target against the floors the layers reveal. */
function overheadSummary(
    layers: OverheadLayer[], rows: ForwardRow[]): string[] {
  const ml = rows.find(r => r.benchCase.n === 4)?.cells.get(ML_MATRIX);
  if (ml == null || !ml.measured) {
    return [];
  }
  const usPerMatrix = (ms: number) => ms * 1000 / 10000;
  const needed = usPerMatrix(ml.msPerCall) / 40;
  const [copy, impl, op] = layers.map(l => usPerMatrix(l.msPerBatch));
  return [
    `40x ml-matrix (${formatNumber(usPerMatrix(ml.msPerCall))} us/matrix) ` +
        `needs <= ${formatNumber(needed)} us/matrix. Of our ` +
        `${formatNumber(op)} us: outputs and copies ${formatNumber(copy)}, ` +
        `the routine's arithmetic ${formatNumber(impl - copy)}, the op ` +
        `around the routine ${formatNumber(op - impl)}.`,
  ];
}

function timingNote(
    inverseContenders: Contender[], linalgContenders: Contender[]): string {
  const t = defaultTiming;
  const sizes = [
    ...inverseContenders.map(c => `${c.name} n = ${c.sizes.join(', ')}`),
    `the ${linalgContenders.length} contenders of solve, det and slogdet n = ${
            [...new Set(linalgContenders.flatMap(c => c.sizes))].join(', ')}`,
  ].join('; ');
  const lines = [
    `Timing: calls compared with each other are timed interleaved: each ` +
        `is warmed up for >= ${t.warmupMs} ms, then they take turns for ` +
        `${t.rounds} rounds, each call repeated for >= ${t.roundMs} ms per ` +
        `round, and each keeps its median round (when the slowest call ` +
        `takes over ${t.slowCallBudgetMs / t.rounds} ms, ` +
        `${t.minRounds}-${t.rounds - 1} rounds). The forward + backward ` +
        `table times its calls one after the other, the same way. Inputs ` +
        `are built off the clock. Sizes per contender: ${sizes}.`,
    problems.length === 0 ? `Checks: every result passed its check (error <= ` +
            `${ERROR_TOLERANCE}), no tensor leaked.` :
                            `Problems: ${problems.join('; ')}.`,
    `Total run time: ${
        ((performance.now() - startedAt) / 1000).toFixed(0)} s. Load ` +
        `average (1 min): ${loadAtStart} at start, ${loadAverage()} at end; ` +
        `above ~1, other processes shared the cores and the numbers are ` +
        `noisier.`,
  ];
  return lines.join('\n');
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
