/**
 * The outputs of the webgpu MatrixInverse kernel. The inverse of the scaled
 * matrix A' = R A is Y' = Y R^-1, so Y = Y' R: column c of Y' is scaled back
 * by 2^e_c.
 */

import {EliminationOutputsProgram, PIVOT_INFO_FUNCTION} from './elimination_webgpu';

/**
 * WGSL of entry (row, column) of the inverse of matrix b, from the
 * eliminated working buffer: the row swaps become column swaps, and column c
 * is scaled back by 2^e_c. NaN for every matrix with a failed step.
 */
const INVERSE_FUNCTION = `
  fn inverseEntry(b: i32, row: i32, column: i32) -> f32 {
    let source = a[(b * N + column) * W + N];
    if (source < 0.0) {
      return uniforms.NAN;
    }
    return timesPowerOfTwo(a[(b * N + row) * W + i32(source)],
                           a[(b * N + column) * W + N + 3]);
  }
`;

/**
 * WGSL of the reciprocal condition number of matrix b, 1 / (|A|_1 |Y|_1),
 * as 1 / (|2^m A|_1 |2^-m Y|_1) where 2^m, m the smallest e_i, brings A's
 * largest |entry| into [1, 2): the norms then stay in float32's range
 * wherever rcond does not underflow. Column c of 2^-m Y is column perm(c)
 * of the eliminated matrix times 2^(e_c - m). 0 for a matrix with a failed
 * step; a NaN column sum is kept.
 */
function reciprocalConditionFunctions(adjoint: boolean): string {
  const [row, column] = adjoint ? ['j', 'i'] : ['i', 'j'];
  return `
    fn largerOrNaN(largest: f32, value: f32) -> f32 {
      return select(largest, value, isnan(value) || value > largest);
    }

    fn reciprocalCondition(b: i32) -> f32 {
      if (a[b * N * W + N] < 0.0) {
        return 0.0;
      }
      var m = a[b * N * W + N + 3];
      for (var i = 1; i < N; i++) {
        m = min(m, a[(b * N + i) * W + N + 3]);
      }
      var matrixNorm = 0.0;
      var inverseNorm = 0.0;
      for (var j = 0; j < N; j++) {
        var matrixSum = 0.0;
        let source = i32(a[(b * N + j) * W + N]);
        var inverseSum = 0.0;
        for (var i = 0; i < N; i++) {
          matrixSum += timesPowerOfTwo(
              abs(x[(b * N + ${row}) * N + ${column}]), m);
          inverseSum += abs(a[(b * N + i) * W + source]);
        }
        matrixNorm = largerOrNaN(matrixNorm, matrixSum);
        inverseNorm = largerOrNaN(inverseNorm, timesPowerOfTwo(
            inverseSum, a[(b * N + j) * W + N + 3] - m));
      }
      // Two divisions: the product of the norms may overflow where rcond
      // is a subnormal.
      return 1.0 / matrixNorm / inverseNorm;
    }
  `;
}

/** The inverse [batch, n, n], info and rcond [batch], in one dispatch. */
export class InverseOutputsProgram extends EliminationOutputsProgram {
  constructor(batch: number, n: number, adjoint: boolean) {
    super(
        batch, n, adjoint, 0,
        [
          {name: 'inverse', shape: [batch, n, n], dtype: 'float32'},
          {name: 'info', shape: [batch], dtype: 'int32'},
          {name: 'rcond', shape: [batch], dtype: 'float32'},
        ],
        true, 'inverseOutputs');
  }

  protected getOutputCode(): string {
    return `
      ${INVERSE_FUNCTION}
      ${PIVOT_INFO_FUNCTION}
      ${reciprocalConditionFunctions(this.adjoint)}

      fn writeOutputs(b: i32) {
        for (var row = 0; row < N; row++) {
          for (var column = 0; column < N; column++) {
            inverse[(b * N + row) * N + column] = inverseEntry(b, row, column);
          }
        }
        info[b] = pivotInfo(b);
        rcond[b] = reciprocalCondition(b);
      }
    `;
  }
}
