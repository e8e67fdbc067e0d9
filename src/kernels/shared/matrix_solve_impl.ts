import type {TypedArray} from '@tensorflow/tfjs-core';

import {solveWithEngine} from '../wasm/own_memory_engine';

import {GaussJordan} from './gauss_jordan';

/**
 * Solves A X = B (A^T X = B with `adjoint`) for each of the `batch` systems:
 * A n x n at matrix[b * n * n], B n x k at rhs[b * n * k]. The package's one
 * elimination (gauss_jordan.ts) reduces [A | B] in float64 on the rows below
 * each pivot and substitutes back: an LU solve, a third of the inverse's
 * work. A system whose elimination meets a zero or non-finite pivot gets a
 * NaN solution and its 1-based step in `info`, as LAPACK's getrf reports it.
 */
export function matrixSolveImpl(
    matrix: TypedArray, rhs: TypedArray, batch: number, n: number, k: number,
    adjoint: boolean): {solution: Float32Array, info: Int32Array} {
  const out = {
    solution: new Float32Array(batch * n * k),
    info: new Int32Array(batch),
  };
  if (!solveWithEngine(matrix, rhs, batch, n, k, adjoint, out)) {
    matrixSolveInto(matrix, rhs, batch, n, k, adjoint, out);
  }
  return out;
}

/**
 * matrixSolveImpl into arrays of the caller's (views of a wasm heap, say):
 * every entry is written.
 */
export function matrixSolveInto(
    matrix: TypedArray, rhs: TypedArray, batch: number, n: number, k: number,
    adjoint: boolean,
    {solution, info}: {solution: Float32Array, info: Int32Array}) {
  const work = new GaussJordan(n, k);
  const width = n + k;
  for (let b = 0; b < batch; b++) {
    work.load(matrix, b * n * n, adjoint);
    work.loadRightHandSides(rhs, b * n * k);
    info[b] = work.solveInPlace();
    const offset = b * n * k;
    if (info[b] !== 0) {
      solution.fill(NaN, offset, offset + n * k);
      continue;
    }
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < k; c++) {
        solution[offset + i * k + c] = work.a[i * width + n + c];
      }
    }
  }
}
