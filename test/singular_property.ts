/**
 * The singular-matrix contract of matrixInverseEx, checked on every matrix
 * of test/fixtures/singular_matrices (about 2,000 float32 matrices of many
 * kinds, with LAPACK's verdict on each). Framework-free, like cases.ts: it
 * throws on violations, so it runs in Jest and bundled into a page alike.
 */
import * as tf from '@tensorflow/tfjs-core';

import {matrixInverseEx} from '../src';
import {oneNorm, transpose} from '../tools/matrix';
import {inverse64, lapackFloat32Inverse, relativeError} from '../tools/reference';

import {isExactlySingular} from './exact_rank';
import fixture from './fixtures/singular_matrices/matrices.json';

/** One line of matrices.json; see make_fixture.py. */
interface FixtureMatrix {
  kind: string;
  n: number;
  adjoint: boolean;
  /** The input's n * n float32 entries, hex big-endian bit patterns. */
  x: string;
  dgetrf: number;
  sgetrf: number;
}

interface Case extends FixtureMatrix {
  index: number;
  entries: Float32Array;
  /** The matrix inverted: x, or its transpose with adjoint. */
  a: Float64Array;
}

interface Outcome {
  inverse: Float32Array;
  info: number;
  rcond: number;
}

const EPS32 = Math.pow(2, -24);
const FLOAT32_MAX = 3.4028234663852886e38;
const FLOAT32_MIN_NORMAL = Math.pow(2, -126);
const FLOAT32_MIN_SUBNORMAL = Math.pow(2, -149);
/** The rcond below which an exactly singular matrix counts as detected. */
const SINGULAR_RCOND = 1e-5;
/** The slack over LAPACK's float32 error, as in cases.ts. */
const LAPACK_FACTOR = 10;
/**
 * On a matrix this well conditioned, the pivots of a float32 LU with partial
 * pivoting (of the matrix scaled by a power of two, as backends do) stay far
 * above its rounding errors: info > 0 there is a wrong verdict.
 */
const SURELY_INVERTIBLE_COND = 1e3;
const MAX_REPORTED = 10;

export interface ContractOptions {
  /**
   * The backend may flush subnormal float32 numbers (below 2^-126) to zero,
   * as GPUs do: matrices with a subnormal entry are then exempt from the
   * checks that need those entries (accuracy, the verdict on singularity),
   * and are counted apart. The rules for what a flagged matrix returns
   * still hold for them.
   */
  flushesSubnormals?: boolean;
}

/**
 * Runs matrixInverseEx on the whole fixture, batched by (n, adjoint) so
 * that matrices of all kinds share batches, checks every matrix against the
 * contract, and returns a summary. Throws listing the first violations.
 */
export async function checkSingularContract(
    backendLabel: string, options: ContractOptions = {}): Promise<string> {
  const tensorsBefore = tf.memory().numTensors;
  const cases = decodeFixture();
  const batches = groupByShape(cases);
  const outcomes = new Map<Case, Outcome>();
  for (const batch of batches) {
    const results = await invertBatch(batch);
    batch.forEach((c, b) => outcomes.set(c, results[b]));
  }
  const report = new Report();
  for (const c of cases) {
    if (options.flushesSubnormals && hasSubnormal(c.entries)) {
      report.subnormalExempt++;
      checkFlaggedOutputs(c, outcomes.get(c)!, report);
    } else {
      checkMatrix(c, outcomes.get(c)!, report, options);
    }
  }
  await checkBatchIndependence(batches, outcomes, report);
  const tensorsAfter = tf.memory().numTensors;
  report.check(
      tensorsAfter === tensorsBefore,
      () => `${tensorsAfter - tensorsBefore} tensors left undisposed`);
  report.throwIfViolated(backendLabel);
  const summary = `${backendLabel}: ${report.summary(cases.length)}`;
  console.log(summary);
  return summary;
}

function hasSubnormal(entries: Float32Array): boolean {
  return entries.some(v => v !== 0 && Math.abs(v) < FLOAT32_MIN_NORMAL);
}

// ---------------------------------------------------------------- fixture

function decodeFixture(): Case[] {
  const matrices = (fixture as {matrices: FixtureMatrix[]}).matrices;
  return matrices.map((m, index) => {
    const entries = decodeFloat32(m.x);
    const x = Float64Array.from(entries);
    return {...m, index, entries, a: m.adjoint ? transpose(x, m.n) : x};
  });
}

/** Big-endian float32 bit patterns, 8 hex digits each, bits preserved. */
function decodeFloat32(hex: string): Float32Array {
  const words = new Uint32Array(hex.length / 8);
  for (let k = 0; k < words.length; k++) {
    words[k] = parseInt(hex.slice(8 * k, 8 * k + 8), 16);
  }
  return new Float32Array(words.buffer);
}

