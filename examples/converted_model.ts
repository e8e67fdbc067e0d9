/**
 * Runs a TensorFlow graph model that uses tf.linalg.inv in TensorFlow.js, and
 * compares its outputs with TensorFlow's.
 *
 *   npm run example:converted
 *
 * The model (test/fixtures/matrix_inverse_graph, made by TensorFlow 2.21) is
 * a frozen function of x [batch, 3, 3] with two outputs: inv(x + w) and
 * inv(x + w, adjoint=True). Without tfjs-matrix-inverse/converter, executing
 * it fails with "Unknown op 'MatrixInverse'".
 */
// Registers the MatrixInverse op with tfjs-converter. It must come before
// tf.loadGraphModel.
import '../src/converter';

import * as tf from '@tensorflow/tfjs';
import * as path from 'path';

import {graphFixtureDir, graphFixtureExpected as expected, loadGraphFixture} from '../tools/graph_model';
import {readModelJSON} from '../tools/model_folder';

/** float32 rounding, relative to each entry (none is near zero). */
const tolerance = 1e-5;

/** The part of model.json's TensorFlow GraphDef this example reads. */
interface GraphDef {
  node: Array<{op: string}>;
}

/**
 * Prints each matrix of the batch next to TensorFlow's, and returns the
 * largest relative error.
 */
function compare(title: string, got: number[][][], want: number[][][]): number {
  console.log(title);
  console.log(`    ${'TensorFlow.js'.padEnd(31)}TensorFlow`);
  let maxError = 0;
  got.forEach((matrix, i) => {
    matrix.forEach((row, r) => {
      const label = r === 0 ? `[${i}]` : '';
      console.log(
          `${label.padEnd(4)}${formatRow(row)}  ${formatRow(want[i][r])}`);
      row.forEach((value, c) => {
        const error = Math.abs(value - want[i][r][c]) / Math.abs(want[i][r][c]);
        maxError = Math.max(maxError, error);
      });
    });
  });
  console.log(`max relative error: ${maxError.toExponential(2)}\n`);
  return maxError;
}

function formatRow(row: number[]): string {
  return row.map(v => v.toFixed(6).padStart(9)).join(' ');
}

async function main(): Promise<boolean> {
  await tf.setBackend('cpu');
  const model = await loadGraphFixture();
  const graph = readModelJSON(graphFixtureDir).modelTopology as GraphDef;
  const ops = new Set(graph.node.map(node => node.op));
  console.log(
      `Loaded ${path.relative(process.cwd(), graphFixtureDir)}, a graph of ` +
      `${[...ops].join(', ')}.\n`);

  const x = tf.tensor(expected.input);
  const [inverse, inverseAdjoint] =
      model.execute({[expected.inputName]: x}, expected.outputNames) as
      tf.Tensor[];
  const errors = [
    compare(
        'inv(x + w)', inverse.arraySync() as number[][][], expected.inverse),
    compare(
        'inv(x + w, adjoint=True)', inverseAdjoint.arraySync() as number[][][],
        expected.inverse_adjoint),
  ];

  const ok = Math.max(...errors) < tolerance;
  console.log(
      ok ? `OK: both outputs match TensorFlow's within ` +
              `${tolerance.toExponential(0)} relative error.` :
           'FAILED');
  return ok;
}

main().then(ok => process.exit(ok ? 0 : 1), error => {
  console.error(error);
  process.exit(1);
});
