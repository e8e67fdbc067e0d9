/**
 * The benchmark's targets (not tests): ratios we aim for, checked against
 * one run's figures. A throughput target wants ours at least so many times
 * as fast as the other; a time target wants ours (or the backward pass)
 * within so many times the other's time.
 */
import {JAVASCRIPT_ROUTINE, ML_MATRIX, OURS_CPU, OURS_TENSORFLOW, OURS_WASM, TENSORFLOW_KERNEL} from './contenders';
import {GRADIENT_SPLIT_CASE, GradientSplit} from './gradient_split';
import {DET_CPU, DET_TENSORFLOW, INVERSE_CPU, KERNEL_DETERMINANT, KERNEL_LOG_DETERMINANT, KERNEL_SOLVE, ML_MATRIX_DETERMINANT, ML_MATRIX_SOLVE, RIGHT_HAND_SIDES, SLOGDET_CPU, SLOGDET_TENSORFLOW, SOLVE_CPU, SOLVE_TENSORFLOW} from './linalg';
import {formatNumber, formatRatio} from './markdown';
import {PerCallRow} from './per_call';

/** What the targets are checked against. */
export interface BenchResults {
  /** ms per call of the forward case with this n, or null if not run. */
  forwardMs(n: number, contender: string): number|null;
  /** The same for solve, det and slogdet's cases. */
  linalgMs(n: number, contender: string): number|null;
  /** Contenders left out of the run, with why. */
  skipped: Map<string, string>;
  perCall: PerCallRow[];
  /** Null where the cpu split was not measured. */
  split: GradientSplit|null;
}

interface Target {
  label: string;
  bound: {atLeast: number}|{atMost: number};
  /** The ratio and what it is made of, or null if not measured. */
  measure(results: BenchResults): {ratio: number, detail: string}|null;
  /**
   * The contenders it compares, where one may have been left out of the
   * run on purpose (a kernel not registered): then it is reported skipped.
   */
  skippable?: string[];
}

/** solve, det and slogdet's targets are set at this size. */
const LINALG_TARGET_N = 256;

const TARGETS: Target[] = [
  batchAgainst(OURS_CPU, ML_MATRIX, 2, 10000, 60),
  batchAgainst(OURS_CPU, ML_MATRIX, 3, 10000, 60),
  batchAgainst(OURS_CPU, ML_MATRIX, 4, 10000, 40),
  batchAgainst(OURS_CPU, ML_MATRIX, 16, 1000, 10),
  batchAgainst(OURS_CPU, ML_MATRIX, 256, 1, 12),
  batchAgainst(OURS_WASM, ML_MATRIX, 4, 10000, 40),
  batchAgainst(OURS_WASM, ML_MATRIX, 256, 1, 18),
  batchAgainst(OURS_WASM, JAVASCRIPT_ROUTINE, 256, 1, 1.5),
  perCall('cpu', 2, {atLeast: 1}),
  perCall('cpu', 4, {atLeast: 1}),
  perCall('tensorflow', 2, {atMost: 2}),
  perCall('tensorflow', 4, {atMost: 2}),
  tensorFlowAgainstItsKernel(256, 1.2),
  backwardAgainstForward(2),
  linalgRatio(SOLVE_CPU, INVERSE_CPU, {atMost: 0.5}),
  linalgRatio(DET_CPU, INVERSE_CPU, {atMost: 0.4}),
  linalgRatio(SLOGDET_CPU, INVERSE_CPU, {atMost: 0.4}),
  linalgRatio(SOLVE_CPU, ML_MATRIX_SOLVE, {atLeast: 10}),
  linalgRatio(DET_CPU, ML_MATRIX_DETERMINANT, {atLeast: 10}),
  linalgRatio(SLOGDET_CPU, ML_MATRIX_DETERMINANT, {atLeast: 10}),
  linalgRatio(SOLVE_TENSORFLOW, KERNEL_SOLVE, {atMost: 1.2}),
  linalgRatio(DET_TENSORFLOW, KERNEL_DETERMINANT, {atMost: 1.2}),
  linalgRatio(SLOGDET_TENSORFLOW, KERNEL_LOG_DETERMINANT, {atMost: 1.2}),
];

/** One markdown line per target: the ratio, its parts, the verdict. */
export function targetLines(results: BenchResults): string[] {
  return TARGETS.map(target => {
    const measured = target.measure(results);
    const skipped = (target.skippable ?? [])
                        .map(name => results.skipped.get(name))
                        .find(reason => reason != null);
    if (measured == null) {
      return skipped != null ?
          `- ${target.label}: not measured (${skipped}) -> skipped` :
          `- ${target.label}: not measured -> target missed`;
    }
    const {ratio, detail} = measured;
    const met = 'atLeast' in target.bound ? ratio >= target.bound.atLeast :
                                            ratio <= target.bound.atMost;
    return `- ${target.label}: ${formatRatio(ratio)} (${detail}) -> **${
        met ? 'target met' : 'target missed'}**`;
  });
}

