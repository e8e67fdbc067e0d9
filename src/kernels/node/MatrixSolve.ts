import {dispose, engine, KernelConfig, KernelFunc, Tensor, TensorInfo, TypedArray, util} from '@tensorflow/tfjs-core';

import {MatrixSolve, MatrixSolveAttrs, MatrixSolveInputs, MatrixSolveOutputs} from '../../kernel_names';
import {TensorFlowBackendLike} from '../backend_types';
import {batchOf} from '../shared/matrix_batch';
import {matrixSolveImpl} from '../shared/matrix_solve_impl';

import {floatType, gatherMatrices, makeTensor, tensorFlowLu, triangularSolve, untrustedMatrices} from './tensorflow_lu';

/**
 * Solves with TensorFlow's LU (tensorflow_lu.ts) and its triangular solves:
 * TensorFlow's own MatrixSolve, step by step, so the kernel can check the
 * factors. Systems whose factors are not trusted (non-finite or outsized
 * entries, a zero pivot, a condition estimate that cannot tell the matrix
 * from singular) are solved again by the package's routine, which gives a
 * NaN solution and `info` where its elimination meets a zero or non-finite
 * pivot; so is a batch too small to be worth TensorFlow's ops.
 */
export function matrixSolveTensorFlow(args: {
  inputs: MatrixSolveInputs,
  backend: TensorFlowBackendLike,
  attrs: MatrixSolveAttrs
}): MatrixSolveOutputs {
  const {inputs: {matrix, rhs}, backend, attrs: {adjoint}} = args;
  const {batchShape, batch, n} = batchOf(matrix);
  const k = rhs.shape[rhs.shape.length - 1];
  const read = (x: TensorInfo) => backend.readSync(x.dataId) as TypedArray;
  const factors = tensorFlowLu(backend, matrix, k);
  if (factors == null) {
    const {solution, info} =
        matrixSolveImpl(read(matrix), read(rhs), batch, n, k, adjoint);
    return [
      makeTensor(rhs.shape, 'float32', solution),
      makeTensor(batchShape, 'int32', info),
    ];
  }
  const {lu, permutation, trusted} = factors;
  const solution = adjoint ? solveAdjointWithLu(backend, lu, permutation, rhs) :
                             solveWithLu(backend, lu, permutation, rhs);
  lu.dispose();
  const info = new Int32Array(batch);
  const untrusted = untrustedMatrices(trusted);
  if (untrusted.length === 0) {
    return [solution, makeTensor(batchShape, 'int32', info)];
  }
  const values = Float32Array.from(read(solution));
  solution.dispose();
  const again = matrixSolveImpl(
      gatherMatrices(read(matrix), untrusted, n * n),
      gatherMatrices(read(rhs), untrusted, n * k), untrusted.length, n, k,
      adjoint);
  untrusted.forEach((b, i) => {
    values.set(again.solution.subarray(i * n * k, (i + 1) * n * k), b * n * k);
    info[b] = again.info[i];
  });
  return [
    makeTensor(rhs.shape, 'float32', values),
    makeTensor(batchShape, 'int32', info),
  ];
}

/** A x = b, with P A = L U: L y = P b, then U x = y. */
function solveWithLu(
    backend: TensorFlowBackendLike, lu: Tensor, permutation: Int32Array,
    rhs: TensorInfo): Tensor {
  const unitLower = withUnitDiagonal(backend, lu);
  const permuted = gatherRows(backend, rhs, permutation);
  const y = triangularSolve(backend, unitLower, permuted, true, false);
  const x = triangularSolve(backend, lu, y, false, false);
  dispose([unitLower, permuted, y]);
  return x;
}

/** A^T x = b, with P A = L U: U^T z = b, L^T w = z, then x = P^T w. */
function solveAdjointWithLu(
    backend: TensorFlowBackendLike, lu: Tensor, permutation: Int32Array,
    rhs: TensorInfo): Tensor {
  const unitLower = withUnitDiagonal(backend, lu);
  const z = triangularSolve(backend, lu, rhs, false, true);
  const w = triangularSolve(backend, unitLower, z, true, true);
  const n = lu.shape[lu.shape.length - 1];
  const x = gatherRows(backend, w, inversePermutations(permutation, n));
  dispose([unitLower, z, w]);
  return x;
}

/**
 * L from TensorFlow's packed factors: their lower triangle, ones on its
 * diagonal.
 */
function withUnitDiagonal(backend: TensorFlowBackendLike, lu: Tensor): Tensor {
  const shape = lu.shape.slice(0, -1);
  const ones = engine().makeTensor(
      new Float32Array(util.sizeFromShape(shape)).fill(1), shape, 'float32');
  const unitLower = backend.executeSingleOutput(
      'MatrixSetDiag', [floatType(backend)], [lu, ones]);
  ones.dispose();
  return unitLower;
}

/**
 * Row i of each matrix of the result is row indices[i] of the same matrix of
 * x, `indices` holding one permutation per matrix.
 */
function gatherRows(
    backend: TensorFlowBackendLike, x: TensorInfo,
    indices: Int32Array): Tensor {
  const {binding} = backend;
  const batchRank = x.shape.length - 2;
  const indexTensor =
      engine().makeTensor(indices, x.shape.slice(0, -1), 'int32');
  const axis = engine().makeTensor(new Int32Array([batchRank]), [], 'int32');
  const int32 = binding.TF_INT32;
  const gathered = backend.executeSingleOutput(
      'GatherV2',
      [
        {name: 'batch_dims', type: binding.TF_ATTR_INT, value: batchRank},
        {name: 'Tparams', type: binding.TF_ATTR_TYPE, value: binding.TF_FLOAT},
        {name: 'Tindices', type: binding.TF_ATTR_TYPE, value: int32},
        {name: 'Taxis', type: binding.TF_ATTR_TYPE, value: int32},
      ],
      [x, indexTensor, axis]);
  dispose([indexTensor, axis]);
  return gathered;
}

/** The inverse of each permutation of n rows in `permutations`. */
function inversePermutations(permutations: Int32Array, n: number): Int32Array {
  const inverses = new Int32Array(permutations.length);
  for (let offset = 0; offset < permutations.length; offset += n) {
    for (let i = 0; i < n; i++) {
      inverses[offset + permutations[offset + i]] = i;
    }
  }
  return inverses;
}

export const matrixSolveTensorFlowConfig: KernelConfig = {
  kernelName: MatrixSolve,
  backendName: 'tensorflow',
  kernelFunc: matrixSolveTensorFlow as unknown as KernelFunc,
};
