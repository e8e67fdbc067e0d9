/**
 * The shared cases on tfjs-node's `tensorflow` backend, where the kernel hands
 * the work to TensorFlow's own MatrixInverse. tfjs-node is an optional peer
 * dependency (`npm run setup:tfjs-node` installs it offline): without it this
 * suite is skipped with the reason, except under CI, where it must run.
 */
import * as tf from '@tensorflow/tfjs-core';

import {matrixInverse, matrixInverseEx} from '../../src';
import {cases} from '../cases';
import {checkSingularContract} from '../singular_property';
import {inverse64, relativeError, seededRandom, wellConditioned} from '../reference';

const unavailable = loadTfjsNode();

function loadTfjsNode(): string|null {
  try {
    require('@tensorflow/tfjs-node');
    return null;
  } catch (e) {
    return `@tensorflow/tfjs-node cannot be loaded (${(e as Error).message.split('\n')[0]}); ` +
        'run `npm run setup:tfjs-node`';
  }
}

if (unavailable != null && process.env.CI === 'true') {
  test('the tensorflow backend is available', () => {
    throw new Error(unavailable);
  });
} else if (unavailable != null) {
  // Jest lists no test names of a fully skipped file: say why here.
  console.warn(`Skipping the tensorflow backend suite: ${unavailable}`);
  test.skip(`tensorflow backend skipped: ${unavailable}`, () => {});
} else {
  describe('matrixInverse on tensorflow', () => {
    beforeAll(async () => {
      await tf.setBackend('tensorflow');
    });

    for (const group of new Set(cases.map(c => c.group))) {
      describe(group, () => {
        for (const c of cases.filter(c => c.group === group)) {
          test(c.name, () => c.run());
        }
      });
    }

    test('the singular-matrix contract on ~2,000 fixture matrices, with LAPACK\'s verdicts',
         () => checkSingularContract('tensorflow'));

    test('runs TensorFlow\'s own MatrixInverse kernel', async () => {
      const profile = await tf.profile(() => matrixInverse(tf.eye(4)));
      expect(profile.kernelNames).toContain('MatrixInverse');
      expect(tf.getBackend()).toBe('tensorflow');
      tf.dispose(profile.result as tf.Tensor);
    });

    test('agrees with the cpu backend on the same input', async () => {
      const random = seededRandom(40);
      const n = 24;
      const data = Float32Array.from(
          {length: 3 * n * n}, (_, k) => wellConditioned(n, random)[k % (n * n)]);
      const onBackend = async (name: string) => {
        await tf.setBackend(name);
        const y = matrixInverse(tf.tensor3d(data, [3, n, n]), {adjoint: true});
        const values = await y.data();
        y.dispose();
        return values;
      };
      const cpu = await onBackend('cpu');
      const native = await onBackend('tensorflow');
      expect(relativeError(native, cpu)).toBeLessThan(1e-5);
    });

    test('a batch with one singular matrix gives NaN for it alone', async () => {
      const x = tf.tensor3d([[[4, 7], [2, 6]], [[1, 2], [2, 4]], [[2, 0], [0, 4]]]);
      const {inverse, info} = matrixInverseEx(x);
      expect(Array.from(await info.data())).toEqual([0, 2, 0]);
      const y = await inverse.data();
      expect(Array.from(y.slice(4, 8)).every(Number.isNaN)).toBe(true);
      expect(relativeError(y.slice(0, 4), inverse64(Float64Array.of(4, 7, 2, 6), 2)))
          .toBeLessThan(1e-6);
      expect(Array.from(y.slice(8))).toEqual([0.5, 0, 0, 0.25]);
      tf.dispose([x, inverse, info]);
    });
  });
}
