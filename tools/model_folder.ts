/**
 * Reads a model folder from disk: model.json and the weight files its
 * manifest names, the files `model.save('file://...')` writes and
 * tfjs-converter produces. Loading them with `file://` needs tfjs-node; this
 * needs only Node's fs, so the cpu backend can load the model too.
 */
import * as tf from '@tensorflow/tfjs';
import * as fs from 'fs';
import * as path from 'path';

/** model.json, parsed afresh on each call. */
export function readModelJSON(folder: string): tf.io.ModelJSON {
  return JSON.parse(fs.readFileSync(path.join(folder, 'model.json'), 'utf8'));
}

/**
 * The folder's model as artifacts for tf.io.fromMemory, ready for
 * tf.loadGraphModel or tf.loadLayersModel.
 */
export async function readModelFolder(folder: string):
    Promise<tf.io.ModelArtifacts> {
  return tf.io.getModelArtifactsForJSON(
      readModelJSON(folder), async manifest => {
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
}
