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
 * and its data are in few_shot_model.ts, which the tests train too.
 */
import * as tf from '@tensorflow/tfjs';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

import {buildFewShotModel, FewShotData, fewShotTask, makeFewShotData} from './few_shot_model';

const epochs = 50;
/** The held-out loss must end below this (it starts near 1.7). */
const lossThreshold = 0.02;

function lambdaOf(model: tf.LayersModel): number {
  return Math.exp(model.getLayer('ridge').getWeights()[0].dataSync()[0]);
}

function lossOf(model: tf.LayersModel, tasks: FewShotData): number {
  const loss = model.evaluate(tasks.inputs, tasks.target) as tf.Scalar;
  return loss.dataSync()[0];
}

/**
 * Writes the files `model.save('file://...')` would write (that needs
 * tfjs-node): model.json, with the topology and the weights manifest, and
 * one weights file.
 */
async function saveToFolder(model: tf.LayersModel, folder: string):
    Promise<void> {
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
  const modelJSON =
      JSON.parse(fs.readFileSync(path.join(folder, 'model.json'), 'utf8'));
  const artifacts =
      await tf.io.getModelArtifactsForJSON(modelJSON, async manifest => {
        const weightSpecs = manifest.flatMap(group => group.weights);
        const shards = manifest.flatMap(
            group => group.paths.map(
                file => fs.readFileSync(path.join(folder, file))));
        const weights = Buffer.concat(shards);
        return [
          weightSpecs,
          weights.buffer.slice(
              weights.byteOffset, weights.byteOffset + weights.byteLength),
        ];
      });
  return tf.loadLayersModel(tf.io.fromMemory(artifacts));
}

async function train(model: tf.LayersModel, tasks: FewShotData): Promise<void> {
  await model.fit(tasks.inputs, tasks.target, {
    epochs,
    batchSize: 64,
    shuffle: false,
    verbose: 0,
    callbacks: {
      onEpochEnd: async (epoch, logs) => {
        console.log(
            `epoch ${String(epoch + 1).padStart(2)}: ` +
            `loss ${logs!.loss.toFixed(4)}, λ ${lambdaOf(model).toFixed(4)}`);
      },
    },
  });
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
  const trainingTasks = makeFewShotData(256, 10);
  const heldOutTasks = makeFewShotData(256, 20);
  const model = buildFewShotModel();

  console.log(
      `Training a few-shot regressor with a RidgeSolve head on 256 tasks ` +
      `(${supportPoints} support points, ${inputDim} input features, ` +
      `${latentDim} hidden).`);
  console.log(
      `before training: held-out loss ` +
      `${lossOf(model, heldOutTasks).toFixed(4)}, ` +
      `λ ${lambdaOf(model).toFixed(4)}`);
  await train(model, trainingTasks);
  const finalLoss = lossOf(model, heldOutTasks);
  console.log(
      `after training: held-out loss ${finalLoss.toFixed(4)} ` +
      `(threshold ${lossThreshold})`);

  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ridge-solve-'));
  await saveToFolder(model, folder);
  console.log(`saved to ${folder}: ${fs.readdirSync(folder).join(', ')}`);
  const loaded = await loadFromFolder(folder);
  fs.rmSync(folder, {recursive: true});

  const trainedPredictions = model.predict(heldOutTasks.inputs) as tf.Tensor;
  const loadedPredictions = loaded.predict(heldOutTasks.inputs) as tf.Tensor;
  printPredictions(heldOutTasks.target, trainedPredictions, loadedPredictions);
  const maxDifference =
      tf.max(tf.abs(tf.sub(trainedPredictions, loadedPredictions)))
          .dataSync()[0];
  console.log(
      `max |trained - loaded| over all held-out predictions: ${maxDifference}`);

  const ok = finalLoss < lossThreshold && maxDifference <= 1e-6;
  console.log(
      ok ? 'OK: the model learned through the inverse and reloads unchanged.' :
           'FAILED');
  return ok;
}

main().then(ok => process.exit(ok ? 0 : 1), error => {
  console.error(error);
  process.exit(1);
});