function groupByShape(cases: Case[]): Case[][] {
  const groups = new Map<string, Case[]>();
  for (const c of cases) {
    const key = `${c.n} ${c.adjoint}`;
    const group = groups.get(key) || [];
    group.push(c);
    groups.set(key, group);
  }
  return [...groups.values()];
}

// ---------------------------------------------------------------- running

/** Inverts the matrices as one [batch, n, n] tensor. */
async function invertBatch(batch: Case[]): Promise<Outcome[]> {
  const {n, adjoint} = batch[0];
  const flat = new Float32Array(batch.length * n * n);
  batch.forEach((c, b) => flat.set(c.entries, b * n * n));
  return invert(flat, [batch.length, n, n], adjoint);
}

/** Runs matrixInverseEx on a new tensor, checks and reads its outputs. */
async function invert(
    flat: Float32Array, shape: number[], adjoint: boolean): Promise<Outcome[]> {
  const x = tf.tensor(flat, shape);
  try {
    return await readOutcomes(matrixInverseEx(x, {adjoint}), shape);
  } finally {
    x.dispose();
  }
}

/** Checks the outputs' dtypes and shapes, reads and disposes them. */
async function readOutcomes(
    result: {inverse: tf.Tensor, info: tf.Tensor, rcond?: tf.Tensor},
    shape: number[]): Promise<Outcome[]> {
  const {inverse, info, rcond} = result;
  const batchShape = shape.slice(0, -2);
  const n = shape[shape.length - 1];
  try {
    if (!(rcond instanceof tf.Tensor)) {
      throw new Error('matrixInverseEx returned no rcond tensor');
    }
    expectTensor('inverse', inverse, 'float32', shape);
    expectTensor('info', info, 'int32', batchShape);
    expectTensor('rcond', rcond, 'float32', batchShape);
    const [y, infos, rconds] =
        await Promise.all([inverse.data(), info.data(), rcond.data()]);
    return Array.from(
        infos, (k, b) => ({
                 inverse: (y as Float32Array).slice(b * n * n, (b + 1) * n * n),
                 info: k,
                 rcond: rconds[b],
               }));
  } finally {
    tf.dispose([inverse, info, rcond as tf.Tensor]);
  }
}

function expectTensor(
    name: string, t: tf.Tensor, dtype: string, shape: number[]) {
  if (t.dtype !== dtype || !tf.util.arraysEqual(t.shape, shape)) {
    throw new Error(
        `matrixInverseEx: ${name} is ${t.dtype} [${t.shape}], expected ` +
        `${dtype} [${shape}]`);
  }
}

// ---------------------------------------------------------------- checks

/** How many matrices of a class each LU flagged by info > 0. */
interface FlagCounts {
  name: string;
  count: number;
  ours: number;
  dgetrf: number;
  sgetrf: number;
}

function flagCounts(name: string): FlagCounts {
  return {name, count: 0, ours: 0, dgetrf: 0, sgetrf: 0};
}

/** Counts for the summary, and the violations found. */
class Report {
  violations: string[] = [];
  violationCount = 0;
  exactlySingular = {...flagCounts('exactly singular'), oursOrRcond: 0};
  nonFinite = flagCounts('with a non-finite entry');
  invertible = flagCounts('non-singular');
  accuracy = {lapack: 0, condition: 0, outOfRange: 0};
  subnormalExempt = 0;

  check(ok: boolean, message: () => string) {
    if (ok) return;
    this.violationCount++;
    if (this.violations.length < MAX_REPORTED) {
      this.violations.push(message());
    }
  }

  throwIfViolated(label: string) {
    if (this.violationCount > 0) {
      throw new Error(
          `${label}: ${this.violationCount} violations of the ` +
          `singular-matrix contract, the first ${this.violations.length}:\n` +
          this.violations.join('\n'));
    }
  }

  summary(total: number): string {
    const s = this.exactlySingular;
    const a = this.accuracy;
    const flags = (c: FlagCounts) => `${c.count} ${c.name}: flagged by ` +
        `info: ours ${c.ours}, dgetrf ${c.dgetrf}, sgetrf ${c.sgetrf}`;
    return `${total} matrices. ${flags(s)}; ours info or rcond <= ` +
        `${SINGULAR_RCOND.toExponential(0)}: ${s.oursOrRcond}. ` +
        `${flags(this.nonFinite)}. ${flags(this.invertible)}. Accuracy ` +
        `checked on ${a.lapack + a.condition} (${a.condition} against the ` +
        `condition number), skipped on ${a.outOfRange} whose inverse float32 ` +
        `cannot hold.` +
        (this.subnormalExempt > 0 ?
             ` ${this.subnormalExempt} with subnormal entries exempt (the ` +
                 `backend flushes subnormals).` :
             '');
  }
}

