/**
 * tfjs-matrix-inverse: a batched, differentiable matrix inverse for
 * TensorFlow.js. Importing this module registers the `MatrixInverse` kernel
 * for every backend it supports.
 */
import {registerAllKernels} from './kernels/register_all_kernels';

registerAllKernels();

export {MatrixInverse, MatrixInverseGrad} from './kernel_names';
export type{MatrixInverseAttrs, MatrixInverseGradAttrs, MatrixInverseGradInputs, MatrixInverseInputs, MatrixInverseOutputs} from './kernel_names';
export {matrixInverse, matrixInverseEx} from './ops/matrix_inverse';
export type{MatrixInverseOptions, MatrixInverseResult} from './ops/matrix_inverse';
export {assertInvertible, assertInvertibleSync} from './ops/assert_invertible';
export type{AssertInvertibleOptions} from './ops/assert_invertible';
