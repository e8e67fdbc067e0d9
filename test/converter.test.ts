// The union package registers the cpu backend, every op's gradient, and
// tfjs-converter.
import * as tf from '@tensorflow/tfjs';
import * as fs from 'fs';
import * as path from 'path';

import {registerLinalgOps, registerMatrixInverseOp} from '../src/converter';
import {graphFixtureExpected as expected, loadGraphFixture} from '../tools/graph_model';
import {transpose} from '../tools/matrix';
import {readModelFolder} from '../tools/model_folder';
import {seededRandom} from '../tools/random';
import {detGradient64, inverse64, inverseGradient64, relativeError, solveGradient64} from '../tools/reference';

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

// test/fixtures/linalg_graph (see its make_fixture.py): a = x + w, then
// solve(a, b), solve(a, b, adjoint=True), det(a) and slogdet(a), frozen by
// TensorFlow 2.21, with TensorFlow's outputs for seeded x [2, 3, 3] and
// b [2, 3, 2].
const linalgFixtureDir = path.join(__dirname, 'fixtures/linalg_graph');

type LinalgOutputKey = 'solve'|'solve_adjoint'|'det'|'sign'|'log_abs_det';

interface LinalgFixtureExpected extends Record<LinalgOutputKey, tf.TensorLike> {
  outputKeys: LinalgOutputKey[];
  /** The graph's output tensor names, in the order of outputKeys. */
  outputNames: string[];
  w: number[][];
  x: number[][][];
  b: number[][][];
}

const linalg: LinalgFixtureExpected = JSON.parse(
    fs.readFileSync(path.join(linalgFixtureDir, 'expected.json'), 'utf8'));

/**
 * The op that computes each output, as the error for a missing one names it.
 */
const opOfOutput: Record<LinalgOutputKey, string> = {
  solve: 'MatrixSolve',
  solve_adjoint: 'MatrixSolve',
  det: 'MatrixDeterminant',
  sign: 'LogMatrixDeterminant',
  log_abs_det: 'LogMatrixDeterminant',
};

/** TensorFlow's float32 outputs against ours, relative to their scale. */
const linalgTolerance = 1e-5;

async function loadLinalgFixture(): Promise<tf.GraphModel> {
  return tf.loadGraphModel(
      tf.io.fromMemory(await readModelFolder(linalgFixtureDir)));
}

/** The outputs named by their signature keys, from the graph's tensor names. */
function executeLinalg(
    model: tf.GraphModel, keys: LinalgOutputKey[],
    x: tf.Tensor = tf.tensor(linalg.x),
    b: tf.Tensor = tf.tensor(linalg.b)): tf.Tensor[] {
  const names =
      keys.map(key => linalg.outputNames[linalg.outputKeys.indexOf(key)]);
  const outputs = model.execute({x, b}, names);
  // execute returns the tensor itself when asked for one output.
  return Array.isArray(outputs) ? outputs : [outputs];
}

describe(
    'a graph model with MatrixSolve and determinants, without executors',
    () => {
      const newOps =
          ['MatrixSolve', 'MatrixDeterminant', 'LogMatrixDeterminant'];
      beforeEach(() => newOps.forEach(op => tf.deregisterOp(op)));
      afterAll(() => registerLinalgOps());

      for (const key of linalg.outputKeys) {
        test(
            `loads, but fails to execute ${key} with tfjs's unknown-op error`,
            async () => {
              const model = await loadLinalgFixture();

              expect(() => executeLinalg(model, [key]))
                  .toThrow(`Unknown op '${opOfOutput[key]}'`);
            });
      }

      test(
          'runs once registerLinalgOps() registered them before loading',
          async () => {
            registerLinalgOps();
            const model = await loadLinalgFixture();

            const [det] = executeLinalg(model, ['det']);

            expect(relativeError(det.dataSync(), linalg.det as number[]))
                .toBeLessThan(linalgTolerance);
          });

      test(
          'registerMatrixInverseOp() registers MatrixInverse alone',
          async () => {
            registerMatrixInverseOp();
            const model = await loadLinalgFixture();

            expect(() => executeLinalg(model, ['det']))
                .toThrow('Unknown op \'MatrixDeterminant\'');
          });
    });

