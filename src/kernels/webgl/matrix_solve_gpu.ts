import {GPGPUProgramLike} from '../backend_types';

/**
 * The solution X [batch, n, k] of A X = B, from the eliminated working
 * texture (elimination_gpu.ts), where it is the right-hand sides' columns
 * n + 3..n + 2 + k, rows in order: row swaps and row scalings of [A | B]
 * leave the solution as it is. A system whose elimination failed is NaN
 * there already: every step from the failed one on writes NaN.
 */
export class SolutionProgram implements GPGPUProgramLike {
  variableNames = ['a'];
  outputShape: number[];
  userCode: string;

  constructor(batch: number, n: number, rhsColumns: number) {
    this.outputShape = [batch, n, rhsColumns];
    this.userCode = `
      void main() {
        ivec3 c = getOutputCoords();
        setOutput(getA(c.x, c.y, c.z + ${n + 3}));
      }
    `;
  }
}
