/**
 * Shader programs of the one webgpu elimination that MatrixInverse,
 * MatrixSolve, MatrixDeterminant and LogMatrixDeterminant run: the webgl
 * kernels' Gauss-Jordan elimination with partial pivoting (see
 * ../webgl/elimination_gpu.ts for the scaling by exact powers of two, the
 * pivot choice and why equal rows cancel exactly), written in WGSL.
 *
 * Two ways to the same eliminated working buffer:
 * - for n <= SMALL_ELIMINATION_MAX_N, smallEliminationFunctions(): one
 *   invocation per matrix loads it and takes every step in place, inside
 *   the kernel's EliminationOutputsProgram, which then puts out the
 *   kernel's results from the same invocation: one dispatch in all. WGSL
 *   has no barrier across workgroups, so this is the one layout where a
 *   loop over the columns fits in a dispatch.
 * - RowExponentProgram and EliminationLoadProgram, then per pivot column a
 *   PivotRowProgram and an EliminationStepProgram with the column in a
 *   uniform: every entry of every matrix in parallel, 2n + 2 dispatches,
 *   then the EliminationOutputsProgram on the result.
 * Both take the same steps with the same arithmetic.
 *
 * The working buffer has shape [batch, n, n + 4 + k]:
 * - columns 0..n-1: the scaled matrix, inverted in place;
 * - column n, row c: the column that becomes column c of the inverse (the
 *   row swaps so far, composed), or -s in every row once step s (1-based)
 *   found no usable pivot;
 * - column n + 1: the exponent e_i of the row of A now at this position,
 *   moved with the row swaps, for the pivot search;
 * - column n + 2, row j: the pivot of step j, negated where the step swapped
 *   two rows; 0 where step j found no usable pivot or did not run; NaN, for
 *   good, in row i where row i of A has a NaN or an infinity;
 * - column n + 3, row i: e_i, never moved, to scale the inverse back;
 * - columns n + 4..n + 3 + k: the right-hand sides R B, carried through the
 *   same row operations; they end as the solution X.
 */

import {util} from '@tensorflow/tfjs-core';

import {WebGPUPipelineLike, WebGPUProgramLike} from '../backend_types';

import {MultiOutputProgram, ProgramOutput} from './multi_output_dispatch';

/**
 * The largest n eliminated by one invocation per matrix. Its loop over the
 * columns is serial, about n^3 steps in one invocation; beyond this n, the
 * 2n dispatches that spread each step over every entry keep a large matrix
 * from running on one GPU thread.
 */
const SMALL_ELIMINATION_MAX_N = 32;

/** Invocations per workgroup of every program here. */
export const WORKGROUP_SIZE = 64;

/**
 * What every program here shares: a flat index over `invocations` (one per
 * output entry unless said otherwise) in workgroups of WORKGROUP_SIZE. The
 * shader key must name every constant baked into the shader: the backend's
 * pipeline cache knows a program by its key, not by its shapes.
 */
export abstract class FlatProgram implements WebGPUProgramLike {
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: {x: number[]};
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [WORKGROUP_SIZE, 1, 1];

  constructor(
      public variableNames: string[], outputShape: number[], shaderKey: string,
      invocations = util.sizeFromShape(outputShape)) {
    this.outputShape = outputShape;
    this.dispatchLayout = flatDispatchLayout(outputShape);
    this.dispatch = flatDispatch(invocations);
    this.shaderKey = shaderKey;
  }

  abstract getUserCode(): string;
}

/** One invocation per entry of `outputShape`, with a flat index. */
function flatDispatchLayout(outputShape: number[]): {x: number[]} {
  return {x: outputShape.map((_, i) => i)};
}

/**
 * The workgroups for `invocations` invocations in one dimension; the
 * backend folds a count too large for one dimension, keeping the index flat.
 */
function flatDispatch(invocations: number): [number, number, number] {
  return [Math.ceil(invocations / WORKGROUP_SIZE), 1, 1];
}

/**
 * WGSL for exact scaling by powers of two: factors written as float32 bits,
 * exponents read from bits, never exp2 or log2, which need not be exact on a
 * GPU. Exponents are integers held in floats.
 */
