import type {TypedArray} from '@tensorflow/tfjs-core';

import {inverseGradWithEngine} from '../wasm/own_memory_engine';

import {loadMatrix, multiply} from './matrix_product';
import {smallInverseGradients} from './small_inverse_gradients';

/**
 * Writes into `dx` the gradients of the `batch` n x n matrices of one size,
 * from the inverses `y` and the upstream gradients `dy`.
 */
export type BatchInverseGradient =
    (y: TypedArray, dy: TypedArray, batch: number, adjoint: boolean,
     dx: Float32Array) => void;

/**
 * The gradient of a batched inverse, fused: dX = -Y^T dY Y^T per matrix, or
 * with adjoint (Y = (X^T)^-1) dX = -Y dY^T Y. Both are -M D M with M = Y^T,
 * D = dY, or M = Y, D = dY^T, computed as two float64 products. Matrices up
 * to 4 x 4 take the products written out (small_inverse_gradients.ts,
 * generated), with the same results to the bit.
 */
export function matrixInverseGradImpl(
    y: TypedArray, dy: TypedArray, batch: number, n: number,
    adjoint: boolean): Float32Array {
  const dx = new Float32Array(batch * n * n);
  matrixInverseGradInto(y, dy, batch, n, adjoint, dx);
  return dx;
}

/**
 * matrixInverseGradImpl into an array of the caller's (a view of a wasm
 * heap, say): every entry is written.
 */
export function matrixInverseGradInto(
    y: TypedArray, dy: TypedArray, batch: number, n: number, adjoint: boolean,
    dx: Float32Array) {
  const gradientOfSmall = smallInverseGradients[n];
  if (gradientOfSmall != null) {
    gradientOfSmall(y, dy, batch, adjoint, dx);
  } else if (!inverseGradWithEngine(y, dy, batch, n, adjoint, dx)) {
    gradientEach(y, dy, batch, n, adjoint, dx);
  }
}

/**
 * The general batch loop, for any n: M and D are loaded into float64 work
 * matrices for the blocked product the inverse uses.
 */
export function gradientEach(
    y: TypedArray, dy: TypedArray, batch: number, n: number, adjoint: boolean,
    dx: Float32Array) {
  const m = new Float64Array(n * n);
  const d = new Float64Array(n * n);
  const md = new Float64Array(n * n);
  const mdm = new Float64Array(n * n);
  for (let b = 0; b < batch; b++) {
    const offset = b * n * n;
    loadMatrix(m, y, offset, n, !adjoint);
    loadMatrix(d, dy, offset, n, adjoint);
    multiply(md, m, d, n);
    multiply(mdm, md, m, n);
    for (let k = 0; k < n * n; k++) {
      dx[offset + k] = -mdm[k];
    }
  }
}
