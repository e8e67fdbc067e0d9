/**
 * tfjs-matrix-inverse/converter: runs TensorFlow's `MatrixInverse`,
 * `MatrixSolve`, `MatrixDeterminant` and `LogMatrixDeterminant` ops in graph
 * models made by tfjs-converter.
 *
 * A TensorFlow model that calls `tf.linalg.inv`, `tf.linalg.solve`,
 * `tf.linalg.det` or `tf.linalg.slogdet` converts to a graph with these
 * nodes, which tfjs-converter has no executor for: the model loads, but
 * `execute` throws "Unknown op 'MatrixInverse'" (or the other op's name).
 * Importing this module registers an executor for each of them.
 *
 * ```js
 * import * as tf from '@tensorflow/tfjs';
 * import 'tfjs-matrix-inverse/converter';  // before tf.loadGraphModel
 *
 * const model = await tf.loadGraphModel('model/model.json');
 * ```
 */
import {GraphNode, OpExecutor, registerOp} from '@tensorflow/tfjs-converter';
import {Tensor} from '@tensorflow/tfjs-core';

import {det, LogMatrixDeterminant, MatrixDeterminant, MatrixInverse, matrixInverse, MatrixSolve, slogdet, solve} from './index';

/**
 * Registers the executors of all four ops with tfjs-converter. Importing
 * this module already does it; calling it again only replaces each executor
 * with itself (after `tf.deregisterOp`, say).
 *
 * Register before `tf.loadGraphModel`: tfjs-converter looks each node's op up
 * when it loads the model, so a model loaded earlier keeps failing with
 * "Unknown op" and has to be loaded again.
 */
export function registerLinalgOps(): void {
  for (const [opName, executor] of Object.entries(executors)) {
    registerOp(opName, executor);
  }
}

/**
 * Registers the executor for `MatrixInverse` alone, as `registerLinalgOps`
 * does for all four ops; the same rule applies: register before loading.
 */
export function registerMatrixInverseOp(): void {
  registerOp(MatrixInverse, executors[MatrixInverse]);
}

/**
 * The node's one input is the batch of matrices, and its `adjoint` attribute
 * is TensorFlow's, which `matrixInverse` shares. Gradients flow through it as
 * through `matrixInverse`.
 */
function executeMatrixInverse(node: GraphNode): Tensor {
  return matrixInverse(node.inputs[0], {adjoint: node.attrs.adjoint === true});
}

/** Inputs `matrix` and `rhs`, and the `adjoint` attribute, as `solve`'s. */
function executeMatrixSolve(node: GraphNode): Tensor {
  return solve(
      node.inputs[0], node.inputs[1], {adjoint: node.attrs.adjoint === true});
}

function executeMatrixDeterminant(node: GraphNode): Tensor {
  return det(node.inputs[0]);
}

/**
 * TensorFlow's op has two outputs, in this order; tfjs-converter hands the
 * graph's "LogMatrixDeterminant:1" the second tensor returned.
 */
function executeLogMatrixDeterminant(node: GraphNode): Tensor[] {
  const {sign, logAbsDet} = slogdet(node.inputs[0]);
  return [sign, logAbsDet];
}

/** Each op's executor, by TensorFlow's op name. */
const executors: {[opName: string]: OpExecutor} = {
  [MatrixInverse]: executeMatrixInverse,
  [MatrixSolve]: executeMatrixSolve,
  [MatrixDeterminant]: executeMatrixDeterminant,
  [LogMatrixDeterminant]: executeLogMatrixDeterminant,
};

registerLinalgOps();