export const POWER_OF_TWO_FUNCTIONS = `
  // 2^e for an integer e with |e| <= 126.
  fn powerOfTwo(e: f32) -> f32 {
    return bitcast<f32>(u32(i32(e) + 127) << 23u);
  }

  // value * 2^e for an integer e with |e| <= 320: exact unless the result
  // over- or underflows.
  fn timesPowerOfTwo(value: f32, e: f32) -> f32 {
    if (e >= -126.0 && e <= 126.0) {
      return value * powerOfTwo(e);
    }
    var result = value;
    var remaining = e;
    for (var i = 0; i < 5 && remaining != 0.0; i++) {
      let step = clamp(remaining, -64.0, 64.0);
      result = result * powerOfTwo(step);
      remaining = remaining - step;
    }
    return result;
  }

  // The integer k with value * 2^k in [1, 2), for 0 < value < 2^128.
  fn normalizingExponent(value: f32) -> f32 {
    let bits = bitcast<u32>(value);
    let biased = (bits >> 23u) & 255u;
    if (biased > 0u) {
      return 127.0 - f32(biased);
    }
    return 118.0 + f32(countLeadingZeros(bits & 0x7fffffu));
  }
`;

/** The shape constants every program bakes in (and puts in its key). */
function constants(n: number, width: number): string {
  return `
    const N = ${n};
    const W = ${width};
  `;
}

/**
 * WGSL reading A (x, or its transpose with `adjoint`) and B: `readX`,
 * `rowLargest` (the largest |entry| of a row of A, -1 where the row has a
 * NaN or an infinity) and `loadedValue`, the working buffer's entry before
 * any step.
 */
function loadFunctions(adjoint: boolean, rhsColumns: number): string {
  const [row, column] = adjoint ? ['j', 'i'] : ['i', 'j'];
  const rhs = rhsColumns > 0 ?
      `return timesPowerOfTwo(rhs[(b * N + i) * ${rhsColumns} + j - N - 4],
                              exponent);` :
      'return 0.0;';
  return `
    fn readX(b: i32, i: i32, j: i32) -> f32 {
      return x[(b * N + ${row}) * N + ${column}];
    }

    fn rowLargest(b: i32, i: i32) -> f32 {
      var largest = 0.0;
      for (var j = 0; j < N; j++) {
        let size = abs(readX(b, i, j));
        if (isnan(size) || isinf(size)) {
          return -1.0;
        }
        largest = max(largest, size);
      }
      return largest;
    }

    // The exponent e that brings a row's largest |entry| into [1, 2); 0 for
    // a row that is zero or not finite: the elimination fails there anyway.
    fn rowExponent(largest: f32) -> f32 {
      return select(0.0, normalizingExponent(largest), largest > 0.0);
    }

    fn loadedValue(b: i32, i: i32, j: i32, exponent: f32, largest: f32)
        -> f32 {
      if (j < N) {
        return timesPowerOfTwo(readX(b, i, j), exponent);
      }
      if (j == N) {
        return f32(i);
      }
      if (j == N + 2) {
        return select(0.0, uniforms.NAN, largest < 0.0);
      }
      if (j < N + 4) {
        return exponent;
      }
      ${rhs}
    }
  `;
}

/**
 * WGSL of one step, over `readA(b, i, j)`: `pivotRow`, the first row
 * i >= column with the largest unscaled |a[i][column]| 2^-e_i (a NaN taken
 * at once, so that it is reported), or -1 where that pivot is zero or not
 * finite; `multiplier`, exactly ±1 where a row's entry is ±pivot; and
 * `isEliminated`, whether a column of the working buffer takes the row
 * operations.
 */
