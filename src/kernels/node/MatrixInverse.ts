import {BackendValues, dispose, KernelConfig, KernelFunc, Tensor, tensor, TensorInfo, tensor1d, TypedArray, util} from '@tensorflow/tfjs-core';

import {MatrixInverse, MatrixInverseAttrs, MatrixInverseInputs} from '../../kernel_names';
import {matrixInverseImpl} from '../shared/matrix_inverse_impl';

/** An attribute of a TensorFlow op, as tfjs-node's binding takes it. */
interface OpAttr {
  name: string;
  type: number;
  value: number|boolean;
}

/**
 * What this kernel uses of tfjs-node's NodeJSKernelBackend. The class is not
 * exported, and importing tfjs-node would load the native library, so the
 * kernel declares the small structural type it needs.
 */
interface TensorFlowBackend {
  binding: {
    TF_ATTR_BOOL: number; TF_ATTR_TYPE: number; TF_FLOAT: number;
    TF_INT32: number;
  };
  /** Returns a tensor the engine tracks, so temporaries are disposed. */
  executeSingleOutput(name: string, attrs: OpAttr[], inputs: TensorInfo[]):
      Tensor;
  executeSingleInput(name: string, input: TensorInfo): Tensor;
  readSync(dataId: object): BackendValues;
}

/**
 * Runs TensorFlow's own MatrixInverse (Eigen's LU with partial pivoting).
 *
 * TensorFlow fails the whole call when any matrix of the batch is singular,
 * and lets NaN through where the input has it. The contract wants NaN for
 * each singular matrix and `info`, so in those rare cases the batch is
 * inverted again by the package's own routine, which reports both; the
 * common path costs one extra reduction to a single boolean. Like
 * tfjs-node's own kernels, it returns tensors the engine already tracks.
 */
export function matrixInverseTensorFlow(args: {
  inputs: MatrixInverseInputs,
  backend: TensorFlowBackend,
  attrs: MatrixInverseAttrs
}): [Tensor, Tensor] {
  const {inputs: {x}, backend, attrs: {adjoint}} = args;
  const batchShape = x.shape.slice(0, -2);
  const batch = util.sizeFromShape(batchShape);
  const inverse = tryTensorFlowInverse(backend, x, adjoint);
  if (inverse != null) {
    return [inverse, tensor(new Int32Array(batch), batchShape, 'int32')];
  }
  const n = x.shape[x.shape.length - 1];
  const result = matrixInverseImpl(
      backend.readSync(x.dataId) as TypedArray, batch, n, adjoint);
  return [
    tensor(result.inverse, x.shape, 'float32'),
    tensor(result.info, batchShape, 'int32'),
  ];
}

/** TensorFlow's inverse, or null where it failed or is not all finite. */
function tryTensorFlowInverse(
    backend: TensorFlowBackend, x: TensorInfo, adjoint: boolean): Tensor|null {
  const {binding} = backend;
  let inverse: Tensor;
  try {
    inverse = backend.executeSingleOutput(
        MatrixInverse,
        [
          {name: 'adjoint', type: binding.TF_ATTR_BOOL, value: adjoint},
          {name: 'T', type: binding.TF_ATTR_TYPE, value: binding.TF_FLOAT},
        ],
        [x]);
  } catch (e) {
    if (/not invertible/.test((e as Error).message)) {
      return null;
    }
    throw e;
  }
  if (allFinite(backend, inverse)) {
    return inverse;
  }
  inverse.dispose();
  return null;
}

function allFinite(backend: TensorFlowBackend, t: TensorInfo): boolean {
  const {binding} = backend;
  const finite = backend.executeSingleInput('IsFinite', t);
  const axes = tensor1d(t.shape.map((_, i) => i), 'int32');
  const all = backend.executeSingleOutput(
      'All',
      [
        {name: 'keep_dims', type: binding.TF_ATTR_BOOL, value: false},
        {name: 'Tidx', type: binding.TF_ATTR_TYPE, value: binding.TF_INT32},
      ],
      [finite, axes]);
  const result = backend.readSync(all.dataId) as TypedArray;
  dispose([finite, axes, all]);
  return result[0] !== 0;
}

export const matrixInverseTensorFlowConfig: KernelConfig = {
  kernelName: MatrixInverse,
  backendName: 'tensorflow',
  kernelFunc: matrixInverseTensorFlow as unknown as KernelFunc,
};
