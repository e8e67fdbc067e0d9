import type {TypedArray} from '@tensorflow/tfjs-core';

import {loadMatrix, multiply} from './matrix_product';

/**
 * The gradient of a batched inverse, fused: dX = -Y^T dY Y^T per matrix, or
 * with adjoint (Y = (X^T)^-1) dX = -Y dY^T Y. Both are -M D M with M = Y^T,
 * D = dY, or M = Y, D = dY^T, computed as two float64 products with the
 * blocked routine the inverse uses.
 */
export function matrixInverseGradImpl(
    y: TypedArray, dy: TypedArray, batch: number, n: number,
    adjoint: boolean): Float32Array {
  const dx = new Float32Array(batch * n * n);
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
  return dx;
}