const STEP_FUNCTIONS = `
  // Whether size 2^-exponent > largest 2^-largestExponent, without underflow.
  fn isLarger(size: f32, exponent: f32, largest: f32, largestExponent: f32)
      -> bool {
    let shift = largestExponent - exponent;
    if (shift == 0.0) {
      return size > largest;
    }
    if (shift > 0.0) {
      return timesPowerOfTwo(size, shift) > largest;
    }
    return size > timesPowerOfTwo(largest, -shift);
  }

  fn pivotRow(b: i32, column: i32) -> i32 {
    var p = column;
    var largest = -1.0;
    var largestExponent = 0.0;
    for (var row = column; row < N; row++) {
      let size = abs(readA(b, row, column));
      if (isnan(size)) {
        p = row;
        break;
      }
      let exponent = readA(b, row, N + 1);
      if (largest < 0.0 ||
          isLarger(size, exponent, largest, largestExponent)) {
        largest = size;
        largestExponent = exponent;
        p = row;
      }
    }
    let pivot = readA(b, p, column);
    if (pivot == 0.0 || isnan(pivot) || isinf(pivot)) {
      return -1;
    }
    return p;
  }

  // GPU division need not be exact: a row equal to the pivot row gets
  // exactly 1, so that it cancels to exact zeros.
  fn multiplier(below: f32, pivot: f32) -> f32 {
    if (below == pivot) {
      return 1.0;
    }
    if (below == -pivot) {
      return -1.0;
    }
    return below / pivot;
  }

  fn isEliminated(j: i32) -> bool {
    return j < N || j >= N + 4;
  }
`;

/**
 * WGSL of the whole elimination of matrix b by one invocation, in place in
 * the working buffer `a`: `eliminateMatrix(b)`, the load, then every step,
 * stopping at a failed one (which writes NaN over the matrix and the
 * right-hand sides, and -step into column n).
 */
function smallEliminationFunctions(
    adjoint: boolean, rhsColumns: number): string {
  return `
    ${loadFunctions(adjoint, rhsColumns)}

    fn at(b: i32, i: i32, j: i32) -> i32 {
      return (b * N + i) * W + j;
    }

    fn readA(b: i32, i: i32, j: i32) -> f32 {
      return a[at(b, i, j)];
    }

    ${STEP_FUNCTIONS}

    fn loadMatrix(b: i32) {
      for (var i = 0; i < N; i++) {
        let largest = rowLargest(b, i);
        let exponent = rowExponent(largest);
        for (var j = 0; j < W; j++) {
          a[at(b, i, j)] = loadedValue(b, i, j, exponent, largest);
        }
      }
    }

    fn failAt(b: i32, column: i32) {
      for (var i = 0; i < N; i++) {
        for (var j = 0; j < W; j++) {
          if (isEliminated(j)) {
            a[at(b, i, j)] = uniforms.NAN;
          }
        }
        a[at(b, i, N)] = -f32(column + 1);
      }
    }

    // Swaps rows column and p (the exponents with them), relabels the
    // permutation and records the pivot.
    fn swapRows(b: i32, column: i32, p: i32) {
      for (var j = 0; j < W; j++) {
        if (isEliminated(j) || j == N + 1) {
          let value = a[at(b, column, j)];
          a[at(b, column, j)] = a[at(b, p, j)];
          a[at(b, p, j)] = value;
        }
      }
      for (var i = 0; i < N; i++) {
        let s = i32(a[at(b, i, N)]);
        let relabeled = select(select(s, column, s == p), p, s == column);
        a[at(b, i, N)] = f32(relabeled);
      }
      let pivot = a[at(b, column, column)];
      if (!isnan(a[at(b, column, N + 2)])) {
        a[at(b, column, N + 2)] = select(-pivot, pivot, p == column);
      }
    }

    fn eliminate(b: i32, column: i32) {
      let pivot = a[at(b, column, column)];
      for (var i = 0; i < N; i++) {
        if (i == column) {
          continue;
        }
        let l = multiplier(a[at(b, i, column)], pivot);
        for (var j = 0; j < W; j++) {
          if (isEliminated(j)) {
            let pivotRowValue = select(a[at(b, column, j)], 1.0, j == column);
            let value = select(a[at(b, i, j)], 0.0, j == column);
            a[at(b, i, j)] = value - l * pivotRowValue;
          }
        }
      }
      for (var j = 0; j < W; j++) {
        if (isEliminated(j)) {
          let pivotRowValue = select(a[at(b, column, j)], 1.0, j == column);
          a[at(b, column, j)] = pivotRowValue / pivot;
        }
      }
    }

    fn eliminateMatrix(b: i32) {
      loadMatrix(b);
      for (var column = 0; column < N; column++) {
        let p = pivotRow(b, column);
        if (p < 0) {
          failAt(b, column);
          return;
        }
        swapRows(b, column, p);
        eliminate(b, column);
      }
    }
  `;
}

