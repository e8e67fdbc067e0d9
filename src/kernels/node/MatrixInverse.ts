import {KernelConfig, KernelFunc, Tensor, TensorInfo, TypedArray} from '@tensorflow/tfjs-core';

import {MatrixInverse, MatrixInverseAttrs, MatrixInverseInputs, MatrixInverseOutputs} from '../../kernel_names';
import {TensorFlowBackendLike} from '../backend_types';
import {batchOf} from '../shared/matrix_batch';
import {reciprocalConditionNumbers} from '../shared/matrix_inverse_impl';
import {matrixInverseOutputs} from '../shared/matrix_inverse_outputs';

import {makeTensor} from './tensorflow_lu';

/**
 * Below this rcond TensorFlow's answer is not trusted to say "singular": a
 * float32 LU of an exactly singular matrix (two equal rows, say) may meet a
 * tiny rounding error instead of a zero pivot, and its inverse then has
 * rcond of order n * 2^-24. Such batches are inverted again by the package's
 * own elimination, which flags equal rows exactly. Well-conditioned batches,
 * the common case, never take that path. Above 1, the result is no inverse
 * at all (|A|_1 |A^-1|_1 >= 1): float32 underflowed.
 */
const TRUSTED_RCOND = {
  min: 1e-4,
  max: 1 + 1e-3
};

/**
 * Largest entries TensorFlow's float32 LU is given as they are: far enough
 * from float32's range that neither the elimination nor the inverse leaves
 * it. Batches with larger or smaller matrices go to the package's routine,
 * which works in float64.
 */
const SAFE_MAX_ABS = {
  min: Math.pow(2, -50),
  max: Math.pow(2, 50)
};

/**
 * Runs TensorFlow's own MatrixInverse (Eigen's LU with partial pivoting),
 * with the package's rules on top.
 *
 * TensorFlow fails the whole call when any matrix of the batch is singular,
 * inverts matrices with infinite entries into finite numbers, and loses
 * everything to underflow near float32's range limits. So the input is read
 * back (this backend's memory is the CPU's) and checked for finite entries
 * of a safe size first; the inverse is read back for rcond, and checked to
 * be trustworthy. Where either check fails, or TensorFlow found a matrix
 * not invertible, the batch is inverted by the package's own routine, which
 * reports NaN, `info` and rcond per matrix. Like tfjs-node's own kernels, it
 * returns tensors the engine already tracks.
 */
export function matrixInverseTensorFlow(args: {
  inputs: MatrixInverseInputs,
  backend: TensorFlowBackendLike,
  attrs: MatrixInverseAttrs
}): MatrixInverseOutputs {
  const {inputs: {x}, backend, attrs: {adjoint}} = args;
  const {batchShape, batch, n} = batchOf(x);
  const xValues = backend.readSync(x.dataId) as TypedArray;
  const inverse = hasSafeEntries(xValues, batch, n) ?
      tryTensorFlowInverse(backend, x, adjoint) :
      null;
  if (inverse != null) {
    const rcond = reciprocalConditionNumbers(
        xValues, backend.readSync(inverse.dataId) as TypedArray, batch, n,
        adjoint);
    // NaN or Infinity in the inverse makes an rcond NaN or 0.
    if (rcond.every(r => r >= TRUSTED_RCOND.min && r <= TRUSTED_RCOND.max)) {
      return [
        inverse, makeTensor(batchShape, 'int32', new Int32Array(batch)),
        makeTensor(batchShape, 'float32', rcond)
      ];
    }
    inverse.dispose();
  }
  return matrixInverseOutputs(x, xValues, adjoint, makeTensor);
}

/** Whether every matrix's largest |entry| is finite and in SAFE_MAX_ABS. */
function hasSafeEntries(values: TypedArray, batch: number, n: number): boolean {
  for (let b = 0; b < batch; b++) {
    let maxAbs = 0;
    for (let k = b * n * n; k < (b + 1) * n * n; k++) {
      // Math.max keeps a NaN, which fails the check below.
      maxAbs = Math.max(maxAbs, Math.abs(values[k]));
    }
    if (!(maxAbs >= SAFE_MAX_ABS.min && maxAbs <= SAFE_MAX_ABS.max)) {
      return false;
    }
  }
  return true;
}

/** TensorFlow's inverse, or null where it found a matrix not invertible. */
function tryTensorFlowInverse(
    backend: TensorFlowBackendLike, x: TensorInfo, adjoint: boolean): Tensor|
    null {
  try {
    return runTensorFlowMatrixInverse(backend, x, adjoint);
  } catch (e) {
    if (/not invertible/.test((e as Error).message)) {
      return null;
    }
    throw e;
  }
}

/**
 * TensorFlow's own MatrixInverse kernel on `x`, as it is: it throws where a
 * matrix of the batch is not invertible.
 */
export function runTensorFlowMatrixInverse(
    backend: TensorFlowBackendLike, x: TensorInfo, adjoint: boolean): Tensor {
  const {binding} = backend;
  return backend.executeSingleOutput(
      MatrixInverse,
      [
        {name: 'adjoint', type: binding.TF_ATTR_BOOL, value: adjoint},
        {name: 'T', type: binding.TF_ATTR_TYPE, value: binding.TF_FLOAT},
      ],
      [x]);
}

export const matrixInverseTensorFlowConfig: KernelConfig = {
  kernelName: MatrixInverse,
  backendName: 'tensorflow',
  kernelFunc: matrixInverseTensorFlow as unknown as KernelFunc,
};
