import {EliminationOutputsProgram, PIVOT_INFO_FUNCTION} from './elimination_webgpu';

/**
 * The solution X [batch, n, k] of A X = B and info [batch], in one dispatch.
 * X is the right-hand sides' columns of the eliminated working buffer
 * (elimination_webgpu.ts), rows in order: row swaps and row scalings of
 * [A | B] leave the solution as it is. A system whose elimination failed is
 * NaN there already.
 */
export class SolutionOutputsProgram extends EliminationOutputsProgram {
  constructor(batch: number, n: number, adjoint: boolean, rhsColumns: number) {
    super(
        batch, n, adjoint, rhsColumns,
        [
          {name: 'solution', shape: [batch, n, rhsColumns], dtype: 'float32'},
          {name: 'info', shape: [batch], dtype: 'int32'},
        ],
        false, 'solutionOutputs');
  }

  protected getOutputCode(): string {
    return `
      const K = ${this.rhsColumns};
      ${PIVOT_INFO_FUNCTION}

      fn writeOutputs(b: i32) {
        for (var row = b * N; row < (b + 1) * N; row++) {
          for (var j = 0; j < K; j++) {
            solution[row * K + j] = a[row * W + N + 4 + j];
          }
        }
        info[b] = pivotInfo(b);
      }
    `;
  }
}
