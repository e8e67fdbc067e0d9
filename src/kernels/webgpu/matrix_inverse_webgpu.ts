/**
 * Shader programs of the webgpu MatrixInverse kernel that the other kernels
 * do not share. The inverse of the scaled matrix A' = R A is Y' = Y R^-1, so
 * Y = Y' R: column c of Y' is scaled back by 2^e_c.
 */

import {FlatProgram, POWER_OF_TWO_FUNCTIONS} from './elimination_webgpu';

/**
 * The inverse of x from the eliminated working buffer: the row swaps become
 * column swaps, and column c is scaled back by 2^e_c. NaN for every matrix
 * with a failed step.
 */
export class InverseProgram extends FlatProgram {
  constructor(batch: number, private readonly n: number) {
    super(['a'], [batch, n, n], `inverse_${n}`);
  }

  getUserCode(): string {
    return `
      const N = ${this.n};
      const W = ${this.n + 4};
      ${POWER_OF_TWO_FUNCTIONS}

      fn main(index: i32) {
        if (index >= uniforms.outShape.x * N * N) {
          return;
        }
        let b = index / (N * N);
        let row = (index / N) % N;
        let column = index % N;
        let source = a[(b * N + column) * W + N];
        if (source < 0.0) {
          result[index] = uniforms.NAN;
          return;
        }
        result[index] = timesPowerOfTwo(a[(b * N + row) * W + i32(source)],
                                        a[(b * N + column) * W + N + 3]);
      }
    `;
  }
}

/**
 * The reciprocal condition number per matrix, 1 / (|A|_1 |Y|_1), as
 * 1 / (|2^m A|_1 |2^-m Y|_1) where 2^m, m the smallest e_i, brings A's
 * largest |entry| into [1, 2): the norms then stay in float32's range
 * wherever rcond does not underflow. Column c of 2^-m Y is column perm(c)
 * of the eliminated matrix times 2^(e_c - m). 0 for a matrix with a failed
 * step; a NaN column sum is kept.
 */
export class ReciprocalConditionProgram extends FlatProgram {
  constructor(
      batch: number, private readonly n: number,
      private readonly adjoint: boolean) {
    super(['a', 'x'], [batch], `reciprocalCondition_${n}_${adjoint}`);
  }

  getUserCode(): string {
    const [row, column] = this.adjoint ? ['j', 'i'] : ['i', 'j'];
    return `
      const N = ${this.n};
      const W = ${this.n + 4};
      ${POWER_OF_TWO_FUNCTIONS}

      fn largerOrNaN(largest: f32, value: f32) -> f32 {
        return select(largest, value, isnan(value) || value > largest);
      }

      fn main(b: i32) {
        if (b >= uniforms.outShape) {
          return;
        }
        if (a[b * N * W + N] < 0.0) {
          result[b] = 0.0;
          return;
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
        result[b] = 1.0 / matrixNorm / inverseNorm;
      }
    `;
  }
}
