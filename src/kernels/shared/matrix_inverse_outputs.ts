import type {DataType, TensorInfo, TypedArray} from '@tensorflow/tfjs-core';

import {MatrixInverseOutputs} from '../../kernel_names';

import {matrixInverseImpl} from './matrix_inverse_impl';
import {batchOf} from './matrix_batch';

/** A backend's way of making an output from values on the CPU. */
export type MakeTensorInfo =
    (shape: number[], dtype: DataType, values: TypedArray) => TensorInfo;

/**
 * The MatrixInverse kernel on the shared JavaScript routine: x's values in,
 * the kernel's three outputs made by the backend's own `make`. The cpu
 * kernel is this; webgl runs it for tiny CPU-resident inputs and tensorflow
 * where TensorFlow's own kernel cannot be trusted.
 */
export function matrixInverseOutputs(
    x: TensorInfo, values: TypedArray, adjoint: boolean,
    make: MakeTensorInfo): MatrixInverseOutputs {
  const {n, batchShape, batch} = batchOf(x);
  const {inverse, info, rcond} = matrixInverseImpl(values, batch, n, adjoint);
  return [
    make(x.shape, 'float32', inverse),
    make(batchShape, 'int32', info),
    make(batchShape, 'float32', rcond),
  ];
}
