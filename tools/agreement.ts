/**
 * How closely a backend's kernel agrees with the cpu backend's on the same
 * input, checked in Node for tensorflow and in a page for webgl.
 */
import * as tf from '@tensorflow/tfjs-core';

import {matrixInverse} from '../src';

import {seededRandom, wellConditioned} from './random';
import {relativeError} from './reference';

/**
 * Both backends round in float32, in different orders; on matrices with
 * condition number near 3 that costs a few float32 roundings, far below
 * this.
 */
export const AGREEMENT_TOLERANCE = 1e-5;

const BATCH = 4;
const N = 24;

/**
 * The max relative difference between the inverses of one seeded batch of
 * well-conditioned matrices on the cpu backend and on `backendName`, which
 * is the current backend afterwards.
 */
export async function agreementWithCpu(
    backendName: string, adjoint: boolean): Promise<number> {
  const random = seededRandom(40);
  const data = new Float32Array(BATCH * N * N);
  for (let b = 0; b < BATCH; b++) {
    data.set(wellConditioned(N, random), b * N * N);
  }
  const cpu = await inverseOn('cpu', data, adjoint);
  return relativeError(await inverseOn(backendName, data, adjoint), cpu);
}

async function inverseOn(
    backendName: string, data: Float32Array,
    adjoint: boolean): Promise<Float32Array> {
  await tf.setBackend(backendName);
  const x = tf.tensor3d(data, [BATCH, N, N]);
  const y = matrixInverse(x, {adjoint});
  const values = await y.data() as Float32Array;
  tf.dispose([x, y]);
  return values;
}
