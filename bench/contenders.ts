/**
 * What is measured. A forward contender computes something (an inverse, a
 * solve, a determinant) for a whole batch per call: an op on a tfjs backend,
 * ml-matrix, or one of the package's JavaScript routines alone; a gradient
 * contender
 * times the forward pass, forward+backward, and the two matrix products the
 * backward pass consists of, on one backend.
 */
import * as tf from '@tensorflow/tfjs';
import {inverse, Matrix} from 'ml-matrix';

import {LogMatrixDeterminant, MatrixDeterminant, matrixInverse, MatrixSolve} from '../src';
import {TensorFlowBackendLike} from '../src/kernels/backend_types';
import {runTensorFlowMatrixInverse} from '../src/kernels/node/MatrixInverse';
import {floatType} from '../src/kernels/node/tensorflow_lu';
import {BatchInverse, invertEach} from '../src/kernels/shared/matrix_inverse_impl';
import {smallMatrixInverses} from '../src/kernels/shared/small_inverses';
import {opsGaussJordanInverse} from '../tools/ops_gauss_jordan';

import {Check, inverseCheck, makeMatrixBatch, MatrixBatch, randomValues} from './inputs';

/** A batch of matrices of one size. */
export interface BenchCase {
  n: number;
  batch: number;
}

/** Contenders measured case by case on the same inputs. */
export interface Suite<I extends MatrixBatch> {
  cases: BenchCase[];
  contenders: Array<Contender<I>>;
  /** The input of a case, built once for all its contenders. */
  makeInput(benchCase: BenchCase): I;
  /** Flops per matrix, for a GFLOP/s column; null for none. */
  flopsPerMatrix: ((n: number) => number)|null;
  /** Printed beside its table where both contenders were measured. */
  ratios: Ratio[];
}

/** A ratio of two contenders' figures, numerator over denominator. */
export interface Ratio {
  label: string;
  numerator: string;
  denominator: string;
  /** Of throughputs (higher is better for the numerator), or of times. */
  of: 'throughput'|'time';
}

/** A contender set up for one batch of matrices. */
export interface Runner {
  /**
   * Computes for every matrix; returns the first matrix's results (every
   * output's first entries, in order), for the check.
   */
  run(): ArrayLike<number>;
  dispose(): void;
}

export interface Contender<I extends MatrixBatch = MatrixBatch> {
  name: string;
  /** The tfjs backend it runs on, or null for plain JavaScript. */
  backend: string|null;
  /** The matrix sizes n it is measured at. */
  sizes: number[];
  /** What its results must pass. */
  check: Check<I>;
  /**
   * Builds its inputs off the clock (tensors on the current backend, which
   * the caller has set to `backend`).
   */
  setUp(input: I): Runner;
}

export const OURS_CPU = 'ours (cpu)';
export const OURS_WASM = 'ours (wasm)';
export const JAVASCRIPT_ROUTINE = 'JavaScript routine';
export const ML_MATRIX = 'ml-matrix';
export const OPS_CPU = 'ops Gauss-Jordan (cpu)';
export const OURS_TENSORFLOW = 'ours (tensorflow)';
export const TENSORFLOW_KERNEL = 'TensorFlow\'s kernel (tensorflow)';

/** Sizes of the cpu comparison. */
export const CPU_SIZES = [2, 3, 4, 16, 64, 256, 512];
/** The tensorflow backend's sizes: it is the one that scales to 1024. */
export const TENSORFLOW_SIZES = [64, 256, 512, 1024];

/** Batches large enough that one call is not lost in timer noise. */
export const INVERSE_CASES: BenchCase[] = [
  {n: 2, batch: 10000},
  {n: 3, batch: 10000},
  {n: 4, batch: 10000},
  {n: 16, batch: 1000},
  {n: 64, batch: 16},
  {n: 256, batch: 1},
  {n: 512, batch: 1},
  {n: 1024, batch: 1},
];

/** The wasm backend's sizes: every case. */
export const WASM_SIZES = INVERSE_CASES.map(c => c.n);

