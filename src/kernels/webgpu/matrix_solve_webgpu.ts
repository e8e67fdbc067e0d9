import {util} from '@tensorflow/tfjs-core';

import {WebGPUProgramLike} from '../backend_types';

import {flatDispatch, flatDispatchLayout, WORKGROUP_SIZE} from './elimination_webgpu';

/**
 * The solution X [batch, n, k] of A X = B, the right-hand sides' columns of
 * the eliminated working buffer (elimination_webgpu.ts), rows in order: row
 * swaps and row scalings of [A | B] leave the solution as it is. A system
 * whose elimination failed is NaN there already.
 */
export class SolutionProgram implements WebGPUProgramLike {
  variableNames = ['a'];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: {x: number[]};
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP_SIZE, 1, 1];
  private readonly n: number;
  private readonly rhsColumns: number;

  constructor(batch: number, n: number, rhsColumns: number) {
    this.outputShape = [batch, n, rhsColumns];
    this.dispatchLayout = flatDispatchLayout(this.outputShape);
    this.dispatch = flatDispatch(util.sizeFromShape(this.outputShape));
    this.n = n;
    this.rhsColumns = rhsColumns;
    this.shaderKey = `solution_${n}_${rhsColumns}`;
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
