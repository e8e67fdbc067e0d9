/**
 * A small few-shot regression model with a RidgeSolve head, and seeded data
 * for it, trained by examples/layers_model.ts and by the tests. It depends
 * only on tfjs and src/, no Node APIs, so that the webgl suite can bundle it
 * for the browser and every backend trains the same model.
 *
 * Each example is a regression task: a few support points (x, y) and some
 * query points. x has `inputDim` features, but every task's y is a linear
 * function of the same `latentDim` hidden features `x P` (P is fixed and
 * unknown to the model), plus noise. With fewer support points than input
 * features, least squares on raw inputs cannot find the function. The model
 * learns a Dense feature map that recovers P's column space, by training
 * through the ridge solve, and RidgeSolve's penalty λ along with it.
 */
import * as tf from '@tensorflow/tfjs';

import {RidgeSolve} from '../src/layers';

export const fewShotTask = {
  inputDim: 8,
  latentDim: 2,
  supportPoints: 5,
  queryPoints: 4,
  noiseStd: 0.05,
};

/** P is the same for every data set. (tfjs takes seed 0 as no seed.) */
const hiddenMapSeed = 42;

export interface FewShotData {
  /**
   * supportX [count, supportPoints, inputDim], supportY [count,
   * supportPoints] and queryX [count, queryPoints, inputDim].
   */
  inputs: tf.Tensor[];
  /** queryY [count, queryPoints], without noise. */
  target: tf.Tensor;
}

/**
 * `count` tasks. The random numbers come from the seed, not from the backend,
 * so every backend trains on the same data.
 */
export function makeFewShotData(count: number, seed: number): FewShotData {
  const {inputDim, latentDim, supportPoints, queryPoints, noiseStd} =
      fewShotTask;
  return tf.tidy(() => {
    const hiddenMap = tf.randomNormal(
        [inputDim, latentDim], 0, 1 / Math.sqrt(inputDim), 'float32',
        hiddenMapSeed);
    const taskWeights =
        tf.randomNormal([count, latentDim, 1], 0, 1, 'float32', seed);
    const targetsOf = (x: tf.Tensor) =>
        tf.squeeze(tf.matMul(tf.matMul(x, hiddenMap), taskWeights), [-1]);

    const supportX = tf.randomNormal(
        [count, supportPoints, inputDim], 0, 1, 'float32', seed + 1);
    const queryX = tf.randomNormal(
        [count, queryPoints, inputDim], 0, 1, 'float32', seed + 2);
    const noise = tf.randomNormal(
        [count, supportPoints], 0, noiseStd, 'float32', seed + 3);
    return {
      inputs: [supportX, tf.add(targetsOf(supportX), noise), queryX],
      target: targetsOf(queryX),
    };
  });
}

/**
 * Dense features of supportX and queryX (one shared layer); RidgeSolve fits
 * supportY on the support features; the predictions for the query points are
 * their features times the fitted weights.
 */
export function buildFewShotModel(): tf.LayersModel {
  const {inputDim, latentDim, supportPoints, queryPoints} = fewShotTask;
  const supportX =
      tf.input({shape: [supportPoints, inputDim], name: 'support_x'});
  const supportY = tf.input({shape: [supportPoints], name: 'support_y'});
  const queryX = tf.input({shape: [queryPoints, inputDim], name: 'query_x'});

  const features = tf.layers.dense({
    units: latentDim,
    useBias: false,
    kernelInitializer: tf.initializers.glorotNormal({seed: 7}),
    name: 'features',
  });
  const weights = new RidgeSolve({initialLambda: 1, name: 'ridge'}).apply(
      [features.apply(supportX), supportY] as tf.SymbolicTensor[]);
  const predictions = tf.layers.dot({axes: [2, 1], name: 'predict'}).apply(
      [features.apply(queryX), weights] as tf.SymbolicTensor[]);

  const model = tf.model({
    inputs: [supportX, supportY, queryX],
    outputs: predictions as tf.SymbolicTensor,
  });
  model.compile({optimizer: tf.train.adam(0.05), loss: 'meanSquaredError'});
  return model;
}
