/**
 * `npm run bench`: matrixInverse against ml-matrix and a Gauss-Jordan written
 * with tfjs ops, forward and forward+backward, on the cpu backend (and on
 * tfjs-node's tensorflow backend when it is installed). Progress goes to
 * stderr, the report (markdown) to stdout.
 */
import * as tf from '@tensorflow/tfjs';

import {Contender, forwardContenders, GradientContender, gradientContenders, ML_MATRIX, OPS_CPU, OURS_CPU, OURS_TENSORFLOW} from './contenders';
import {describeEnvironment, loadAverage, loadTensorFlowBackend, TensorFlowStatus} from './environment';
import {inverseResidual, makeMatrixBatch} from './inputs';
import {formatDuration, formatNumber, formatRatio, markdownTable} from './markdown';
import {measureOverheadLayers, OverheadLayer} from './overhead';
import {defaultTiming, measure} from './timing';

interface BenchCase {
  n: number;
  batch: number;
}

/** Batches large enough that one call is not lost in timer noise. */
const CASES: BenchCase[] = [
  {n: 4, batch: 10000},
  {n: 16, batch: 1000},
  {n: 64, batch: 16},
  {n: 256, batch: 1},
  {n: 512, batch: 1},
  {n: 1024, batch: 1},
];

/**
 * A contender whose next call is predicted (from its previous size) to take
 * longer than this is skipped: it would take most of the run's time budget.
 */
const MAX_PREDICTED_CALL_MS = 20000;

/** max |A X - I| on well-conditioned float32 inputs; above it, flag. */
const RESIDUAL_TOLERANCE = 1e-3;

/** Throughput ratios printed beside the forward table: ours over others. */
const RATIOS = [
  {label: 'ours/ml-matrix', numerator: OURS_CPU, denominator: ML_MATRIX},
  {label: 'ours/ops', numerator: OURS_CPU, denominator: OPS_CPU},
  {label: 'cpu/tensorflow', numerator: OURS_CPU, denominator: OURS_TENSORFLOW},
];

/** Benchmark targets (not tests): throughput ratios we aim for. */
const TARGETS = [
  {
    n: 256,
    label: 'n = 256: ours (cpu) throughput at least 8x ml-matrix\'s',
    numerator: OURS_CPU,
    denominator: ML_MATRIX,
    atLeast: 8,
  },
  {
    n: 4,
    label: 'batch of 10,000 4x4: ours (cpu) at least 30x a loop of ' +
        'ml-matrix inverses',
    numerator: OURS_CPU,
    denominator: ML_MATRIX,
    atLeast: 30,
  },
];

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
  const contenders = forwardContenders(tensorflow.available);
  const forwardRows = await measureForward(contenders);
  const gradientRows =
      await measureGradients(gradientContenders(tensorflow.available));
  progress('where the time goes at n = 4');
  await tf.setBackend('cpu');
  const overhead = measureOverheadLayers(makeMatrixBatch(4, 10000));
  printReport(tensorflow, contenders, forwardRows, gradientRows, overhead);
  progress('done');
}

async function measureForward(contenders: Contender[]): Promise<ForwardRow[]> {
  const rows: ForwardRow[] = [];
  const lastMeasured: LastMeasured = new Map();
  for (const benchCase of CASES) {
    if (!contenders.some(c => c.sizes.includes(benchCase.n))) {
      continue;
    }
    const input = makeMatrixBatch(benchCase.n, benchCase.batch);
    const cells = new Map<string, Cell>();
    for (const contender of contenders) {
      const label =
          `forward n=${benchCase.n} batch=${benchCase.batch} ${contender.name}`;
      const skip = skipReason(contender, benchCase, lastMeasured);
      if (skip != null) {
        progress(`${label}: ${skip}`);
        cells.set(contender.name, {measured: false, note: skip});
        continue;
      }
      await useBackend(contender.backend);
      const ms = withLeakCheck(label, () => {
        const runner = contender.setUp(input);
        const timing = measure(() => runner.run());
        runner.dispose();
        checkResidual(label, inverseResidual(input, timing.lastResult));
        return timing.msPerCall;
      });
      progress(`${label}: ${formatNumber(ms / benchCase.batch)} ms/matrix`);
      cells.set(contender.name, {measured: true, msPerCall: ms});
      lastMeasured.set(contender.name, {benchCase, ms});
    }
    rows.push({benchCase, cells});
  }
  return rows;
}

