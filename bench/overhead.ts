/**
 * Where the time of a batch of small inverses goes on the cpu backend: each
 * layer between the user and the arithmetic, timed on its own.
 */
import * as tf from '@tensorflow/tfjs';

import {MatrixInverse, matrixInverse} from '../src';
import {matrixInverseImpl} from '../src/kernels/shared/matrix_inverse_impl';

import {MatrixBatch} from './inputs';
import {measureInterleaved} from './timing';

export interface OverheadLayer {
  label: string;
  msPerBatch: number;
}

/** Needs the cpu backend to be current. */
export function measureOverheadLayers(input: MatrixBatch): OverheadLayer[] {
  const {n, batch, values} = input;
  const x = tf.tensor3d(values, [batch, n, n]);
  const layers: Array<[string, () => unknown]> = [
    [
      'copy each matrix into a float64 work matrix and back, no arithmetic',
      () => copyThroughFloat64Work(values, batch, n),
    ],
    [
      'matrixInverseImpl alone (the Gauss-Jordan, plain JS)',
      () => matrixInverseImpl(values, batch, n, false),
    ],
    [
      'the kernel through engine().runKernel + dataSync (no op, no gradient)',
      () => tf.tidy(() => {
        const [inverse] =
            tf.engine().runKernel(MatrixInverse, {x}, {adjoint: false}) as
            tf.Tensor[];
        inverse.dataSync();
      }),
    ],
    [
      'matrixInverse(x) + dataSync (op, gradient wrapper, info tensor)',
      () => tf.tidy(() => {
        matrixInverse(x).dataSync();
      }),
    ],
  ];
  // Interleaved: the table is read as differences between the layers.
  const msPerBatch = measureInterleaved(layers.map(([, call]) => call));
  const result =
      layers.map(([label], i) => ({label, msPerBatch: msPerBatch[i]}));
  x.dispose();
  return result;
}

/**
 * The data movement matrixInverseImpl does around its arithmetic (fresh
 * outputs, float32 -> float64 work matrix -> float32): a floor for any kernel
 * of this shape.
 */
function copyThroughFloat64Work(
    values: Float32Array, batch: number, n: number) {
  const inverse = new Float32Array(batch * n * n);
  const info = new Int32Array(batch);
  const work = new Float64Array(n * n);
  for (let b = 0; b < batch; b++) {
    const offset = b * n * n;
    for (let k = 0; k < n * n; k++) {
      work[k] = values[offset + k];
    }
    info[b] = 0;
    inverse.set(work, offset);
  }
  return {inverse, info};
}
