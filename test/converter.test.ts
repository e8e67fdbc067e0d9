// The union package registers the cpu backend, every op's gradient, and
// tfjs-converter.
import * as tf from '@tensorflow/tfjs';

import {registerMatrixInverseOp} from '../src/converter';
import {graphFixtureExpected as expected, loadGraphFixture} from '../tools/graph_model';
import {seededRandom} from '../tools/random';
import {inverseGradient64, relativeError} from '../tools/reference';

const unknownOp = /Unknown op 'MatrixInverse'/;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// Importing ../src/converter registered the executor. These tests remove it
// first, and put it back afterwards, so that they hold in any order.
describe('a graph model with MatrixInverse, without the executor', () => {
  beforeEach(() => tf.deregisterOp('MatrixInverse'));
  afterAll(() => registerMatrixInverseOp());

  test(
      'loads, but fails to execute with tfjs\'s unknown-op error', async () => {
        const model = await loadGraphFixture();

        expect(() => executeBothOutputs(model)).toThrow(unknownOp);
      });

  test(
      'keeps failing if the executor is registered after loading', async () => {
        const loadedBefore = await loadGraphFixture();
        registerMatrixInverseOp();
        const loadedAfter = await loadGraphFixture();

        expect(() => executeBothOutputs(loadedBefore)).toThrow(unknownOp);
        const [inverse] = executeBothOutputs(loadedAfter);
        expect(maxRelativeError(inverse, expected.inverse)).toBeLessThan(1e-5);
      });
});

describe('a graph model with MatrixInverse, with the converter entry', () => {
  let model: tf.GraphModel;

  beforeAll(async () => {
    model = await loadGraphFixture();
  });

  test('reproduces TensorFlow\'s inverse, with and without adjoint', () => {
    const [inverse, inverseAdjoint] = executeBothOutputs(model);

    expect(inverse.shape).toEqual([4, 3, 3]);
    expect(maxRelativeError(inverse, expected.inverse)).toBeLessThan(1e-5);
    expect(maxRelativeError(inverseAdjoint, expected.inverse_adjoint))
        .toBeLessThan(1e-5);
  });

  test('answers to the signature\'s output keys too', () => {
    const [inverse, inverseAdjoint] =
        model.execute(
            {x: tf.tensor(expected.input)}, ['inverse', 'inverse_adjoint']) as
        tf.Tensor[];

    expect(maxRelativeError(inverse, expected.inverse)).toBeLessThan(1e-5);
    expect(maxRelativeError(inverseAdjoint, expected.inverse_adjoint))
        .toBeLessThan(1e-5);
  });

  test('leaks no tensor', () => {
    const x = tf.tensor(expected.input);
    const before = tf.memory().numTensors;

    tf.dispose(model.execute({x}, expected.outputNames));

    expect(tf.memory().numTensors).toBe(before);
  });

  for (const adjoint of [false, true]) {
    test(`passes gradients to the input (adjoint ${adjoint})`, () => {
      const outputName = expected.outputNames[adjoint ? 1 : 0];
      const random = seededRandom(adjoint ? 2 : 1);
      const upstream =
          expected.input.map(() => Array.from({length: 9}, random));
      const x = tf.tensor(expected.input);
      const loss = (x: tf.Tensor) => tf.sum(tf.mul(
          model.execute({x}, outputName) as tf.Tensor,
          tf.tensor(upstream, x.shape)));

      const gradient = tf.grad(loss)(x).dataSync();

      // d/dx of sum(upstream * inv(x + w)) is the gradient at x + w.
      const w = expected.w.flat();
      expected.input.forEach((matrix, i) => {
        const xPlusW = Float64Array.from(matrix.flat(), (v, k) => v + w[k]);
        const want = inverseGradient64(
            xPlusW, Float64Array.from(upstream[i]), 3, adjoint);
        expect(relativeError(gradient.subarray(9 * i, 9 * i + 9), want))
            .toBeLessThan(1e-5);
      });
    });
  }
});

function executeBothOutputs(model: tf.GraphModel): tf.Tensor[] {
  return model.execute(
             {[expected.inputName]: tf.tensor(expected.input)},
             expected.outputNames) as tf.Tensor[];
}

/** max |got - want| / |want| over the entries; the fixture has none near 0. */
function maxRelativeError(got: tf.Tensor, want: number[][][]): number {
  const wanted = want.flat(2);
  return Math.max(...Array.from(
      got.dataSync(), (g, i) => Math.abs(g - wanted[i]) / Math.abs(wanted[i])));
}
