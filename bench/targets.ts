/**
 * The benchmark's targets (not tests): ratios we aim for, checked against
 * one run's figures. A throughput target wants ours at least so many times
 * as fast as the other; a time target wants ours (or the backward pass)
 * within so many times the other's time.
 */
import {ML_MATRIX, OURS_CPU, OURS_TENSORFLOW, TENSORFLOW_KERNEL} from './contenders';
import {GRADIENT_SPLIT_CASE, GradientSplit} from './gradient_split';
import {formatNumber, formatRatio} from './markdown';
import {PerCallRow} from './per_call';

/** What the targets are checked against. */
export interface BenchResults {
  /** ms per call of the forward case with this n, or null if not run. */
  forwardMs(n: number, contender: string): number|null;
  perCall: PerCallRow[];
  /** Null where the cpu split was not measured. */
  split: GradientSplit|null;
}

interface Target {
  label: string;
  bound: {atLeast: number}|{atMost: number};
  /** The ratio and what it is made of, or null if not measured. */
  measure(results: BenchResults): {ratio: number, detail: string}|null;
}

const TARGETS: Target[] = [
  batchAgainstMlMatrix(2, 10000, 60),
  batchAgainstMlMatrix(3, 10000, 60),
  batchAgainstMlMatrix(4, 10000, 40),
  batchAgainstMlMatrix(16, 1000, 10),
  batchAgainstMlMatrix(256, 1, 12),
  perCall('cpu', 2, {atLeast: 1}),
  perCall('cpu', 4, {atLeast: 1}),
  perCall('tensorflow', 2, {atMost: 2}),
  perCall('tensorflow', 4, {atMost: 2}),
  tensorFlowAgainstItsKernel(256, 1.2),
  backwardAgainstForward(2),
];

/** One markdown line per target: the ratio, its parts, the verdict. */
export function targetLines(results: BenchResults): string[] {
  return TARGETS.map(target => {
    const measured = target.measure(results);
    if (measured == null) {
      return `- ${target.label}: not measured -> target missed`;
    }
    const {ratio, detail} = measured;
    const met = 'atLeast' in target.bound ? ratio >= target.bound.atLeast :
                                            ratio <= target.bound.atMost;
    return `- ${target.label}: ${formatRatio(ratio)} (${detail}) -> **${
        met ? 'target met' : 'target missed'}**`;
  });
}

function batchAgainstMlMatrix(
    n: number, batch: number, atLeast: number): Target {
  const matrices = batch === 1 ?
      `n = ${n}` :
      `batch of ${batch.toLocaleString('en-US')} ${n}x${n}`;
  return {
    label: `${matrices}: ours (cpu) throughput at least ${atLeast}x ` +
        `ml-matrix's`,
    bound: {atLeast},
    measure({forwardMs}) {
      const ours = forwardMs(n, OURS_CPU);
      const other = forwardMs(n, ML_MATRIX);
      if (ours == null || other == null) {
        return null;
      }
      const perMatrix = (ms: number) => `${formatNumber(ms / batch)} ms/matrix`;
      return {
        ratio: other / ours,
        detail:
            `${OURS_CPU} ${perMatrix(ours)}, ${ML_MATRIX} ${perMatrix(other)}`,
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
