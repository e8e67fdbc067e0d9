/**
 * tfjs-matrix-inverse: batched, differentiable dense linear algebra for
 * TensorFlow.js: the matrix inverse, linear solves and determinants.
 * Importing this module registers their kernels (`MatrixInverse`,
 * `MatrixSolve`, `MatrixDeterminant`, `LogMatrixDeterminant`) for every
 * backend it supports.
 */
import {registerAllKernels} from './kernels/register_all_kernels';

registerAllKernels();

export {LogMatrixDeterminant, MatrixDeterminant, MatrixInverse, MatrixInverseGrad, MatrixSolve} from './kernel_names';
export type{LogMatrixDeterminantInputs, LogMatrixDeterminantOutputs, MatrixDeterminantInputs, MatrixInverseAttrs, MatrixInverseGradAttrs, MatrixInverseGradInputs, MatrixInverseInputs, MatrixInverseOutputs, MatrixSolveAttrs, MatrixSolveInputs, MatrixSolveOutputs} from './kernel_names';
export {matrixInverse, matrixInverseEx} from './ops/matrix_inverse';
export type{MatrixInverseOptions, MatrixInverseResult} from './ops/matrix_inverse';
export {solve, solveEx} from './ops/solve';
export type{SolveOptions, SolveResult} from './ops/solve';
export {det} from './ops/det';
export {slogdet} from './ops/slogdet';
export type{SlogdetResult} from './ops/slogdet';
export {assertInvertible, assertInvertibleSync} from './ops/assert_invertible';
export type{AssertInvertibleOptions} from './ops/assert_invertible';
