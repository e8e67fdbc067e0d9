import * as tf from '@tensorflow/tfjs-core';

/**
 * A batched inverse written only with differentiable tfjs ops: Gauss-Jordan
 * on [X | I] without pivoting, the way users hand-roll it today. It serves as
 * an independent differentiable reference (on matrices that need no pivoting)
 * and as the benchmark's baseline. x: [batch, n, n].
 */
export function opsGaussJordanInverse(x: tf.Tensor3D): tf.Tensor3D {
  return tf.tidy(() => {
    const [batch, n] = x.shape;
    // Not tf.tile: on webgl with WEBGL_PACK off (tfjs 4.22), the pivot
    // division below reads the wrong entry when the identity is a 1 x 1 x 1
    // tile. broadcastTo tiles only when batch > 1.
    const identity = tf.broadcastTo(tf.eye(n), [batch, n, n]);
    let m = tf.concat([x, identity], 2);
    for (let k = 0; k < n; k++) {
      const pivot = tf.slice(m, [0, k, k], [batch, 1, 1]);
      const pivotRow = tf.div(tf.slice(m, [0, k, 0], [batch, 1, 2 * n]), pivot);
      const factors = tf.slice(m, [0, 0, k], [batch, n, 1]);
      const rowK = tf.tensor3d(
          Array.from({length: n}, (_, i) => i === k ? 1 : 0), [1, n, 1]);
      // Row k becomes the scaled pivot row; every other row loses its
      // multiple of it (for row k: m_k - m_k + pivotRow).
      m = tf.add(tf.sub(m, tf.mul(factors, pivotRow)), tf.mul(rowK, pivotRow));
    }
    return tf.slice(m, [0, 0, n], [batch, n, n]) as tf.Tensor3D;
  });
}
