/**
 * Shader programs of the webgl MatrixInverse kernel that the other kernels do
 * not share: the inverse's columns put back in order and scaled back, and the
 * norms of rcond. The elimination and the working texture's layout are in
 * elimination_gpu.ts. The inverse of the scaled matrix A' = R A is
 * Y' = Y R^-1, so Y = Y' R: column j of Y' is scaled back by 2^e_j.
 *
 * GPUs may flush subnormal float32 values to zero (see elimination_gpu.ts):
 * an entry of the inverse or an rcond below 2^-126 may then come out as 0.
 */

import {GPGPUProgramLike} from '../backend_types';

import {POWER_OF_TWO_FUNCTIONS} from './elimination_gpu';

/**
 * Per matrix and column j, the abs sum of column j of 2^m A, where 2^m, with
 * m the smallest e_i, brings A's largest |entry| into [1, 2): rcond's |A|_1
 * up to that factor, without overflow. Read from the loaded working texture,
 * whose row i is scaled back by 2^(m - e_i).
 */
export class ScaledMatrixColumnSumProgram implements GPGPUProgramLike {
  variableNames = ['a', 'rowExponents'];
  outputShape: number[];
  userCode: string;

  constructor(batch: number, n: number) {
    this.outputShape = [batch, n];
    this.userCode = `
      ${POWER_OF_TWO_FUNCTIONS}

      void main() {
        ivec2 c = getOutputCoords();
        float m = getRowExponents(c.x, 0);
        for (int row = 1; row < ${n}; row++) {
          m = min(m, getRowExponents(c.x, row));
        }
        float sum = 0.0;
        for (int row = 0; row < ${n}; row++) {
          sum += timesPowerOfTwo(abs(getA(c.x, row, c.y)),
                                 m - getRowExponents(c.x, row));
        }
        setOutput(sum);
      }
    `;
  }
}

/**
 * Per matrix and column j < n of the eliminated working texture, the sum of
 * |a[i][j]| over the rows. Row swaps do not change it; the column becomes
 * column c of the inverse where perm(c) = j, and ReciprocalConditionProgram
 * scales it back with c's exponent.
 */
export class ColumnAbsSumProgram implements GPGPUProgramLike {
  variableNames = ['a'];
  outputShape: number[];
  userCode: string;

  constructor(batch: number, n: number) {
    this.outputShape = [batch, n];
    this.userCode = `
      void main() {
        ivec2 c = getOutputCoords();
        float sum = 0.0;
        for (int row = 0; row < ${n}; row++) {
          sum += abs(getA(c.x, row, c.y));
        }
        setOutput(sum);
      }
    `;
  }
}

/**
 * The inverse of x from the eliminated matrix: the row swaps of the
 * elimination become column swaps of the inverse, and column j is scaled
 * back by 2^e_j. NaN for every matrix with a failed step.
 */
export class UndoPivotingProgram implements GPGPUProgramLike {
  variableNames = ['a', 'rowExponents'];
  outputShape: number[];
  userCode: string;

  constructor(batch: number, n: number) {
    this.outputShape = [batch, n, n];
    this.userCode = `
      ${POWER_OF_TWO_FUNCTIONS}

      void main() {
        ivec3 c = getOutputCoords();
        float source = getA(c.x, c.z, ${n});
        if (source < 0.0) {
          setOutput(NAN);
          return;
        }
        setOutput(timesPowerOfTwo(
            getA(c.x, c.y, int(source)), getRowExponents(c.x, c.z)));
      }
    `;
  }
}

/**
 * The reciprocal condition number per matrix, 1 / (|A|_1 |Y|_1), as
 * 1 / (|2^m A|_1 |2^-m Y|_1) with 2^m as in ScaledMatrixColumnSumProgram: the
 * norms then stay in float32's range wherever rcond does not underflow.
 * Column c of 2^-m Y is column perm(c) of the eliminated matrix times
 * 2^(e_c - m). 0 for a matrix with a failed step. A NaN column sum is kept
 * (max() leaves NaN undefined).
 */
export class ReciprocalConditionProgram implements GPGPUProgramLike {
  variableNames =
      ['a', 'rowExponents', 'matrixColumnSums', 'eliminatedColumnSums'];
  outputShape: number[];
  userCode: string;

  constructor(batch: number, n: number) {
    this.outputShape = [batch];
    this.userCode = `
      ${POWER_OF_TWO_FUNCTIONS}

      float largerOrNaN(float largest, float value) {
        return isnan(value) || value > largest ? value : largest;
      }

      void main() {
        int b = getOutputCoords();
        if (getA(b, 0, ${n}) < 0.0) {
          setOutput(0.0);
          return;
        }
        float m = getRowExponents(b, 0);
        for (int row = 1; row < ${n}; row++) {
          m = min(m, getRowExponents(b, row));
        }
        float matrixNorm = 0.0;
        float inverseNorm = 0.0;
        for (int column = 0; column < ${n}; column++) {
          matrixNorm =
              largerOrNaN(matrixNorm, getMatrixColumnSums(b, column));
          int source = int(getA(b, column, ${n}));
          float inverseSum = timesPowerOfTwo(
              getEliminatedColumnSums(b, source),
              getRowExponents(b, column) - m);
          inverseNorm = largerOrNaN(inverseNorm, inverseSum);
        }
        // Two divisions: the product of the norms may overflow where rcond
        // is a subnormal.
        setOutput(1.0 / matrixNorm / inverseNorm);
      }
    `;
  }
}