/** Sizes of the gradient benchmark on the JavaScript backends. */
const GRADIENT_SIZES = [64, 256, 512];

/** matrixInverse against ml-matrix, tfjs ops and TensorFlow's kernel. */
export function inverseSuite(withTensorFlow: boolean): Suite<MatrixBatch> {
  return {
    cases: INVERSE_CASES,
    contenders: inverseContenders(withTensorFlow),
    makeInput: ({n, batch}) => makeMatrixBatch(n, batch),
    flopsPerMatrix: n => 2 * n ** 3,
    ratios: INVERSE_RATIOS,
  };
}

/**
 * Throughputs of ours over the other's, except against TensorFlow's own
 * kernel, where the times are.
 */
const INVERSE_RATIOS: Ratio[] = [
  {
    label: 'ours/ml-matrix',
    numerator: OURS_CPU,
    denominator: ML_MATRIX,
    of: 'throughput'
  },
  {
    label: 'ours/ops',
    numerator: OURS_CPU,
    denominator: OPS_CPU,
    of: 'throughput'
  },
  {
    label: 'cpu/JS routine',
    numerator: OURS_CPU,
    denominator: JAVASCRIPT_ROUTINE,
    of: 'throughput'
  },
  {
    label: 'wasm/ml-matrix',
    numerator: OURS_WASM,
    denominator: ML_MATRIX,
    of: 'throughput'
  },
  {
    label: 'wasm/cpu',
    numerator: OURS_WASM,
    denominator: OURS_CPU,
    of: 'throughput'
  },
  {
    label: 'wasm/JS routine',
    numerator: OURS_WASM,
    denominator: JAVASCRIPT_ROUTINE,
    of: 'throughput'
  },
  {
    label: 'cpu/tensorflow',
    numerator: OURS_CPU,
    denominator: OURS_TENSORFLOW,
    of: 'throughput'
  },
  {
    label: 'tensorflow: ours/kernel, time',
    numerator: OURS_TENSORFLOW,
    denominator: TENSORFLOW_KERNEL,
    of: 'time'
  },
];

function inverseContenders(withTensorFlow: boolean): Contender[] {
  const invert = ([x]: tf.Tensor[]) => matrixInverse(x);
  // n = 1024 on the cpu only when there is a tensorflow number to compare.
  const cpuSizes = withTensorFlow ? [...CPU_SIZES, 1024] : CPU_SIZES;
  const contenders = [
    tfjsContender(OURS_CPU, 'cpu', cpuSizes, inverseCheck, invert),
    tfjsContender(OURS_WASM, 'wasm', WASM_SIZES, inverseCheck, invert),
    routineContender(
        JAVASCRIPT_ROUTINE, cpuSizes, inverseCheck, javaScriptInverse),
    mlMatrixContender(
        ML_MATRIX, CPU_SIZES, inverseCheck,
        input => toMlMatrices(input).map(m => () => inverse(m)),
        y => y.to1DArray()),
    tfjsContender(
        OPS_CPU, 'cpu', CPU_SIZES, inverseCheck,
        ([x]) => opsGaussJordanInverse(x as tf.Tensor3D)),
  ];
  if (withTensorFlow) {
    contenders.push(
        tfjsContender(
            OURS_TENSORFLOW, 'tensorflow', TENSORFLOW_SIZES, inverseCheck,
            invert),
        tfjsContender(
            TENSORFLOW_KERNEL, 'tensorflow', TENSORFLOW_SIZES, inverseCheck,
            ([x]) => tensorFlowKernelInverse(x)));
  }
  return contenders;
}

/**
 * The inverses as the cpu kernel computed them before the WebAssembly
 * engine: the written-out eliminations up to 4 x 4, invertEach above, into
 * fresh outputs on every call.
 */
function javaScriptInverse({n, batch, values}: MatrixBatch): () =>
    ArrayLike<number> {
  const invert: BatchInverse = smallMatrixInverses[n] ??
      ((values, batch, adjoint, out) =>
           invertEach(values, batch, n, adjoint, out));
  return () => {
    const out = {
      inverse: new Float32Array(batch * n * n),
      info: new Int32Array(batch),
      rcond: new Float32Array(batch),
    };
    invert(values, batch, false, out);
    return out.inverse.subarray(0, n * n);
  };
}

