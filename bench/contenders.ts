/**
 * What is measured. A forward contender inverts a whole batch per call; a
 * gradient contender times the forward pass, forward+backward, and the two
 * matrix products the backward pass consists of, on one backend.
 */
import * as tf from '@tensorflow/tfjs';
import {inverse, Matrix} from 'ml-matrix';

import {matrixInverse} from '../src';
import {TensorFlowBackendLike} from '../src/kernels/backend_types';
import {runTensorFlowMatrixInverse} from '../src/kernels/node/MatrixInverse';
import {opsGaussJordanInverse} from '../tools/ops_gauss_jordan';

import {MatrixBatch, randomValues} from './inputs';

/** A contender set up for one batch of matrices. */
export interface InverseRunner {
  /** Inverts every matrix; returns the first inverse, row-major. */
  run(): ArrayLike<number>;
  dispose(): void;
}

export interface Contender {
  name: string;
  /** The tfjs backend it runs on, or null for plain JavaScript. */
  backend: string|null;
  /** The matrix sizes n it is measured at. */
  sizes: number[];
  /**
   * Builds its inputs off the clock (tensors on the current backend, which
   * the caller has set to `backend`).
   */
  setUp(input: MatrixBatch): InverseRunner;
}

export const OURS_CPU = 'ours (cpu)';
export const ML_MATRIX = 'ml-matrix';
export const OPS_CPU = 'ops Gauss-Jordan (cpu)';
export const OURS_TENSORFLOW = 'ours (tensorflow)';
export const TENSORFLOW_KERNEL = 'TensorFlow\'s kernel (tensorflow)';

/** Sizes of the cpu comparison. */
export const CPU_SIZES = [2, 3, 4, 16, 64, 256, 512];
/** The tensorflow backend's sizes: it is the one that scales to 1024. */
export const TENSORFLOW_SIZES = [64, 256, 512, 1024];

export function forwardContenders(withTensorFlow: boolean): Contender[] {
  const contenders = [
    // n = 1024 on the cpu only when there is a tensorflow number to compare.
    tfjsContender(
        OURS_CPU, 'cpu', withTensorFlow ? [...CPU_SIZES, 1024] : CPU_SIZES,
        x => matrixInverse(x)),
    mlMatrixContender(ML_MATRIX, CPU_SIZES),
    tfjsContender(OPS_CPU, 'cpu', CPU_SIZES, opsGaussJordanInverse),
  ];
  if (withTensorFlow) {
    contenders.push(
        tfjsContender(
            OURS_TENSORFLOW, 'tensorflow', TENSORFLOW_SIZES,
            x => matrixInverse(x)),
        tfjsContender(
            TENSORFLOW_KERNEL, 'tensorflow', TENSORFLOW_SIZES,
            tensorFlowKernelInverse));
  }
  return contenders;
}

/**
 * TensorFlow's own MatrixInverse kernel called directly on the tensorflow
 * backend, without the package's checks: the floor for ours there.
 */
export function tensorFlowKernelInverse(x: tf.Tensor): tf.Tensor {
  return runTensorFlowMatrixInverse(
      tf.backend() as unknown as TensorFlowBackendLike, x, false);
}

/**
 * Times invert(x) plus dataSync(), as a user would read the result. The
 * result is kept until the next call, as a caller keeps it, and disposed
 * then, on the clock.
 */
function tfjsContender(
    name: string, backend: string, sizes: number[],
    invert: (x: tf.Tensor3D) => tf.Tensor): Contender {
  return {
    name,
    backend,
    sizes,
    setUp(input) {
      assertBackend(backend);
      const {n, batch, values} = input;
      const x = tf.tensor3d(values, [batch, n, n]);
      let kept: tf.Tensor|null = null;
      return {
        run() {
          kept?.dispose();
          // tf.tidy disposes what the contender makes on the way.
          kept = tf.tidy(() => invert(x));
          return kept.dataSync().subarray(0, n * n);
        },
        dispose: () => tf.dispose(kept == null ? [x] : [x, kept]),
      };
    },
  };
}

/**
 * ml-matrix's LU-based inverse, one Matrix at a time. The inverses are kept
 * in an array until the next call, as a caller keeps them, and left to the
 * garbage collector then, on the clock.
 */
function mlMatrixContender(name: string, sizes: number[]): Contender {
  return {
    name,
    backend: null,
    sizes,
    setUp(input) {
      const matrices = toMlMatrices(input);
      let kept: Matrix[] = [];
      return {
        run() {
          kept = new Array<Matrix>(matrices.length);
          for (let b = 0; b < matrices.length; b++) {
            kept[b] = inverse(matrices[b]);
          }
          return kept[0].to1DArray();
        },
        dispose() {},
      };
    },
  };
}

/** The batch as ml-matrix Matrix objects, one per matrix. */
export function toMlMatrices({n, batch, values}: MatrixBatch): Matrix[] {
  return Array.from({length: batch}, (_, b) => {
    const rowStart = (i: number) => (b * n + i) * n;
    const rows = Array.from(
        {length: n},
        (_, i) => Array.from(values.subarray(rowStart(i), rowStart(i + 1))));
    return new Matrix(rows);
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
  const contenders = [oursGradient(OURS_CPU, 'cpu', [64, 256, 512])];
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
