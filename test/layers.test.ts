// The union package registers the cpu backend, every op's gradient, and
// tfjs-layers.
import * as tf from '@tensorflow/tfjs';
import {Matrix, solve} from 'ml-matrix';

import {RidgeSolve} from '../src/layers';
import {FewShotOutcome, fewShotOutcome, learnedLambda, learningShortfalls, reloadInMemory, reloadShortfalls, trainFewShotModel} from '../tools/few_shot';
import {seededRandom} from '../tools/random';
import {relativeError} from '../tools/reference';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('RidgeSolve', () => {
  // [m, n]: more rows than unknowns (it inverts n x n), and fewer (m x m).
  for (const [m, n] of [[5, 3], [2, 4]]) {
    test(`matches float64 ridge regression for a of shape [${m}, ${n}]`, () => {
      const random = seededRandom(10 * m + n);
      const lambda = 0.3;
      const a = [0, 1, 2].map(() => randomArray(m, n, random));
      const b = [0, 1, 2].map(() => randomArray(m, 2, random));
      const bFirstColumn = b.map(rows => rows.map(row => row[0]));

      const w = new RidgeSolve({
                  initialLambda: lambda
                }).apply([tf.tensor(a), tf.tensor(b)]) as tf.Tensor;
      const wFirstColumn = new RidgeSolve({initialLambda: lambda}).apply([
        tf.tensor(a), tf.tensor(bFirstColumn)
      ]) as tf.Tensor;

      const expected = a.map((ai, i) => ridgeReference(ai, b[i], lambda));
      expect(w.shape).toEqual([3, n, 2]);
      expect(relativeError(w.dataSync(), expected.flat(2))).toBeLessThan(1e-5);
      expect(wFirstColumn.shape).toEqual([3, n]);
      expect(relativeError(
                 wFirstColumn.dataSync(),
                 expected.flatMap(wi => wi.map(row => row[0]))))
          .toBeLessThan(1e-5);
    });
  }

  test('computes its output shape and rejects other inputs', () => {
    const layer = new RidgeSolve();

    expect(layer.computeOutputShape([[null, 8, 3], [null, 8]])).toEqual([
      null, 3
    ]);
    expect(layer.computeOutputShape([[null, 8, 3], [null, 8, 2]])).toEqual([
      null, 3, 2
    ]);
    expect(() => layer.computeOutputShape([
      null, 8, 3
    ])).toThrow(/RidgeSolve: expects two inputs \[a, b\]/);
    expect(() => layer.computeOutputShape([
      [null, 8, 3], [null, 7]
    ])).toThrow(/but got input shape \[\[null,8,3\],\[null,7\]\]/);
    expect(() => new RidgeSolve({initialLambda: 0}))
        .toThrow(
            'RidgeSolve: initialLambda must be a finite number > 0, ' +
            'but got 0.');
  });

  test('round-trips its options through getConfig and fromConfig', () => {
    const layer =
        new RidgeSolve({initialLambda: 0.25, trainable: false, name: 'solve'});

    const config = layer.getConfig();
    const copy = RidgeSolve.fromConfig(RidgeSolve, config);

    expect(config).toEqual(expect.objectContaining(
        {initialLambda: 0.25, trainable: false, name: 'solve'}));
    expect(copy).toBeInstanceOf(RidgeSolve);
    expect(copy.getConfig()).toEqual(config);
    const registered =
        tf.serialization.SerializationMap.getMap().classNameMap['RidgeSolve'];
    expect(registered[0]).toBe(RidgeSolve);
  });

  describe('in a model trained with fit', () => {
    let model: tf.LayersModel;
    let artifacts: tf.io.ModelArtifacts;
    let reloaded: tf.LayersModel;
    let outcome: FewShotOutcome;

    beforeAll(async () => {
      const run = await trainFewShotModel();
      model = run.model;
      ({artifacts, reloaded} = await reloadInMemory(model));
      outcome = await fewShotOutcome(run, reloaded);
    });

    test('learns features and λ through the inverse', () => {
      expect(learningShortfalls(outcome)).toEqual([]);
    });

    test('saves and loads with the same predictions and config', async () => {
      expect(JSON.stringify(artifacts.modelTopology))
          .toContain('"class_name":"RidgeSolve"');
      expect(reloadShortfalls(outcome)).toEqual([]);
      expect(reloaded.getLayer('ridge')).toBeInstanceOf(RidgeSolve);
      expect(reloaded.getLayer('ridge').getConfig())
          .toEqual(model.getLayer('ridge').getConfig());
      expect(await learnedLambda(reloaded)).toBe(await learnedLambda(model));
    });
  });
});

function randomArray(
    rows: number, cols: number, random: () => number): number[][] {
  return Array.from({length: rows}, () => Array.from({length: cols}, random));
}

/** Ridge regression in float64, as least squares on [a; √λ I] w = [b; 0]. */
function ridgeReference(
    a: number[][], b: number[][], lambda: number): number[][] {
  const n = a[0].length;
  const k = b[0].length;
  const penaltyRows = Matrix.eye(n).mul(Math.sqrt(lambda)).to2DArray();
  const zeroRows = Matrix.zeros(n, k).to2DArray();
  const stackedA = new Matrix([...a, ...penaltyRows]);
  const stackedB = new Matrix([...b, ...zeroRows]);
  return solve(stackedA, stackedB).to2DArray();
}
