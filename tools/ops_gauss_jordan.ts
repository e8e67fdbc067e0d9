import * as tf from '@tensorflow/tfjs-core';

/**
 * Batched linear algebra written only with differentiable tfjs ops:
 * Gauss-Jordan without pivoting, the way users hand-roll it today. It serves
 * as an independent differentiable reference (on matrices that need no
 * pivoting) and as the benchmark's baseline.
 */

/** X^-1 by Gauss-Jordan on [X | I]. x: [batch, n, n]. */
export function opsGaussJordanInverse(x: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const [batch, n] = x.shape;
    // Not tf.tile: on webgl with WEBGL_PACK off (tfjs 4.22), the pivot
    // division below reads the wrong entry when the identity is a 1 x 1 x 1
    // tile. broadcastTo tiles only when batch > 1.
    const identity = tf.broadcastTo(tf.eye(n), [batch, n, n]);
    return opsGaussJordanSolve(x, identity as tf.Tensor3D);
  });
}

/**
 * A^-1 B by Gauss-Jordan on [A | B]. a: [batch, n, n], b: [batch, n, k].
 */
export function opsGaussJordanSolve(
    a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const [batch, n] = a.shape;
    const {reduced} = gaussJordan(tf.concat([a, b], 2), n);
    return tf.slice(reduced, [0, 0, n], [batch, n, b.shape[2]]);
  });
}

/**
 * det X as the product of the pivots Gauss-Jordan meets, which are LU's
 * without pivoting. x: [batch, n, n]; returns [batch].
 */
export function opsGaussJordanDeterminant(x: tf.Tensor3D): tf.Tensor1D {
  return tf.tidy(() => {
    const [batch, n] = x.shape;
    const {pivots} = gaussJordan(x, n);
    return tf.reshape(
        pivots.reduce((product, pivot) => tf.mul(product, pivot)), [batch]);
  });
}

/**
 * Reduces the first n columns of m ([batch, n, width]) to the identity by
 * row operations; returns the reduced m and the pivots, [batch, 1, 1] each.
 */
function gaussJordan(
    m: tf.Tensor3D, n: number): {reduced: tf.Tensor3D, pivots: tf.Tensor3D[]} {
  const [batch, , width] = m.shape;
  const pivots: tf.Tensor3D[] = [];
  for (let k = 0; k < n; k++) {
    const pivot = tf.slice(m, [0, k, k], [batch, 1, 1]);
    pivots.push(pivot);
    const pivotRow = tf.div(tf.slice(m, [0, k, 0], [batch, 1, width]), pivot);
    const factors = tf.slice(m, [0, 0, k], [batch, n, 1]);
    const rowK = tf.tensor3d(
        Array.from({length: n}, (_, i) => i === k ? 1 : 0), [1, n, 1]);
    // Row k becomes the scaled pivot row; every other row loses its
    // multiple of it (for row k: m_k - m_k + pivotRow).
    m = tf.add(tf.sub(m, tf.mul(factors, pivotRow)), tf.mul(rowK, pivotRow));
  }
  return {reduced: m, pivots};
}
