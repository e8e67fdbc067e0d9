/**
 * The shared cases on tfjs-node's `tensorflow` backend, where the kernel hands
 * the work to TensorFlow's own MatrixInverse. tfjs-node is an optional peer
 * dependency (`npm run setup:tfjs-node` installs it offline): without it this
 * suite is skipped with the reason, except under CI, where it must run.
 */
import * as tf from '@tensorflow/tfjs-core';

import {matrixInverse, matrixInverseEx} from '../../src';
import {AGREEMENT_TOLERANCE, agreementWithCpu} from '../../tools/agreement';
import {inverse64, relativeError} from '../../tools/reference';
import {checkSingularContract} from '../singular_property';
import {describeCases, describeIfAvailable} from '../suite';

function loadTfjsNode(): string|null {
  try {
    require('@tensorflow/tfjs-node');
    return null;
  } catch (e) {
    const firstLine = (e as Error).message.split('\n')[0];
    return `@tensorflow/tfjs-node cannot be loaded (${firstLine}); ` +
        'run `npm run setup:tfjs-node`';
  }
}

describeIfAvailable('matrixInverse on tensorflow', loadTfjsNode(), () => {
  beforeAll(async () => {
    await tf.setBackend('tensorflow');
  });

  describeCases(testCase => testCase.run());

  test(
      'the singular-matrix contract on ~2,000 fixture matrices, with LAPACK\'s verdicts',
      () => checkSingularContract('tensorflow'));

  test('runs TensorFlow\'s own MatrixInverse kernel', async () => {
    const profile = await tf.profile(() => matrixInverse(tf.eye(4)));
    expect(profile.kernelNames).toContain('MatrixInverse');
    expect(tf.getBackend()).toBe('tensorflow');
    tf.dispose(profile.result as tf.Tensor);
  });

  test('agrees with the cpu backend on the same input', async () => {
    for (const adjoint of [false, true]) {
      expect(await agreementWithCpu('tensorflow', adjoint))
          .toBeLessThan(AGREEMENT_TOLERANCE);
    }
  });

  test('a batch with one singular matrix gives NaN for it alone', async () => {
    const x =
        tf.tensor3d([[[4, 7], [2, 6]], [[1, 2], [2, 4]], [[2, 0], [0, 4]]]);
    const {inverse, info} = matrixInverseEx(x);
    expect(Array.from(await info.data())).toEqual([0, 2, 0]);
    const y = await inverse.data();
    expect(Array.from(y.slice(4, 8)).every(Number.isNaN)).toBe(true);
    expect(
        relativeError(y.slice(0, 4), inverse64(Float64Array.of(4, 7, 2, 6), 2)))
        .toBeLessThan(1e-6);
    expect(Array.from(y.slice(8))).toEqual([0.5, 0, 0, 0.25]);
    tf.dispose([x, inverse, info]);
  });
});
