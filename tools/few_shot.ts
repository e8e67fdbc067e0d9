/**
 * A small few-shot regression model with a RidgeSolve head, seeded data for
 * it, how it is trained, saved and reloaded, and what the result must reach:
 * one procedure and one set of limits for examples/layers_model.ts and for
 * every backend's tests. It depends only on tfjs and src/, no Node APIs, so
 * that the webgl suite can bundle it for the browser.
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

/** A type, not an interface, so that tf.dispose takes it whole. */
export type FewShotData = {
  /**
   * supportX [count, supportPoints, inputDim], supportY [count,
   * supportPoints] and queryX [count, queryPoints, inputDim].
   */
  inputs: tf.Tensor[],
  /** queryY [count, queryPoints], without noise. */
  target: tf.Tensor,
};

/**
 * `count` tasks. The random numbers come from the seed, not from the backend,
 * so every backend trains on the same data.
 */
function makeFewShotData(count: number, seed: number): FewShotData {
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
function buildFewShotModel(): tf.LayersModel {
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
  const weights = new RidgeSolve({initialLambda: 1, name: 'ridge'}).apply([
    features.apply(supportX), supportY
  ] as tf.SymbolicTensor[]);
  const predictions = tf.layers.dot({axes: [2, 1], name: 'predict'}).apply([
    features.apply(queryX), weights
  ] as tf.SymbolicTensor[]);

  const model = tf.model({
    inputs: [supportX, supportY, queryX],
    outputs: predictions as tf.SymbolicTensor,
  });
  model.compile({optimizer: tf.train.adam(0.05), loss: 'meanSquaredError'});
  return model;
}

/** The same training everywhere, so that the limits below hold everywhere. */
export const fewShotTraining = {
  tasks: 256,
  trainingSeed: 10,
  heldOutSeed: 20,
  epochs: 50,
  batchSize: 64,
};

/**
 * What a trained model must reach. Untrained, the loss is about the targets'
 * variance (1.7); trained on cpu, 0.006, and λ falls from 1 to 0.36. The
 * seeds fix the data and the initial weights.
 */
export const fewShotLimits = {
  /** Above the final training loss and the final held-out loss. */
  finalLoss: 0.02,
  /** The held-out loss must fall by more than this factor. */
  lossReduction: 50,
  /** Above the learned λ. */
  learnedLambda: 0.7,
  /** Above max |trained - reloaded| over the held-out predictions. */
  reloadDifference: 1e-6,
  /**
   * The same on webgl and webgpu. The reloaded model computes exp(log λ) of
   * its small weight on the CPU, the trained one on the GPU: they may differ
   * in the last bit, and the solve carries that through, so the reload gets
   * float32 slack.
   */
  reloadDifferenceOnGPU: 1e-5,
};

export interface FewShotRun {
  model: tf.LayersModel;
  /** The held-out tasks, for predictions; the caller disposes them. */
  heldOut: FewShotData;
  initialHeldOutLoss: number;
  finalTrainingLoss: number;
  finalHeldOutLoss: number;
}

/** A run in numbers, which a page can hand back to its test. */
export interface FewShotOutcome {
  backend: string;
  initialHeldOutLoss: number;
  finalTrainingLoss: number;
  finalHeldOutLoss: number;
  learnedLambda: number;
  /** max |trained - reloaded| over the held-out predictions. */
  reloadDifference: number;
}

/**
 * Builds and trains the model on the current backend. `onEpochEnd` gets
 * each epoch's training loss and λ.
 */
export async function trainFewShotModel(
    onEpochEnd?: (epoch: number, loss: number, lambda: number) =>
        void): Promise<FewShotRun> {
  const {tasks, trainingSeed, heldOutSeed, epochs, batchSize} = fewShotTraining;
  const trainingTasks = makeFewShotData(tasks, trainingSeed);
  const heldOut = makeFewShotData(tasks, heldOutSeed);
  const model = buildFewShotModel();
  const initialHeldOutLoss = await lossOn(model, heldOut);
  const history = await model.fit(trainingTasks.inputs, trainingTasks.target, {
    epochs,
    batchSize,
    shuffle: false,
    verbose: 0,
    callbacks: onEpochEnd && {
      onEpochEnd: async (epoch, logs) =>
          onEpochEnd(epoch, logs!.loss, await learnedLambda(model)),
    },
  });
  tf.dispose(trainingTasks);
  return {
    model,
    heldOut,
    initialHeldOutLoss,
    finalTrainingLoss: history.history.loss[epochs - 1] as number,
    finalHeldOutLoss: await lossOn(model, heldOut),
  };
}

/**
 * The first value of `t`, which is then disposed. Read asynchronously: the
 * webgpu backend's synchronous read fails in headless Chromium.
 */
async function firstValue(t: tf.Tensor): Promise<number> {
  const values = await t.data();
  t.dispose();
  return values[0];
}

/** The model's mean squared error on `tasks`. */
function lossOn(model: tf.LayersModel, tasks: FewShotData): Promise<number> {
  return firstValue(model.evaluate(tasks.inputs, tasks.target) as tf.Scalar);
}

export async function learnedLambda(model: tf.LayersModel): Promise<number> {
  const [logLambda] = model.getLayer('ridge').getWeights();
  return Math.exp((await logLambda.data())[0]);
}

/**
 * Saves the model with `model.save` into memory, the artifacts it would
 * write to files, and loads them back with tf.loadLayersModel.
 */
export async function reloadInMemory(model: tf.LayersModel):
    Promise<{artifacts: tf.io.ModelArtifacts, reloaded: tf.LayersModel}> {
  let artifacts: tf.io.ModelArtifacts|undefined;
  await model.save(tf.io.withSaveHandler(async saved => {
    artifacts = saved;
    return {modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(saved)};
  }));
  const reloaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
  return {artifacts: artifacts!, reloaded};
}

/** `run` and `reloaded`, its model saved and loaded back, in numbers. */
export async function fewShotOutcome(
    run: FewShotRun, reloaded: tf.LayersModel): Promise<FewShotOutcome> {
  const {model, heldOut} = run;
  const reloadDifference = await firstValue(tf.tidy(
      () => tf.max(tf.abs(tf.sub(
          model.predict(heldOut.inputs) as tf.Tensor,
          reloaded.predict(heldOut.inputs) as tf.Tensor)))));
  return {
    backend: tf.getBackend(),
    initialHeldOutLoss: run.initialHeldOutLoss,
    finalTrainingLoss: run.finalTrainingLoss,
    finalHeldOutLoss: run.finalHeldOutLoss,
    learnedLambda: await learnedLambda(model),
    reloadDifference,
  };
}

/** The limits on learning that `outcome` misses, in words. */
export function learningShortfalls(outcome: FewShotOutcome): string[] {
  const {finalLoss, lossReduction} = fewShotLimits;
  return [
    ...missed('final training loss', outcome.finalTrainingLoss, finalLoss),
    ...missed('final held-out loss', outcome.finalHeldOutLoss, finalLoss),
    ...missed(
        'final held-out loss', outcome.finalHeldOutLoss,
        outcome.initialHeldOutLoss / lossReduction,
        `1/${lossReduction} of the initial one`),
    ...missed('learned λ', outcome.learnedLambda, fewShotLimits.learnedLambda),
  ];
}

/** The limit on the reloaded model that `outcome` misses, in words. */
export function reloadShortfalls(outcome: FewShotOutcome): string[] {
  const limit = ['webgl', 'webgpu'].includes(outcome.backend) ?
      fewShotLimits.reloadDifferenceOnGPU :
      fewShotLimits.reloadDifference;
  return missed(
      'max |trained - reloaded| prediction', outcome.reloadDifference, limit);
}

/**
 * Every limit `outcome` misses, in words: none for a model that learned
 * through the inverse and reloads unchanged.
 */
export function fewShotShortfalls(outcome: FewShotOutcome): string[] {
  return [...learningShortfalls(outcome), ...reloadShortfalls(outcome)];
}

/** [] if value < limit, else why not. */
function missed(
    what: string, value: number, limit: number, reason?: string): string[] {
  return value < limit ? [] : [
    `${what} is ${value}, not below ${limit}${reason ? ` (${reason})` : ''}`
  ];
}
