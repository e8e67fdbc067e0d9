import {FlatProgram} from './elimination_webgpu';

/**
 * The solution X [batch, n, k] of A X = B, the right-hand sides' columns of
 * the eliminated working buffer (elimination_webgpu.ts), rows in order: row
 * swaps and row scalings of [A | B] leave the solution as it is. A system
 * whose elimination failed is NaN there already.
 */
export class SolutionProgram extends FlatProgram {
  constructor(
      batch: number, private readonly n: number,
      private readonly rhsColumns: number) {
    super(['a'], [batch, n, rhsColumns], `solution_${n}_${rhsColumns}`);
  }

  getUserCode(): string {
    return `
      const N = ${this.n};
      const K = ${this.rhsColumns};

      fn main(index: i32) {
        if (index < uniforms.outShape.x * N * K) {
          let row = index / K;
          result[index] = a[row * (N + 4 + K) + N + 4 + index % K];
        }
      }
    `;
  }
}