/**
 * What a kernel puts out per matrix from the eliminated working buffer `a`
 * [batch, n, n + 4 + k]: every output of matrix b from one invocation,
 * `writeOutputs(b)`, in one dispatch (multi_output_dispatch.ts). For
 * n <= SMALL_ELIMINATION_MAX_N the same invocation first eliminates its
 * matrix (from x, and rhs with right-hand sides) into `a`, bound as the
 * first output, a scratch buffer that the caller disposes: the kernel is
 * then one dispatch. Beyond, `a` is an input, eliminated by the 2n + 2
 * dispatches before (elimination.ts).
 */
export abstract class EliminationOutputsProgram implements MultiOutputProgram {
  /** Whether the program eliminates the matrices itself. */
  readonly eliminates: boolean;
  outputs: ProgramOutput[];
  variableNames: string[];
  invocations: number;
  shaderKey: string;
  pipeline?: WebGPUPipelineLike;
  dispatch?: [number, number, number];
  protected readonly width: number;

  /**
   * `outputs` are the kernel's; `readsX`, whether writeOutputs() reads x,
   * an input of the program that eliminates anyway.
   */
  constructor(
      batch: number, protected readonly n: number, readonly adjoint: boolean,
      protected readonly rhsColumns: number, outputs: ProgramOutput[],
      readonly readsX: boolean, name: string) {
    this.eliminates = n <= SMALL_ELIMINATION_MAX_N;
    this.width = n + 4 + rhsColumns;
    const workingBuffer: ProgramOutput = {
      name: 'a',
      shape: [batch, n, this.width],
      dtype: 'float32'
    };
    if (this.eliminates) {
      this.outputs = [workingBuffer, ...outputs];
      this.variableNames = rhsColumns > 0 ? ['x', 'rhs'] : ['x'];
    } else {
      this.outputs = outputs;
      this.variableNames = readsX ? ['a', 'x'] : ['a'];
    }
    this.invocations = batch;
    this.shaderKey = `${name}_${n}_${adjoint}_${rhsColumns}_${this.eliminates}`;
  }

  getUserCode(): string {
    return `
      ${constants(this.n, this.width)}
      ${POWER_OF_TWO_FUNCTIONS}
      ${
        this.eliminates ?
            smallEliminationFunctions(this.adjoint, this.rhsColumns) :
            ''}
      ${this.getOutputCode()}

      fn main(b: i32) {
        ${this.eliminates ? 'eliminateMatrix(b);' : ''}
        writeOutputs(b);
      }
    `;
  }

  /** WGSL of `writeOutputs(b: i32)`, matrix b's outputs from `a`. */
  protected abstract getOutputCode(): string;
}

/** Per matrix and row i of A, e_i (see loadFunctions' rowExponent). */
export class RowExponentProgram extends FlatProgram {
  constructor(
      batch: number, private readonly n: number,
      private readonly adjoint: boolean) {
    super(['x'], [batch, n], `rowExponent_${n}_${adjoint}`);
  }

  getUserCode(): string {
    return `
      ${constants(this.n, this.n + 4)}
      ${POWER_OF_TWO_FUNCTIONS}
      ${loadFunctions(this.adjoint, 0)}

      fn main(index: i32) {
        if (index < uniforms.outShape.x * N) {
          result[index] = rowExponent(rowLargest(index / N, index % N));
        }
      }
    `;
  }
}

/** The working buffer before any step, one invocation per entry. */
export class EliminationLoadProgram extends FlatProgram {
  constructor(
      batch: number, private readonly n: number,
      private readonly adjoint: boolean, private readonly rhsColumns = 0) {
    super(
        rhsColumns > 0 ? ['x', 'rowExponents', 'rhs'] : ['x', 'rowExponents'],
        [batch, n, n + 4 + rhsColumns],
        `eliminationLoad_${n}_${adjoint}_${rhsColumns}`);
  }

