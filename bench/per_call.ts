/**
 * One small matrix per call, as a caller inverting matrices one at a time
 * does: there the cost around the arithmetic (argument checks, tensor
 * bookkeeping, the engine) is most of the cost. Ours against ml-matrix on
 * cpu, and against TensorFlow's own kernel called directly on tensorflow.
 */
import * as tf from '@tensorflow/tfjs';
import {inverse, Matrix} from 'ml-matrix';

import {matrixInverse} from '../src';

import {assertBackend, ML_MATRIX, OURS_CPU, OURS_TENSORFLOW, TENSORFLOW_KERNEL, tensorFlowKernelInverse, toMlMatrices} from './contenders';
import {inverseCheck, makeMatrixBatch, MatrixBatch} from './inputs';
import {measureInterleaved} from './timing';

/** The sizes inverted one per call. */
const PER_CALL_SIZES = [2, 4];

/**
 * Results a caller keeps before letting them all go: long enough that the
 * garbage collector (ml-matrix) and the disposals (tensors) are charged to
 * the calls as a caller pays them.
 */
const KEPT_RESULTS = 1000;

export interface PerCallRow {
  /** The backend ours runs on. */
  backend: 'cpu'|'tensorflow';
  n: number;
  ours: string;
  other: string;
  oursMsPerCall: number;
  otherMsPerCall: number;
  /** max |A X - I| of each contender's result. */
  residuals: [number, number];
}

/** One side of a comparison, set up for one matrix. */
interface Contestant<T> {
  name: string;
  invert(): T;
  /** The result's values, read off the clock. */
  read(result: T): ArrayLike<number>;
  /** How a caller lets results go. */
  release(results: T[]): void;
}

/** Ours and the other, on the current backend, for the matrix x. */
type Pairing =
    (x: tf.Tensor,
     input: MatrixBatch) => [Contestant<tf.Tensor>, Contestant<unknown>];

/** Its results are disposed one by one. */
function tensorContestant(
    name: string, invert: () => tf.Tensor): Contestant<tf.Tensor> {
  return {
    name,
    invert,
    read: y => y.dataSync(),
    release: results => results.forEach(y => y.dispose()),
  };
}

/** matrixInverse on cpu against ml-matrix's inverse of a prebuilt Matrix. */
const againstMlMatrix: Pairing = (x, input) => {
  const [m] = toMlMatrices(input);
  const mlMatrix: Contestant<Matrix> = {
    name: ML_MATRIX,
    invert: () => inverse(m),
    read: y => y.to1DArray(),
    // Dropping them leaves them to the garbage collector.
    release: () => {},
  };
  return [tensorContestant(OURS_CPU, () => matrixInverse(x)), mlMatrix];
};

/** matrixInverse on tensorflow against TensorFlow's kernel alone. */
const againstTensorFlowKernel: Pairing = x =>
    [tensorContestant(OURS_TENSORFLOW, () => matrixInverse(x)),
     tensorContestant(TENSORFLOW_KERNEL, () => tensorFlowKernelInverse(x)),
];

/** cpu rows, then tensorflow rows when it is loaded. */
export async function measurePerCall(withTensorFlow: boolean):
    Promise<PerCallRow[]> {
  const rows: PerCallRow[] = [];
  const pairings: Array<['cpu' | 'tensorflow', Pairing]> = [
    ['cpu', againstMlMatrix],
  ];
  if (withTensorFlow) {
    pairings.push(['tensorflow', againstTensorFlowKernel]);
  }
  for (const [backend, pairing] of pairings) {
    await tf.setBackend(backend);
    assertBackend(backend);
    for (const n of PER_CALL_SIZES) {
      rows.push(measurePairing(backend, n, pairing));
    }
  }
  return rows;
}

function measurePairing(
    backend: 'cpu'|'tensorflow', n: number, pairing: Pairing): PerCallRow {
  const input = makeMatrixBatch(n, 1);
  const x = tf.tensor(input.values, [n, n]);
  const [ours, other] = pairing(x, input);
  const keepers = [new Keeper(ours), new Keeper(other)];
  const [oursTiming, otherTiming] =
      measureInterleaved(keepers.map(keeper => () => keeper.invert()));
  keepers.forEach(keeper => keeper.releaseAll());
  const residuals: [number, number] =
      [residual(ours, input), residual(other, input)];
  x.dispose();
  return {
    backend,
    n,
    ours: ours.name,
    other: other.name,
    oursMsPerCall: oursTiming.msPerCall,
    otherMsPerCall: otherTiming.msPerCall,
    residuals,
  };
}

/**
 * Keeps a contestant's results as a caller collecting them does, and lets
 * them go all at once every KEPT_RESULTS calls, on the clock.
 */
class Keeper<T> {
  private kept: T[] = [];

  constructor(private readonly contestant: Contestant<T>) {
  }

  invert() {
    this.kept.push(this.contestant.invert());
    if (this.kept.length === KEPT_RESULTS) {
      this.releaseAll();
    }
  }

  releaseAll() {
    this.contestant.release(this.kept);
    this.kept = [];
  }
}

/** max |A X - I| of one more result, off the clock. */
function residual<T>(contestant: Contestant<T>, input: MatrixBatch): number {
  const result = contestant.invert();
  const value = inverseCheck.error(input, contestant.read(result));
  contestant.release([result]);
  return value;
}