/** Why the contender is not measured on this case, or null to measure it. */
function skipReason(
    contender: Contender, benchCase: BenchCase,
    lastMeasured: LastMeasured): string|null {
  if (!contender.sizes.includes(benchCase.n)) {
    return 'not run at this n';
  }
  const last = lastMeasured.get(contender.name);
  if (last == null) {
    return null;
  }
  // Inverting costs ~ batch * n^3 for every contender here.
  const work = (c: BenchCase) => c.batch * c.n ** 3;
  const predictedMs = last.ms * work(benchCase) / work(last.benchCase);
  if (predictedMs <= MAX_PREDICTED_CALL_MS) {
    return null;
  }
  return `skipped (too slow: ~${formatDuration(predictedMs)} per call, ` +
      `extrapolated from n = ${last.benchCase.n})`;
}

async function measureGradients(contenders: GradientContender[]):
    Promise<GradientRow[]> {
  const rows: GradientRow[] = [];
  for (const benchCase of CASES) {
    const measured = contenders.filter(c => c.sizes.includes(benchCase.n));
    const input = makeMatrixBatch(benchCase.n, benchCase.batch);
    for (const contender of measured) {
      const label = `gradient n=${benchCase.n} batch=${benchCase.batch} ${
          contender.name}`;
      await useBackend(contender.backend);
      const row = withLeakCheck(label, () => {
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

async function useBackend(backend: string|null) {
  if (backend != null && tf.getBackend() !== backend) {
    await tf.setBackend(backend);
  }
}

/** Runs a measurement and records any tensor it left behind. */
function withLeakCheck<T>(label: string, measurement: () => T): T {
  const before = tf.memory().numTensors;
  const result = measurement();
  const leaked = tf.memory().numTensors - before;
  if (leaked !== 0) {
    problems.push(`${label}: ${leaked} tensors leaked`);
  }
  return result;
}

function checkResidual(label: string, residual: number) {
  if (!(residual <= RESIDUAL_TOLERANCE)) {
    problems.push(`${label}: wrong result, max |A X - I| = ${residual}`);
  }
}

// ---------------------------------------------------------------------------
// The report.

function printReport(
    tensorflow: TensorFlowStatus, contenders: Contender[],
    forwardRows: ForwardRow[], gradientRows: GradientRow[],
    overhead: OverheadLayer[]) {
  const out: string[] = ['# tfjs-matrix-inverse benchmark', ''];
  out.push(...describeEnvironment(tensorflow));
  if (!tensorflow.available) {
    out.push(`tensorflow backend: not available (${tensorflow.reason})`);
  }
  out.push(
      '', '## Forward: ms per matrix and GFLOP/s (2n^3 flops per inverse)', '',
      forwardTable(contenders, forwardRows), '',
      ratioNote(tensorflow.available), '',
      '## Targets (benchmark targets, not tests)', '',
      ...targetLines(forwardRows), '',
      '## Forward + backward: `tf.grad(x => tf.sum(tf.mul(w, ' +
          'matrixInverse(x))))(x)`',
      '', gradientTable(gradientRows), '',
      'ms per call (whole batch). backward = (forward+backward) - forward. ' +
          'The backward pass is two matrix products (dX = -Y^T dY Y^T); ' +
          '"2 tf.matMul" times them as two tf.matMul calls on the same ' +
          'backend, i.e. the backward pass written with tfjs ops. ' +
          'backward also holds the gradients of tf.mul and tf.sum; on the ' +
          'cpu backend tf.sum\'s is a broadcasting multiply, which ' +
          'tfjs-backend-cpu runs element by element through index ' +
          'arithmetic.',
      '', '## Where the time goes at n = 4, batch 10,000 (cpu)', '',
      overheadTable(overhead), '', ...overheadSummary(overhead, forwardRows),
      '', timingNote(contenders));
  process.stdout.write(out.join('\n') + '\n');
}

function forwardTable(contenders: Contender[], rows: ForwardRow[]): string {
  const ratios =
      RATIOS.filter(r => contenders.some(c => c.name === r.denominator));
  const header = ['n', 'batch'];
  for (const c of contenders) {
    header.push(`${c.name} ms/matrix`, `${c.name} GFLOP/s`);
  }
  header.push(...ratios.map(r => r.label));
  const body = rows.map(({benchCase, cells}) => {
    const {n, batch} = benchCase;
    const row = [String(n), String(batch)];
    for (const c of contenders) {
      const cell = cells.get(c.name)!;
      if (cell.measured) {
        const msPerMatrix = cell.msPerCall / batch;
        row.push(
            formatNumber(msPerMatrix), formatNumber(gflops(n, msPerMatrix)));
      } else {
        row.push(cell.note, '');
      }
    }
    for (const r of ratios) {
      const ratio = throughputRatio(cells, r.numerator, r.denominator);
      row.push(ratio == null ? 'n/a' : formatRatio(ratio));
    }
    return row;
  });
  return markdownTable(header, body);
}

function ratioNote(withTensorFlow: boolean): string {
  const tensorflowNotes = withTensorFlow ?
      ' cpu/tensorflow is our op on the cpu backend over our op on the ' +
          'tensorflow backend, which may use both cores (the JavaScript ' +
          'contenders use one).' :
      '';
  return 'Ratios are throughputs (matrices per second), ours (cpu) over ' +
      'the other contender. tfjs contenders are timed as `f(x)` + ' +
      '`dataSync()`; ml-matrix as `inverse(m)` over prebuilt Matrix ' +
      'objects.' + tensorflowNotes;
}

function gflops(n: number, msPerMatrix: number): number {
  return 2 * n ** 3 / (msPerMatrix * 1e6);
}

/** numerator's throughput / denominator's, or null if one was not run. */
function throughputRatio(
    cells: Map<string, Cell>, numerator: string, denominator: string): number|
    null {
  const a = cells.get(numerator);
  const b = cells.get(denominator);
  if (a == null || b == null || !a.measured || !b.measured) {
    return null;
  }
  return b.msPerCall / a.msPerCall;
}

function targetLines(rows: ForwardRow[]): string[] {
  return TARGETS.map(target => {
    const row = rows.find(r => r.benchCase.n === target.n);
    const ratio = row == null ?
        null :
        throughputRatio(row.cells, target.numerator, target.denominator);
    if (row == null || ratio == null) {
      return `- ${target.label}: not measured -> target missed`;
    }
    const perMatrix = (name: string) => {
      const cell = row.cells.get(name)!;
      return cell.measured ?
          `${formatNumber(cell.msPerCall / row.benchCase.batch)} ms/matrix` :
          '';
    };
    const verdict = ratio >= target.atLeast ? 'target met' : 'target missed';
    return `- ${target.label}: ${formatRatio(ratio)} (${target.numerator} ` +
        `${perMatrix(target.numerator)}, ${target.denominator} ` +
        `${perMatrix(target.denominator)}) -> **${verdict}**`;
  });
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
  const total = layers[layers.length - 1].msPerBatch;
  const body = layers.map(
      layer =>
          [layer.label,
           formatNumber(layer.msPerBatch * 1000 / 10000),
           `${(100 * layer.msPerBatch / total).toFixed(0)}%`,
  ]);
  return markdownTable(
      [
        'layer (each includes the ones above it)', 'us/matrix',
        'of matrixInverse'
      ],
      body);
}

/** The 30x target against the floors the layers reveal. */
function overheadSummary(
    layers: OverheadLayer[], rows: ForwardRow[]): string[] {
  const ml = rows.find(r => r.benchCase.n === 4)?.cells.get(ML_MATRIX);
  if (ml == null || !ml.measured) {
    return [];
  }
  const usPerMatrix = (ms: number) => ms * 1000 / 10000;
  const needed = usPerMatrix(ml.msPerCall) / 30;
  const [copy, impl, kernel, op] = layers.map(l => usPerMatrix(l.msPerBatch));
  return [
    `30x ml-matrix (${formatNumber(usPerMatrix(ml.msPerCall))} us/matrix) ` +
        `needs <= ${formatNumber(needed)} us/matrix. Of our ` +
        `${formatNumber(op)} us: copies ${formatNumber(copy)}, Gauss-Jordan ` +
        `arithmetic ${formatNumber(impl - copy)}, tfjs kernel plumbing ` +
        `${formatNumber(kernel - impl)}, op + gradient wrapper ` +
        `${formatNumber(op - kernel)}.`,
  ];
}

function timingNote(contenders: Contender[]): string {
  const t = defaultTiming;
  const sizes =
      contenders.map(c => `${c.name} n = ${c.sizes.join(', ')}`).join('; ');
  const lines = [
    `Timing: per contender and case, warm-up for >= ${t.warmupMs} ms, then ` +
        `the median of ${t.rounds} rounds of >= ${t.roundMs} ms each ` +
        `(calls slower than ${t.slowCallBudgetMs / t.rounds} ms get ` +
        `${t.minRounds}-${t.rounds - 1} single-call rounds); inputs are ` +
        `built off the clock. Sizes per contender: ${sizes}.`,
    problems.length === 0 ?
        'Checks: every result inverts its matrix (max |A X - I| <= ' +
            `${RESIDUAL_TOLERANCE}), no tensor leaked.` :
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