function describe(c: Case): string {
  const values = c.n <= 4 ? ` x=[${Array.from(c.entries)}]` : '';
  return `matrix ${c.index} (${c.kind}, n=${c.n}` +
      `${c.adjoint ? ', adjoint' : ''})${values}`;
}

/** What every matrix's outputs must satisfy, flagged or not. */
function checkFlaggedOutputs(c: Case, out: Outcome, report: Report) {
  const fail = (ok: boolean, what: () => string) =>
      report.check(ok, () => `${describe(c)}: ${what()}`);
  const {n} = c;
  fail(
      Number.isInteger(out.info) && out.info >= 0 && out.info <= n,
      () => `info ${out.info} is not in 0..${n}`);
  if (out.info > 0) {
    fail(
        out.inverse.every(v => Number.isNaN(v)),
        () => `info ${out.info} but the inverse is not all NaN`);
    fail(out.rcond === 0, () => `info ${out.info} but rcond ${out.rcond}`);
  } else {
    fail(
        Number.isFinite(out.rcond) && out.rcond >= 0,
        () => `info 0 but rcond ${out.rcond}`);
  }
}

function checkMatrix(
    c: Case, out: Outcome, report: Report, options: ContractOptions) {
  const fail = (ok: boolean, what: () => string) =>
      report.check(ok, () => `${describe(c)}: ${what()}`);
  const {n, a} = c;
  checkFlaggedOutputs(c, out, report);
  const flagged = out.info > 0;
  if (!a.every(Number.isFinite)) {
    countFlags(report.nonFinite, c, flagged);
    fail(flagged, () => 'info 0 for a matrix with a non-finite entry');
    return;
  }
  fail(
      flagged || !hasObviousDependency(a, n),
      () => 'info 0 for a zero row, a zero column or two equal rows');
  if (isExactlySingular(a, n)) {
    const detected = flagged || out.rcond <= SINGULAR_RCOND;
    countFlags(report.exactlySingular, c, flagged);
    report.exactlySingular.oursOrRcond += detected ? 1 : 0;
    fail(detected, () => `exactly singular, but info 0 and rcond ${out.rcond}`);
    return;
  }
  checkInvertible(c, out, report, fail, options);
}

function countFlags(counts: FlagCounts, c: Case, flagged: boolean) {
  counts.count++;
  counts.ours += flagged ? 1 : 0;
  counts.dgetrf += c.dgetrf > 0 ? 1 : 0;
  counts.sgetrf += c.sgetrf > 0 ? 1 : 0;
}

/** A zero row, a zero column or two equal rows: singular at a glance. */
function hasObviousDependency(a: Float64Array, n: number): boolean {
  const row = (i: number) => a.subarray(i * n, (i + 1) * n);
  const zeroRow = (m: Float64Array, i: number) =>
      m.subarray(i * n, (i + 1) * n).every(v => v === 0);
  const at = transpose(a, n);
  for (let i = 0; i < n; i++) {
    if (zeroRow(a, i) || zeroRow(at, i)) return true;
    for (let j = i + 1; j < n; j++) {
      if (row(i).every((v, k) => v === a[j * n + k])) return true;
    }
  }
  return false;
}

/** The contract for a finite, non-singular matrix. */
function checkInvertible(
    c: Case, out: Outcome, report: Report,
    fail: (ok: boolean, what: () => string) => void, options: ContractOptions) {
  const {n, a} = c;
  const exact = inverse64(a, n);
  const cond = oneNorm(a, n) * oneNorm(exact, n);
  countFlags(report.invertible, c, out.info > 0);
  if (out.info > 0) {
    fail(
        cond > SURELY_INVERTIBLE_COND,
        () => `info ${out.info} for a matrix of condition number ${cond}`);
    return;
  }
  // A backend that flushes subnormals returns 0 for the entries of the
  // inverse below float32's normal range: compare with that.
  const reference = options.flushesSubnormals ?
      exact.map(v => Math.abs(v) < FLOAT32_MIN_NORMAL ? 0 : v) :
      exact;
  const lapackErr = scaledLapackError(a, exact, n);
  const bound = Number.isFinite(lapackErr) ?
      Math.max(8 * EPS32, LAPACK_FACTOR * lapackErr) :
      1e3 * cond * EPS32;
  checkRcond(a, exact, out, n, bound, options, fail);
  const largest = maxAbs(exact);
  if (largest > FLOAT32_MAX || largest < FLOAT32_MIN_NORMAL) {
    // Float32 cannot hold this inverse: nothing to compare.
    report.accuracy.outOfRange++;
    return;
  }
  fail(
      out.inverse.every(Number.isFinite),
      () => 'info 0 but the inverse is not finite');
  const err = relativeError(out.inverse, reference);
  if (Number.isFinite(lapackErr)) {
    report.accuracy.lapack++;
    fail(
        err <= bound,
        () => `forward error ${err} > ${bound} (LAPACK's ` +
            `float32 error ${lapackErr})`);
  } else {
    // LAPACK's float32 route over- or underflows even on the scaled
    // matrix (rows of very different scales): bound the error by the
    // float64 condition number instead.
    report.accuracy.condition++;
    fail(
        err <= bound,
        () => `forward error ${err} > ${bound} (condition ` +
            `number ${cond})`);
  }
}