/**
 * TensorFlow's own MatrixInverse kernel called directly on the tensorflow
 * backend, without the package's checks: the floor for ours there.
 */
export function tensorFlowKernelInverse(x: tf.Tensor): tf.Tensor {
  return runTensorFlowMatrixInverse(tensorFlowBackend(), x, false);
}

/** TensorFlow's MatrixSolve, called directly. */
export function tensorFlowKernelSolve(
    matrix: tf.Tensor, rhs: tf.Tensor): tf.Tensor {
  const backend = tensorFlowBackend();
  const {binding} = backend;
  return backend.executeSingleOutput(
      MatrixSolve,
      [
        {name: 'adjoint', type: binding.TF_ATTR_BOOL, value: false},
        floatType(backend),
      ],
      [matrix, rhs]);
}

/** TensorFlow's MatrixDeterminant, called directly. */
export function tensorFlowKernelDeterminant(x: tf.Tensor): tf.Tensor {
  const backend = tensorFlowBackend();
  return backend.executeSingleOutput(
      MatrixDeterminant, [floatType(backend)], [x]);
}

/** TensorFlow's LogMatrixDeterminant, called directly: [sign, log|det|]. */
export function tensorFlowKernelLogDeterminant(x: tf.Tensor): tf.Tensor[] {
  const backend = tensorFlowBackend();
  return backend.executeMultipleOutputs(
      LogMatrixDeterminant, [floatType(backend)], [x], 2);
}

function tensorFlowBackend(): TensorFlowBackendLike {
  return tf.backend() as unknown as TensorFlowBackendLike;
}

/**
 * Times compute(operands) plus dataSync() of every output, as a user would
 * read the results. The operands (by default the batch as one [batch, n, n]
 * tensor) are built off the clock. The outputs are kept until the next call,
 * as a caller keeps them, and disposed then, on the clock.
 */
