/**
 * Where the time of `tf.grad(x => tf.sum(tf.mul(w, matrixInverse(x))))(x)`
 * goes on the cpu backend: the op's forward pass, the op's backward pass
 * (the fused MatrixInverseGrad kernel), and tfjs's own ops around it.
 */
import * as tf from '@tensorflow/tfjs';

import {matrixInverse, MatrixInverseGrad, MatrixInverseGradAttrs} from '../src';

import {makeMatrixBatch, randomValues} from './inputs';
import {measureInterleaved} from './timing';

/** The case split: many small matrices, where the op's own part is least. */
export const GRADIENT_SPLIT_CASE = {
  n: 4,
  batch: 10000
};

export interface GradientSplit {
  /** The whole `tf.grad` call. */
  forwardAndBackwardMs: number;
  /** `matrixInverse(x)`. */
  opForwardMs: number;
  /** The MatrixInverseGrad kernel on the same inverse and dY. */
  opBackwardMs: number;
  /**
   * tf.mul and tf.sum, forward and backward, with nothing else:
   * `tf.grad(y => tf.sum(tf.mul(w, y)))(y)`.
   */
  tfjsOpsMs: number;
}

/**
 * Times the four calls interleaved, each with dataSync(), at
 * GRADIENT_SPLIT_CASE. Needs the cpu backend to be current.
 */
export function measureGradientSplit(): GradientSplit {
  const {n, batch} = GRADIENT_SPLIT_CASE;
  const {values} = makeMatrixBatch(n, batch);
  const shape: [number, number, number] = [batch, n, n];
  const x = tf.tensor3d(values, shape);
  const w = tf.tensor3d(randomValues(batch * n * n, n), shape);
  // dY = w for this loss; Y is computed once, off the clock.
  const y = matrixInverse(x);
  const gradient =
      tf.grad((x: tf.Tensor) => tf.sum(tf.mul(w, matrixInverse(x))));
  const tfjsOpsGradient = tf.grad((y: tf.Tensor) => tf.sum(tf.mul(w, y)));
  const attrs: MatrixInverseGradAttrs = {adjoint: false};
  const calls = [
    () => gradient(x),
    () => matrixInverse(x),
    () => tf.engine().runKernel(MatrixInverseGrad, {y, dy: w}, attrs) as
        tf.Tensor,
    () => tfjsOpsGradient(y),
  ];
  const [all, opForward, opBackward, tfjsOps] =
      measureInterleaved(calls.map(call => () => tf.tidy(() => {
        call().dataSync();
      })));
  tf.dispose([x, w, y]);
  return {
    forwardAndBackwardMs: all.msPerCall,
    opForwardMs: opForward.msPerCall,
    opBackwardMs: opBackward.msPerCall,
    tfjsOpsMs: tfjsOps.msPerCall,
  };
}