/** A forward case: ours at least so many times the other's throughput. */
function batchAgainst(
    ours: string, other: string, n: number, batch: number,
    atLeast: number): Target {
  const matrices = batch === 1 ?
      `n = ${n}` :
      `batch of ${batch.toLocaleString('en-US')} ${n}x${n}`;
  return {
    label: `${matrices}: ${ours} throughput at least ${atLeast}x ${other}'s`,
    bound: {atLeast},
    measure({forwardMs}) {
      const oursMs = forwardMs(n, ours);
      const otherMs = forwardMs(n, other);
      if (oursMs == null || otherMs == null) {
        return null;
      }
      const perMatrix = (ms: number) => `${formatNumber(ms / batch)} ms/matrix`;
      return {
        ratio: otherMs / oursMs,
        detail: `${ours} ${perMatrix(oursMs)}, ${other} ${perMatrix(otherMs)}`,
      };
    },
  };
}

/** cpu: ours against ml-matrix; tensorflow: against TensorFlow's kernel. */
function perCall(
    backend: 'cpu'|'tensorflow', n: number,
    bound: {atLeast: number}|{atMost: number}): Target {
  const label = 'atLeast' in bound ?
      `one ${n}x${n} per call on ${backend}: ours at least ${
          bound.atLeast}x ml-matrix's throughput` :
      `one ${n}x${n} per call on ${backend}: ours within ${
          bound.atMost}x the time of TensorFlow's kernel called directly`;
  return {
    label,
    bound,
    measure({perCall}) {
      const row = perCall.find(r => r.backend === backend && r.n === n);
      if (row == null) {
        return null;
      }
      const us = (ms: number) => `${formatNumber(ms * 1000)} us`;
      const detail = `${row.ours} ${us(row.oursMsPerCall)}, ${row.other} ${
          us(row.otherMsPerCall)}`;
      const ratio = 'atLeast' in bound ?
          row.otherMsPerCall / row.oursMsPerCall :
          row.oursMsPerCall / row.otherMsPerCall;
      return {ratio, detail};
    },
  };
}

function tensorFlowAgainstItsKernel(n: number, atMost: number): Target {
  return {
    label: `n = ${n} on tensorflow: ours within ${atMost}x the time of ` +
        `TensorFlow's kernel called directly`,
    bound: {atMost},
    measure({forwardMs}) {
      const ours = forwardMs(n, OURS_TENSORFLOW);
      const kernel = forwardMs(n, TENSORFLOW_KERNEL);
      if (ours == null || kernel == null) {
        return null;
      }
      return {
        ratio: ours / kernel,
        detail: `${OURS_TENSORFLOW} ${formatNumber(ours)} ms, ${
            TENSORFLOW_KERNEL} ${formatNumber(kernel)} ms`,
      };
    },
  };
}

function backwardAgainstForward(atMost: number): Target {
  const {n, batch} = GRADIENT_SPLIT_CASE;
  return {
    label: `forward + backward on cpu, batch of ${
               batch.toLocaleString('en-US')} ${n}x${n}: the op's backward ` +
        `within ${atMost}x its forward`,
    bound: {atMost},
    measure({split}) {
      if (split == null) {
        return null;
      }
      return {
        ratio: split.opBackwardMs / split.opForwardMs,
        detail: `MatrixInverseGrad ${formatNumber(split.opBackwardMs)} ms, ` +
            `matrixInverse ${formatNumber(split.opForwardMs)} ms`,
      };
    },
  };
}

/**
 * Ours against another contender of solve, det and slogdet's cases: within
 * so many times its time, or at least so many times its throughput.
 */
function linalgRatio(
    ours: string, other: string,
    bound: {atLeast: number}|{atMost: number}): Target {
  const n = LINALG_TARGET_N;
  const where = `n = ${n}${
      ours === SOLVE_CPU || ours === SOLVE_TENSORFLOW ?
          `, k = ${RIGHT_HAND_SIDES}` :
          ''}`;
  const label = 'atLeast' in bound ?
      `${where}: ${ours} throughput at least ${bound.atLeast}x ${other}'s` :
      `${where}: ${ours} within ${bound.atMost}x the time of ${other}`;
  return {
    label,
    bound,
    skippable: [ours, other],
    measure({linalgMs}) {
      const oursMs = linalgMs(n, ours);
      const otherMs = linalgMs(n, other);
      if (oursMs == null || otherMs == null) {
        return null;
      }
      return {
        ratio: 'atLeast' in bound ? otherMs / oursMs : oursMs / otherMs,
        detail: `${ours} ${formatNumber(oursMs)} ms, ${other} ${
            formatNumber(otherMs)} ms`,
      };
    },
  };
}