  getUserCode(): string {
    return `
      ${constants(this.n, this.n + 4 + this.rhsColumns)}
      ${POWER_OF_TWO_FUNCTIONS}
      ${loadFunctions(this.adjoint, this.rhsColumns)}

      fn main(index: i32) {
        if (index >= uniforms.outShape.x * N * W) {
          return;
        }
        let b = index / (N * W);
        let i = (index / W) % N;
        let j = index % W;
        let largest = select(0.0, rowLargest(b, i), j == N + 2);
        result[index] =
            loadedValue(b, i, j, rowExponents[b * N + i], largest);
      }
    `;
  }
}

/** The pivot column of a step, in a uniform: one pipeline for every step. */
const COLUMN_UNIFORM = 'column : i32,';

/** Per matrix, the pivot row of step `column`, or -1 (STEP_FUNCTIONS). */
export class PivotRowProgram extends FlatProgram {
  uniforms = COLUMN_UNIFORM;

  constructor(
      batch: number, private readonly n: number,
      private readonly width: number) {
    super(['a'], [batch], `pivotRow_${n}_${width}`);
  }

  getUserCode(): string {
    return `
      ${constants(this.n, this.width)}
      ${POWER_OF_TWO_FUNCTIONS}

      fn readA(b: i32, i: i32, j: i32) -> f32 {
        return a[(b * N + i) * W + j];
      }

      ${STEP_FUNCTIONS}

      fn main(b: i32) {
        if (b < uniforms.outShape) {
          result[b] = pivotRow(b, uniforms.column);
        }
      }
    `;
  }
}

/**
 * Step `column` of the elimination, one invocation per entry: the
 * smallEliminationFunctions' swapRows() and eliminate() (or failAt()), with the
 * swap folded into the reads. Each entry depends only on its row's values
 * and the pivot row's, so equal rows stay bit-identical.
 */
export class EliminationStepProgram extends FlatProgram {
  uniforms = COLUMN_UNIFORM;

  constructor(
      batch: number, private readonly n: number,
      private readonly width: number) {
    super(
        ['a', 'pivotRows'], [batch, n, width], `eliminationStep_${n}_${width}`);
  }

  getUserCode(): string {
    return `
      ${constants(this.n, this.width)}
      ${POWER_OF_TWO_FUNCTIONS}

      fn readA(b: i32, i: i32, j: i32) -> f32 {
        return a[(b * N + i) * W + j];
      }

      ${STEP_FUNCTIONS}

      fn stepValue(b: i32, i: i32, j: i32) -> f32 {
        let column = uniforms.column;
        let p = pivotRows[b];
        if (j == N + 3) {
          return readA(b, i, j);
        }
        if (j == N + 2) {
          let recorded = readA(b, i, j);
          if (i != column || p < 0 || isnan(recorded)) {
            return recorded;
          }
          let pivot = readA(b, p, column);
          return select(-pivot, pivot, p == column);
        }
        if (j == N + 1) {
          let swapped = p >= 0 && (i == column || i == p);
          return readA(b, select(i, column + p - i, swapped), j);
        }
        if (j == N) {
          let source = readA(b, i, j);
          if (source < 0.0) {
            return source;
          }
          if (p < 0) {
            return -f32(column + 1);
          }
          let s = i32(source);
          return f32(select(select(s, column, s == p), p, s == column));
        }
        if (p < 0) {
          return uniforms.NAN;
        }
        let pivot = readA(b, p, column);
        let pivotRowValue = select(readA(b, p, j), 1.0, j == column);
        if (i == column) {
          return pivotRowValue / pivot;
        }
        let source = select(i, column, i == p);
        let value = select(readA(b, source, j), 0.0, j == column);
        return value - multiplier(readA(b, source, column), pivot) *
            pivotRowValue;
      }

      fn main(index: i32) {
        if (index < uniforms.outShape.x * N * W) {
          result[index] =
              stepValue(index / (N * W), (index / W) % N, index % W);
        }
      }
    `;
  }
}

/** WGSL of LAPACK's info for matrix b: the 1-based failed step, or 0. */
export const PIVOT_INFO_FUNCTION = `
  fn pivotInfo(b: i32) -> i32 {
    let source = a[b * N * W + N];
    return select(0, i32(-source), source < 0.0);
  }
`;
