/**
 * The graph-model fixture in test/fixtures/matrix_inverse_graph (see its
 * make_fixture.py): a frozen TensorFlow 2.21 function of x [batch, 3, 3] with
 * two outputs, tf.linalg.inv(x + w) and tf.linalg.inv(x + w, adjoint=True),
 * and TensorFlow's outputs for a fixed input. Run by the converter tests and
 * by examples/converted_model.ts.
 */
import * as tf from '@tensorflow/tfjs';
import * as fs from 'fs';
import * as path from 'path';

import {readModelFolder} from './model_folder';

export const graphFixtureDir =
    path.join(__dirname, '../test/fixtures/matrix_inverse_graph');

/** expected.json: the names to pass to model.execute, and the numbers. */
export interface GraphFixtureExpected {
  inputName: string;
  /** The outputs inverse and inverse_adjoint, in that order. */
  outputNames: [string, string];
  w: number[][];
  input: number[][][];
  inverse: number[][][];
  inverse_adjoint: number[][][];
}

export const graphFixtureExpected: GraphFixtureExpected = JSON.parse(
    fs.readFileSync(path.join(graphFixtureDir, 'expected.json'), 'utf8'));

/**
 * tf.loadGraphModel on the fixture. The MatrixInverse op must be registered
 * before loading, or the model fails to execute.
 */
export async function loadGraphFixture(): Promise<tf.GraphModel> {
  const artifacts = await readModelFolder(graphFixtureDir);
  return tf.loadGraphModel(tf.io.fromMemory(artifacts));
}
