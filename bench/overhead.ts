/**
 * Where the time of a batch of small inverses goes on the cpu backend: the
 * routine's data movement and arithmetic, the op around it, and the engine's
 * kernel call that recorded and profiled calls take, each timed on its own.
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

/**
 * The layers in order: the copies, the routine, the op, the kernel call.
 * Needs the cpu backend to be current.
 */
export function measureOverheadLayers(input: MatrixBatch): OverheadLayer[] {
  const {n, batch, values} = input;
  const x = tf.tensor3d(values, [batch, n, n]);
  const layers: Array<[string, () => unknown]> = [
    [
      'fresh outputs and the entries copied through, no arithmetic',
      () => copyThrough(values, batch, n),
    ],
    [
      'matrixInverseImpl alone (the Gauss-Jordan, plain JS)',
      () => matrixInverseImpl(values, batch, n, false),
    ],
    [
      'matrixInverse(x) + dataSync (the op: checks, the routine, one tensor)',
      () => tf.tidy(() => {
        matrixInverse(x).dataSync();
      }),
    ],
    [
      'the kernel through engine().runKernel + dataSync (the path of a ' +
          'recorded or profiled call: three output tensors)',
      () => tf.tidy(() => {
        const [inverse] =
            tf.engine().runKernel(MatrixInverse, {x}, {adjoint: false}) as
            tf.Tensor[];
        inverse.dataSync();
      }),
    ],
  ];
  // Interleaved: the table is read as differences between the layers.
  const timings = measureInterleaved(layers.map(([, call]) => call));
  const result =
      layers.map(([label], i) => ({label, msPerBatch: timings[i].msPerCall}));
  x.dispose();
  return result;
}

/**
 * What matrixInverseImpl does besides arithmetic: fresh outputs (inverse,
 * info, rcond), every entry read and written once. A floor for any routine
 * of this shape.
 */
function copyThrough(values: Float32Array, batch: number, n: number) {
  const inverse = new Float32Array(batch * n * n);
  const info = new Int32Array(batch);
  const rcond = new Float32Array(batch);
  inverse.set(values);
  return {inverse, info, rcond};
}