describe(
    'a graph model with MatrixSolve and determinants, with the converter entry',
    () => {
      let model: tf.GraphModel;

      beforeAll(async () => {
        model = await loadLinalgFixture();
      });

      test('reproduces every one of TensorFlow\'s outputs', () => {
        const outputs = executeLinalg(model, linalg.outputKeys);

        linalg.outputKeys.forEach((key, i) => {
          const want = tf.util.flatten(linalg[key] as number[]);
          expect(outputs[i].shape)
              .toEqual(key.startsWith('solve') ? [2, 3, 2] : [2]);
          expect(relativeError(outputs[i].dataSync(), want))
              .toBeLessThan(linalgTolerance);
        });
        const sign = outputs[linalg.outputKeys.indexOf('sign')];
        expect(Array.from(sign.dataSync())).toEqual(linalg.sign);
      });

      test(
          'gives the second output of LogMatrixDeterminant on its own, leaking nothing',
          () => {
            const x = tf.tensor(linalg.x);
            const b = tf.tensor(linalg.b);
            const before = tf.memory().numTensors;

            const [logAbsDet] = executeLinalg(model, ['log_abs_det'], x, b);

            expect(relativeError(
                       logAbsDet.dataSync(), linalg.log_abs_det as number[]))
                .toBeLessThan(linalgTolerance);
            logAbsDet.dispose();
            expect(tf.memory().numTensors).toBe(before);
          });

      test('answers to the signature\'s keys too', () => {
        const [det, sign] =
            model.execute(
                {x: tf.tensor(linalg.x), b: tf.tensor(linalg.b)},
                ['det', 'sign']) as tf.Tensor[];

        expect(relativeError(det.dataSync(), linalg.det as number[]))
            .toBeLessThan(linalgTolerance);
        expect(Array.from(sign.dataSync())).toEqual(linalg.sign);
      });

      test('leaks no tensor', () => {
        const x = tf.tensor(linalg.x);
        const b = tf.tensor(linalg.b);
        const before = tf.memory().numTensors;

        tf.dispose(executeLinalg(model, linalg.outputKeys, x, b));

        expect(tf.memory().numTensors).toBe(before);
      });

      /** Each a = x + w of the batch, row-major float64. */
      const matrices = linalg.x.map(
          x => Float64Array.from(x.flat(), (v, k) => v + linalg.w.flat()[k]));

      for (const adjoint of [false, true]) {
        test(`passes solve's gradients to x and b (adjoint ${adjoint})`, () => {
          const random = seededRandom(adjoint ? 4 : 3);
          const upstream = linalg.b.map(() => Array.from({length: 6}, random));
          const loss = (x: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(
              executeLinalg(
                  model, [adjoint ? 'solve_adjoint' : 'solve'], x, b)[0],
              tf.tensor(upstream, b.shape)));

          const [dx, db] =
              tf.grads(loss)([tf.tensor(linalg.x), tf.tensor(linalg.b)]);

          matrices.forEach((a, i) => {
            const want = solveGradient64(
                a, Float64Array.from(linalg.b[i].flat()),
                Float64Array.from(upstream[i]), 3, 2, adjoint);
            expect(relativeError(
                       dx.dataSync().subarray(9 * i, 9 * i + 9), want.da))
                .toBeLessThan(linalgTolerance);
            expect(relativeError(
                       db.dataSync().subarray(6 * i, 6 * i + 6), want.db))
                .toBeLessThan(linalgTolerance);
          });
        });
      }

      test('passes det\'s and log|det|\'s gradients to x', () => {
        const gradientOf = (key: LinalgOutputKey) =>
            tf.grad(x => tf.sum(executeLinalg(model, [key], x)[0]))(
                  tf.tensor(linalg.x))
                .dataSync();
        const dDet = gradientOf('det');
        const dLogAbsDet = gradientOf('log_abs_det');

        matrices.forEach((a, i) => {
          // d log|det a| / da is a^-T.
          const inverseTransposed = transpose(inverse64(a, 3), 3);
          expect(relativeError(
                     dDet.subarray(9 * i, 9 * i + 9), detGradient64(a, 3)))
              .toBeLessThan(linalgTolerance);
          expect(relativeError(
                     dLogAbsDet.subarray(9 * i, 9 * i + 9), inverseTransposed))
              .toBeLessThan(linalgTolerance);
        });
      });
    });
