import {KernelConfig, KernelFunc} from '@tensorflow/tfjs-core';

import {LogMatrixDeterminant, LogMatrixDeterminantInputs, LogMatrixDeterminantOutputs} from '../../kernel_names';
import {TensorFlowBackendLike} from '../backend_types';
import {logDeterminantImpl, signAndLogAbs} from '../shared/determinant_impl';
import {batchOf} from '../shared/matrix_batch';

import {makeTensor, resultsPerMatrix} from './tensorflow_lu';

/**
 * sign(det) and log|det| from TensorFlow's LU (tensorflow_lu.ts), as
 * TensorFlow's own LogMatrixDeterminant computes them, but from pivots the
 * kernel can check. Matrices whose factors are not trusted, and batches too
 * small to be worth TensorFlow's ops, take the package's routine: sign 0 and
 * log|det| -Infinity where its elimination meets a zero pivot, NaN for both
 * where an entry is not finite.
 */
export function logMatrixDeterminantTensorFlow(
    args: {inputs: LogMatrixDeterminantInputs, backend: TensorFlowBackendLike}):
    LogMatrixDeterminantOutputs {
  const {inputs: {input}, backend} = args;
  const {batchShape, n} = batchOf(input);
  const results =
      resultsPerMatrix(backend, input, signAndLogAbs, (values, count) => {
        const {sign, logAbsDeterminant} = logDeterminantImpl(values, count, n);
        return Array.from(
            sign, (s, i): [number, number] => [s, logAbsDeterminant[i]]);
      });
  return [
    makeTensor(batchShape, 'float32', Float32Array.from(results, ([s]) => s)),
    makeTensor(
        batchShape, 'float32',
        Float32Array.from(results, ([, logAbs]) => logAbs)),
  ];
}

export const logMatrixDeterminantTensorFlowConfig: KernelConfig = {
  kernelName: LogMatrixDeterminant,
  backendName: 'tensorflow',
  kernelFunc: logMatrixDeterminantTensorFlow as unknown as KernelFunc,
};
