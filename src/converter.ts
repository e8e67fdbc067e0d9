/**
 * tfjs-matrix-inverse/converter: runs TensorFlow's `MatrixInverse` op in
 * graph models made by tfjs-converter.
 *
 * A TensorFlow model that calls `tf.linalg.inv` converts to a graph with
 * `MatrixInverse` nodes, which tfjs-converter has no executor for: the model
 * loads, but `execute` throws "Unknown op 'MatrixInverse'". Importing this
 * module registers an executor for it.
 *
 * ```js
 * import * as tf from '@tensorflow/tfjs';
 * import 'tfjs-matrix-inverse/converter';  // before tf.loadGraphModel
 *
 * const model = await tf.loadGraphModel('model/model.json');
 * ```
 */
import {GraphNode, registerOp} from '@tensorflow/tfjs-converter';
import {Tensor} from '@tensorflow/tfjs-core';

import {matrixInverse, MatrixInverse} from './index';

/**
 * Registers the executor for TensorFlow's `MatrixInverse` op with
 * tfjs-converter. Importing this module already does it; calling it again
 * only replaces the executor with itself (after `tf.deregisterOp`, say).
 *
 * Register before `tf.loadGraphModel`: tfjs-converter looks each node's op up
 * when it loads the model, so a model loaded earlier keeps failing with
 * "Unknown op 'MatrixInverse'" and has to be loaded again.
 */
export function registerMatrixInverseOp(): void {
  registerOp(MatrixInverse, executeMatrixInverse);
}

/**
 * The node's one input is the batch of matrices, and its `adjoint` attribute
 * is TensorFlow's, which `matrixInverse` shares. Gradients flow through it as
 * through `matrixInverse`.
 */
function executeMatrixInverse(node: GraphNode): Tensor {
  return matrixInverse(node.inputs[0], {adjoint: node.attrs.adjoint === true});
}

registerMatrixInverseOp();
