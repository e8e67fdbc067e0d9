/**
 * Trains a tfjs-layers model with a RidgeSolve layer, saves it to a temporary
 * folder as model.json + weights.bin, loads it back, and checks that the
 * loaded model predicts the same.
 *
 *   npm run example:layers
 *
 * The model is a few-shot regressor. Each example is a small regression task:
 * 5 support points (x, y) and 4 query points, x with 8 features. In every
 * task y is a linear function of the same 2 hidden features of x, with
 * weights of its own. A Dense layer maps x to 2 features; RidgeSolve fits
 * each task's support points on them in closed form; the query predictions
 * follow from the fitted weights. Training through the inverse teaches the
 * Dense layer the hidden features, and RidgeSolve its penalty λ. The model
 * and its data, its training and the limits it must reach are in
 * tools/few_shot.ts, which the tests train on every backend too.
 */
import * as tf from '@tensorflow/tfjs';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import {fewShotLimits, fewShotOutcome, fewShotShortfalls, fewShotTask, fewShotTraining, trainFewShotModel} from '../tools/few_shot';
import {readModelFolder} from '../tools/model_folder';

/**
 * Writes the files `model.save('file://...')` would write (that needs
 * tfjs-node): model.json, with the topology and the weights manifest, and
 * one weights file.
 */
async function saveToFolder(
    model: tf.LayersModel, folder: string): Promise<void> {
  await model.save(tf.io.withSaveHandler(async artifacts => {
    const modelJSON: tf.io.ModelJSON = {
      modelTopology: artifacts.modelTopology!,
      format: artifacts.format,
      generatedBy: artifacts.generatedBy,
      convertedBy: artifacts.convertedBy,
      weightsManifest:
          [{paths: ['weights.bin'], weights: artifacts.weightSpecs!}],
    };
    const weights = tf.io.CompositeArrayBuffer.join(artifacts.weightData!);
    fs.writeFileSync(
        path.join(folder, 'model.json'), JSON.stringify(modelJSON));
    fs.writeFileSync(path.join(folder, 'weights.bin'), Buffer.from(weights));
    return {modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts)};
  }));
}

/**
 * Reads what saveToFolder wrote. tf.loadLayersModel finds the RidgeSolve
 * class by the name in model.json, because importing the layer registered it.
 */
async function loadFromFolder(folder: string): Promise<tf.LayersModel> {
  return tf.loadLayersModel(tf.io.fromMemory(await readModelFolder(folder)));
}

function printEpoch(epoch: number, loss: number, lambda: number): void {
  console.log(
      `epoch ${String(epoch + 1).padStart(2)}: ` +
      `loss ${loss.toFixed(4)}, λ ${lambda.toFixed(4)}`);
}

/** Prints the first tasks' targets and both models' predictions. */
function printPredictions(
    target: tf.Tensor, trained: tf.Tensor, loaded: tf.Tensor): void {
  const rowOf = (t: tf.Tensor, task: number) =>
      Array.from(t.slice([task, 0], [1, fewShotTask.queryPoints]).dataSync())
          .map(v => v.toFixed(4).padStart(8))
          .join(' ');
  console.log('query predictions of the first 3 held-out tasks:');
  for (let task = 0; task < 3; task++) {
    console.log(`  task ${task}  target        ${rowOf(target, task)}`);
    console.log(`          trained model ${rowOf(trained, task)}`);
    console.log(`          loaded model  ${rowOf(loaded, task)}`);
  }
}

async function main(): Promise<boolean> {
  await tf.setBackend('cpu');
  const {inputDim, latentDim, supportPoints} = fewShotTask;
  console.log(
      'Training a few-shot regressor with a RidgeSolve head on ' +
      `${fewShotTraining.tasks} tasks (${supportPoints} support points, ` +
      `${inputDim} input features, ${latentDim} hidden).`);
  const run = await trainFewShotModel(printEpoch);
  console.log(
      `held-out loss: ${run.initialHeldOutLoss.toFixed(4)} before training, ` +
      `${run.finalHeldOutLoss.toFixed(4)} after ` +
      `(limit ${fewShotLimits.finalLoss})`);

  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ridge-solve-'));
  await saveToFolder(run.model, folder);
  console.log(`saved to ${folder}: ${fs.readdirSync(folder).join(', ')}`);
  const loaded = await loadFromFolder(folder);
  fs.rmSync(folder, {recursive: true});

  const {inputs, target} = run.heldOut;
  printPredictions(
      target, run.model.predict(inputs) as tf.Tensor,
      loaded.predict(inputs) as tf.Tensor);
  const outcome = await fewShotOutcome(run, loaded);
  console.log(
      'max |trained - loaded| over all held-out predictions: ' +
      outcome.reloadDifference);

  const shortfalls = fewShotShortfalls(outcome);
  console.log(
      shortfalls.length === 0 ?
          'OK: the model learned through the inverse and reloads unchanged.' :
          `FAILED: ${shortfalls.join('; ')}`);
  return shortfalls.length === 0;
}

main().then(ok => process.exit(ok ? 0 : 1), error => {
  console.error(error);
  process.exit(1);
});