/**
 * rcond must be 1 / (|A|_1 |Y|_1) of the Y returned. In float64 neither
 * norm nor their product can overflow (n <= 16, entries below 2^128); a
 * value below float32's range may come back rounded to a subnormal or 0.
 * Where Y could not be returned as computed (entries beyond float32's range
 * became Infinity, or subnormal ones were flushed to 0), rcond is that of
 * the inverse the backend computed before: it must match the exact one
 * within the forward error bound.
 */
function checkRcond(
    a: Float64Array, exact: Float64Array, out: Outcome, n: number,
    bound: number, options: ContractOptions,
    fail: (ok: boolean, what: () => string) => void) {
  const flushed = options.flushesSubnormals === true &&
      exact.some(v => v !== 0 && Math.abs(v) < FLOAT32_MIN_NORMAL);
  const computedBeforeRounding = flushed || !out.inverse.every(Number.isFinite);
  const expected = 1 /
      (oneNorm(a, n) *
       oneNorm(
           computedBeforeRounding ? exact : Float64Array.from(out.inverse), n));
  const relative = computedBeforeRounding ? Math.max(1e-5, 2 * bound) : 1e-5;
  const underflowed = options.flushesSubnormals === true &&
      expected < FLOAT32_MIN_NORMAL && out.rcond === 0;
  const tolerance = relative * expected + FLOAT32_MIN_SUBNORMAL;
  fail(
      underflowed || Math.abs(out.rcond - expected) <= tolerance,
      () => `rcond ${out.rcond}, but 1 / (|A|_1 |Y|_1) = ${expected}`);
}

/**
 * LAPACK's float32 error on A scaled by a power of two to entries near 1:
 * the same error as on A wherever A's scale causes no over- or underflow,
 * and the error the contract asks for where it does, since backends scale
 * each matrix.
 */
function scaledLapackError(
    a: Float64Array, exact: Float64Array, n: number): number {
  const scale = Math.pow(2, -Math.round(Math.log2(maxAbs(a))));
  const lapack = lapackFloat32Inverse(a.map(v => v * scale), n);
  if (!lapack.every(Number.isFinite)) return Infinity;
  return relativeError(lapack, exact.map(v => v / scale));
}

function maxAbs(m: ArrayLike<number>): number {
  let max = 0;
  for (let k = 0; k < m.length; k++) max = Math.max(max, Math.abs(m[k]));
  return max;
}

// ---------------------------------------------------------------- batches

/** Kinds whose first batched matrix is inverted again on its own. */
const ALONE_KINDS = [
  'listed',
  'nan_entry',
  'inf_entry',
  'duplicate_row',
  'huge_scale',
  'tiny_scale_singular',
  'near_singular',
  'well_conditioned',
];

/**
 * Each matrix's verdict must not depend on its batch: inverted alone, as an
 * [n, n] tensor, it gets the same info, and values within the float32 rule
 * of the batched ones. (Not bit for bit: a backend may take another route
 * for a lone matrix, as webgl does for tiny CPU-resident inputs and
 * tensorflow for batches that TensorFlow's kernel cannot be trusted with.)
 */
async function checkBatchIndependence(
    batches: Case[][], outcomes: Map<Case, Outcome>, report: Report) {
  const batched = batches.filter(batch => batch.length > 1).flat();
  for (const kind of ALONE_KINDS) {
    const c = batched.find(c => c.kind === kind);
    if (c == null) continue;
    const [alone] = await invert(c.entries, [c.n, c.n], c.adjoint);
    const inBatch = outcomes.get(c)!;
    const show = () => `${describe(c)}: inverted alone, info ${alone.info}, ` +
        `rcond ${alone.rcond}, inverse [${alone.inverse}]; in its batch, ` +
        `info ${inBatch.info}, rcond ${inBatch.rcond}, inverse ` +
        `[${inBatch.inverse}]`;
    report.check(alone.info === inBatch.info, show);
    if (alone.info === 0 && inBatch.inverse.every(Number.isFinite)) {
      const exact = inverse64(c.a, c.n);
      const bound = 2 *
          Math.max(
              8 * EPS32, LAPACK_FACTOR * scaledLapackError(c.a, exact, c.n));
      report.check(
          relativeError(alone.inverse, inBatch.inverse) <= bound, show);
    }
  }
}
