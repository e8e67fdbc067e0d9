import {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {MatrixDeterminant, MatrixDeterminantInputs} from '../../kernel_names';
import {TensorFlowBackendLike} from '../backend_types';
import {determinantImpl, signedPivotProduct} from '../shared/determinant_impl';
import {batchOf} from '../shared/matrix_batch';

import {makeTensor, resultsPerMatrix} from './tensorflow_lu';

/**
 * det from TensorFlow's LU (tensorflow_lu.ts): the signed product of its
 * pivots, in float64 as the package's routine takes it. Matrices whose
 * factors are not trusted (non-finite or outsized entries, a zero pivot, a
 * condition estimate that cannot tell them from singular) take the
 * package's routine, which gives exactly 0 where its elimination meets a
 * zero pivot and NaN for non-finite entries; so do batches too small to be
 * worth TensorFlow's ops.
 */
export function matrixDeterminantTensorFlow(
    args: {inputs: MatrixDeterminantInputs, backend: TensorFlowBackendLike}):
    TensorInfo {
  const {inputs: {input}, backend} = args;
  const {batchShape, n} = batchOf(input);
  const determinants = resultsPerMatrix(
      backend, input, signedPivotProduct,
      (values, count) => Array.from(determinantImpl(values, count, n)));
  return makeTensor(batchShape, 'float32', Float32Array.from(determinants));
}

export const matrixDeterminantTensorFlowConfig: KernelConfig = {
  kernelName: MatrixDeterminant,
  backendName: 'tensorflow',
  kernelFunc: matrixDeterminantTensorFlow as unknown as KernelFunc,
};