export function tfjsContender<I extends MatrixBatch>(
    name: string, backend: string, sizes: number[], check: Check<I>,
    compute: (operands: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
    makeOperands: (input: I) => tf.Tensor[] = matrixOperand): Contender<I> {
  return {
    name,
    backend,
    sizes,
    check,
    setUp(input) {
      assertBackend(backend);
      const operands = makeOperands(input);
      let kept: tf.Tensor[] = [];
      return {
        run() {
          tf.dispose(kept);
          // tf.tidy disposes what the contender makes on the way.
          kept = tf.tidy(() => [compute(operands)].flat());
          return firstResults(kept.map(t => t.dataSync()), input.batch);
        },
        dispose: () => tf.dispose([...operands, ...kept]),
      };
    },
  };
}

function matrixOperand({n, batch, values}: MatrixBatch): tf.Tensor[] {
  return [tf.tensor3d(values, [batch, n, n])];
}

/** The first 1 / batch of each output, in order. */
function firstResults(
    outputs: tf.TypedArray[], batch: number): ArrayLike<number> {
  // One output (all but slogdet): a view, so nothing is copied on the clock.
  return outputs.length === 1 ?
      outputs[0].subarray(0, outputs[0].length / batch) :
      outputs.flatMap(o => Array.from(o.subarray(0, o.length / batch)));
}

/**
 * ml-matrix, one matrix at a time: `setUpCalls` builds the Matrix operands
 * off the clock and returns one call per matrix. The results are kept in
 * an array until the next call, as a caller keeps them, and left to the
 * garbage collector then, on the clock. `read` gives a result's entries.
 */
export function mlMatrixContender<I extends MatrixBatch, R>(
    name: string, sizes: number[], check: Check<I>,
    setUpCalls: (input: I) => Array<() => R>,
    read: (result: R) => ArrayLike<number>): Contender<I> {
  return {
    name,
    backend: null,
    sizes,
    check,
    setUp(input) {
      const calls = setUpCalls(input);
      let kept: R[] = [];
      return {
        run() {
          kept = new Array<R>(calls.length);
          for (let b = 0; b < calls.length; b++) {
            kept[b] = calls[b]();
          }
          return read(kept[0]);
        },
        dispose() {},
      };
    },
  };
}

/**
 * One of the package's JavaScript routines over the whole batch, without
 * tfjs (what the kernels ran before the WebAssembly engine): `setUpCall`
 * returns the call, which makes fresh outputs as a kernel does and returns
 * the first matrix's results. Each call's outputs are kept until the next.
 */
export function routineContender<I extends MatrixBatch>(
    name: string, sizes: number[], check: Check<I>,
    setUpCall: (input: I) => () => ArrayLike<number>): Contender<I> {
  return {
    name,
    backend: null,
    sizes,
    check,
    setUp: input => ({run: setUpCall(input), dispose() {}}),
  };
}

/** The batch as ml-matrix Matrix objects, one per matrix. */
export function toMlMatrices({n, batch, values}: MatrixBatch): Matrix[] {
  return mlMatricesOf(values, batch, n, n);
}

/** `batch` row-major rows x columns blocks of `values` as Matrix objects. */
export function mlMatricesOf(
    values: Float32Array, batch: number, rows: number,
    columns: number): Matrix[] {
  return Array.from({length: batch}, (_, b) => {
    const rowStart = (i: number) => (b * rows + i) * columns;
    return new Matrix(Array.from(
        {length: rows},
        (_, i) => Array.from(values.subarray(rowStart(i), rowStart(i + 1)))));
  });
}

/** The three timed calls of the gradient benchmark, set up for one batch. */
export interface GradientRunner {
  /** loss(x) = sum(w * matrixInverse(x)). */
  forward(): void;
  /** tf.grad(loss)(x): the forward pass again, then the backward pass. */
  forwardAndBackward(): void;
  /**
   * The backward pass's two products, dX = -Y^T dY Y^T, as plain tf.matMul
   * calls on the same backend: what the backward pass should cost.
   */
  twoMatMuls(): void;
  dispose(): void;
}

export interface GradientContender {
  name: string;
  backend: string;
  sizes: number[];
  setUp(input: MatrixBatch): GradientRunner;
}

export function gradientContenders(withTensorFlow: boolean):
    GradientContender[] {
  const contenders = [
    oursGradient(OURS_CPU, 'cpu', GRADIENT_SIZES),
    oursGradient(OURS_WASM, 'wasm', GRADIENT_SIZES),
  ];
  if (withTensorFlow) {
    contenders.push(
        oursGradient(OURS_TENSORFLOW, 'tensorflow', TENSORFLOW_SIZES));
  }
  return contenders;
}

function oursGradient(
    name: string, backend: string, sizes: number[]): GradientContender {
  return {
    name,
    backend,
    sizes,
    setUp(input) {
      assertBackend(backend);
      const {n, batch, values} = input;
      const shape: [number, number, number] = [batch, n, n];
      const x = tf.tensor3d(values, shape);
      const w = tf.tensor3d(randomValues(batch * n * n, n), shape);
      const loss = (x: tf.Tensor) => tf.sum(tf.mul(w, matrixInverse(x)));
      const gradient = tf.grad(loss);
      // dY = w for this loss; Y is computed once, off the clock.
      const y = tf.tidy(() => matrixInverse(x));
      return {
        forward: () => tf.tidy(() => {
          loss(x).dataSync();
        }),
        forwardAndBackward: () => tf.tidy(() => {
          gradient(x).dataSync();
        }),
        twoMatMuls: () => tf.tidy(() => {
          tf.matMul(tf.matMul(y, w, true, false), y, false, true).dataSync();
        }),
        dispose: () => tf.dispose([x, w, y]),
      };
    },
  };
}

export function assertBackend(backend: string) {
  if (tf.getBackend() !== backend) {
    throw new Error(
        `set up for backend '${backend}' while '${tf.getBackend()}' is ` +
        `current`);
  }
}
