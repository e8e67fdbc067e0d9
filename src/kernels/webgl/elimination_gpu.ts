/**
 * Shader programs of the one webgl elimination that MatrixInverse,
 * MatrixSolve, MatrixDeterminant and LogMatrixDeterminant run: Gauss-Jordan
 * elimination with partial pivoting, one pivot column per step, every matrix
 * of the batch at once, with k right-hand sides carried along for a solve.
 *
 * Each row i of the matrix A is first scaled by an exact power of two 2^e_i
 * that brings its largest |entry| into [1, 2): A' = R A with R = diag(2^e_i).
 * float32 then neither overflows nor loses precision to subnormals for
 * entries near 1e38 or 1e-38, nor for rows of very different scales, where
 * the elimination's multipliers a[i][j] / pivot would otherwise leave
 * float32's range. Each row of the elimination stays 2^e_i times the row the
 * unscaled elimination has, rounding included, and pivots are chosen by the
 * unscaled magnitudes, as LAPACK chooses them: where the unscaled elimination
 * stays in float32's range, the result is the same. The scalings are exact
 * and equal rows stay equal. What each kernel makes of R:
 * - the inverse of A' is Y' = Y R^-1, so Y = Y' R;
 * - A' X = R B has the solution of A X = B: row i of B is scaled by 2^e_i too;
 * - det(A) = det(A') / det(R) = det(A') 2^-(e_0 + ... + e_n-1).
 *
 * GPUs may flush subnormal float32 values to zero in arithmetic (SwiftShader
 * does, on the way in and out): a subnormal entry of x then counts as 0.
 *
 * The working texture has shape [batch, n, n + 3 + k]:
 * - columns 0..n-1: the scaled matrix, inverted in place. After step j,
 *   columns 0..j hold columns of the inverse of the row-swapped matrix.
 * - column n, row c: the column of the working matrix that becomes column c of
 *   the inverse, that is the row swaps so far composed; or -k in every row
 *   once step k (1-based) found no usable pivot.
 * - column n + 1: the exponent e_i of the row of A now at this position,
 *   which moves with the row swaps, for the pivot search.
 * - column n + 2, row j: the pivot of step j (of the scaled matrix, before it
 *   divided its row), negated where the step swapped two rows, so that the
 *   column's product is det(A'); 0 where step j found no usable pivot or
 *   did not run. NaN, for good, in row i where row i of A has a NaN or an
 *   infinity: the elimination may stop at a zero pivot before such an entry
 *   reaches a pivot, and a determinant must still come out NaN.
 * - columns n + 3..n + 2 + k: the right-hand sides R B, carried through the
 *   same row operations; they end as the solution X.
 * Indices and exponents are small integers, exact in a float texture.
 */

import {GPGPUProgramLike} from '../backend_types';

/**
 * The pivot column of the step. A uniform, not a constant, so that one
 * compiled shader serves every step.
 */
const COLUMN_UNIFORM = [{name: 'column', type: 'int' as const}];

/**
 * GLSL for exact scaling by powers of two. Each factor is written as float32
 * bits (WebGL2) or made by squaring 2 or 0.5 (WebGL1), and exponents come
 * from comparisons, never from exp2, pow or log2: those need not be exact on
 * a GPU. Exponents are integers held in floats.
 */
export const POWER_OF_TWO_FUNCTIONS = `
  #if __VERSION__ >= 300
  // 2^e for an integer e with |e| <= 126: written as float32 bits.
  float powerOfTwo(float e) {
    return uintBitsToFloat(uint(int(e) + 127) << 23);
  }
  #else
  // 2^e for an integer e with |e| <= 127, from the bits of |e| (WebGL1 has
  // no bit casts).
  float powerOfTwo(float e) {
    float base = e < 0.0 ? 0.5 : 2.0;
    float remaining = abs(e);
    float factor = 1.0;
    for (int i = 0; i < 7; i++) {
      if (remaining == 0.0) {
        break;
      }
      float halved = floor(remaining * 0.5);
      if (remaining > 2.0 * halved) {
        factor *= base;
      }
      if (i < 6) {
        base *= base;
      }
      remaining = halved;
    }
    return factor;
  }
  #endif

  // value * 2^e for an integer e with |e| <= 320: one product where 2^e is
  // a normal float32, else factors of at most 2^64. Exact unless the result
  // over- or underflows.
  float timesPowerOfTwo(float value, float e) {
    if (e >= -126.0 && e <= 127.0) {
      return value * powerOfTwo(e);
    }
    for (int i = 0; i < 5; i++) {
      if (e == 0.0) {
        break;
      }
      float step = clamp(e, -64.0, 64.0);
      value *= powerOfTwo(step);
      e -= step;
    }
    return value;
  }

  // The integer k with value * 2^k in [1, 2), for 2^-149 <= value < 2^128:
  // k <= 0 while value >= 2, then k >= 0 while value < 1, largest step
  // first (2^64 twice upwards, for subnormals).
  float normalizingExponent(float value) {
    #if __VERSION__ >= 300
    // A normal number's exponent is in its bits.
    float biased = float((floatBitsToUint(value) >> 23) & 255u);
    if (biased > 0.0) {
      return 127.0 - biased;
    }
    #endif
    float k = 0.0;
    for (int i = 0; i < 7; i++) {
      float step = powerOfTwo(float(6 - i));
      if (value >= powerOfTwo(step)) {
        value *= powerOfTwo(-step);
        k -= step;
      }
    }
    for (int i = 0; i < 8; i++) {
      float step = powerOfTwo(min(6.0, float(7 - i)));
      if (value < 2.0 * powerOfTwo(-step)) {
        value *= powerOfTwo(step);
        k += step;
      }
    }
    return k;
  }
`;

/**
 * GLSL: the largest |entry| of row `row` of matrix b of A (x, or its
 * transpose with `adjoint`), or -1 where the row holds a NaN or an infinity.
 */
function rowLargestFunction(n: number, adjoint: boolean): string {
  const [row, col] = adjoint ? ['k', 'row'] : ['row', 'k'];
  return `
    float rowLargest(int b, int row) {
      float largest = 0.0;
      for (int k = 0; k < ${n}; k++) {
        float size = abs(getX(b, ${row}, ${col}));
        if (isnan(size) || isinf(size)) {
          return -1.0;
        }
        largest = max(largest, size);
      }
      return largest;
    }
  `;
}

/**
 * Per matrix and row i of A, the exponent e_i that brings the row's largest
 * |entry| into [1, 2); 0 for a row that is zero or holds a NaN or an
 * infinity: such a matrix fails at a pivot anyway, and a NaN or infinity must
 * reach it.
 */
export class RowExponentProgram implements GPGPUProgramLike {
  variableNames = ['x'];
  outputShape: number[];
  userCode: string;

  constructor(batch: number, n: number, adjoint: boolean) {
    this.outputShape = [batch, n];
    this.userCode = `
      ${POWER_OF_TWO_FUNCTIONS}
      ${rowLargestFunction(n, adjoint)}

      void main() {
        ivec2 c = getOutputCoords();
        float largest = rowLargest(c.x, c.y);
        setOutput(largest > 0.0 ? normalizingExponent(largest) : 0.0);
      }
    `;
  }
}

/**
 * Copies A (x, transposed for `adjoint`) and, for a solve, the k right-hand
 * sides into the working layout, each row scaled by its power of two, with
 * the identity permutation, the rows' exponents and the non-finite rows
 * marked. The passes after it then see one texture layout whatever layout
 * x came in (packed, sliced, a uniform).
 */
export class EliminationLoadProgram implements GPGPUProgramLike {
  variableNames = ['x', 'rowExponents'];
  outputShape: number[];
  userCode: string;

  constructor(batch: number, n: number, adjoint: boolean, rhsColumns = 0) {
    this.outputShape = [batch, n, n + 3 + rhsColumns];
    const [row, col] = adjoint ? ['c.z', 'c.y'] : ['c.y', 'c.z'];
    if (rhsColumns > 0) {
      this.variableNames.push('rhs');
    }
    const loadRhs = rhsColumns > 0 ? `
        if (c.z >= ${n + 3}) {
          setOutput(
              timesPowerOfTwo(getRhs(c.x, c.y, c.z - ${n + 3}), exponent));
          return;
        }` :
                                     '';
    this.userCode = `
      ${POWER_OF_TWO_FUNCTIONS}
      ${rowLargestFunction(n, adjoint)}

      void main() {
        ivec3 c = getOutputCoords();
        float exponent = getRowExponents(c.x, c.y);
        ${loadRhs}
        if (c.z == ${n + 2}) {
          setOutput(rowLargest(c.x, c.y) < 0.0 ? NAN : 0.0);
          return;
        }
        if (c.z >= ${n}) {
          bool permutation = c.z == ${n};
          setOutput(permutation ? float(c.y) : exponent);
          return;
        }
        setOutput(timesPowerOfTwo(getX(c.x, ${row}, ${col}), exponent));
      }
    `;
  }
}

/**
 * Per matrix, the pivot row of step `column`: the first row i >= column with
 * the largest unscaled |a[i][column]| 2^-e_i, as LAPACK chooses it, except
 * that a NaN is taken at once so that it is reported. -1 where that pivot is
 * zero or not finite. Two candidates are compared by scaling up the one with
 * the smaller exponent, so that no comparison underflows. A pass of its own,
 * one fragment per matrix: folded into the elimination pass, this loop would
 * hold up every fragment that shares a SIMD group with it.
 */
export class PivotRowProgram implements GPGPUProgramLike {
  variableNames = ['a'];
  outputShape: number[];
  userCode: string;
  customUniforms = COLUMN_UNIFORM;

  constructor(batch: number, n: number) {
    this.outputShape = [batch];
    // WebGL1 loops need a constant bound: count rows from `column` and stop
    // after the last one.
    this.userCode = `
      ${POWER_OF_TWO_FUNCTIONS}

      // Whether size 2^-exponent > largest 2^-largestExponent.
      bool isLarger(
          float size, float exponent, float largest, float largestExponent) {
        float shift = largestExponent - exponent;
        if (shift == 0.0) {
          return size > largest;
        }
        return shift > 0.0 ? timesPowerOfTwo(size, shift) > largest :
                             size > timesPowerOfTwo(largest, -shift);
      }

      void main() {
        int b = getOutputCoords();
        int pivotRow = column;
        float largest = -1.0;
        float largestExponent = 0.0;
        for (int offset = 0; offset < ${n}; offset++) {
          int row = column + offset;
          if (row >= ${n}) {
            break;
          }
          float size = abs(getA(b, row, column));
          if (isnan(size)) {
            pivotRow = row;
            break;
          }
          float exponent = getA(b, row, ${n + 1});
          if (largest < 0.0 ||
              isLarger(size, exponent, largest, largestExponent)) {
            largest = size;
            largestExponent = exponent;
            pivotRow = row;
          }
        }
        float pivot = getA(b, pivotRow, column);
        bool usable = pivot != 0.0 && !isnan(pivot) && !isinf(pivot);
        setOutput(usable ? float(pivotRow) : -1.0);
      }
    `;
  }
}

/**
 * Step `column` of the in-place Gauss-Jordan elimination. With s the matrix
 * after swapping row `column` with the pivot row p (the swap is folded into
 * the reads): column `column` of s is replaced by the identity's, the pivot
 * row is divided by the pivot, and l_i times the undivided pivot row is
 * subtracted from every other row i, l_i = s[i][column] / pivot; the
 * right-hand sides take the same row operations. The swap joins the
 * permutation column and moves the rows' exponents, and the pivot is
 * recorded. A matrix without a usable pivot becomes NaN and records the
 * failed step.
 *
 * A row equal to the pivot row must cancel to exact zeros, or a singular
 * matrix would be inverted into rounding noise. GPU division need not be
 * exact (a / a may differ from 1, a / b may be a * (1 / b)), so l_i is exactly
 * ±1 where s[i][column] is ±pivot, and the rest of the row is never divided:
 * equal rows then subtract equal values. Each fragment's result depends only
 * on its row's values, so rows that are equal stay bit-identical until one of
 * them is the pivot row. There is no shortcut for l_i = 0: 0 * NaN must stay
 * NaN, so that a non-finite entry reaches a pivot and is reported.
 */
export class EliminationProgram implements GPGPUProgramLike {
  variableNames = ['a', 'pivotRows'];
  outputShape: number[];
  userCode: string;
  customUniforms = COLUMN_UNIFORM;

  constructor(batch: number, n: number, rhsColumns = 0) {
    this.outputShape = [batch, n, n + 3 + rhsColumns];
    this.userCode = `
      void main() {
        ivec3 c = getOutputCoords();
        int b = c.x;
        int i = c.y;
        int k = c.z;
        float pivotRowOrFailed = getPivotRows(b);
        int p = int(pivotRowOrFailed);
        if (k == ${n + 2}) {
          float recorded = getA(b, i, k);
          bool pivoted =
              i == column && pivotRowOrFailed >= 0.0 && !isnan(recorded);
          float pivot = pivoted ? getA(b, p, column) : 0.0;
          setOutput(pivoted ? (p == column ? pivot : -pivot) : recorded);
          return;
        }
        if (k == ${n + 1}) {
          bool swapped = pivotRowOrFailed >= 0.0 && (i == column || i == p);
          setOutput(getA(b, swapped ? column + p - i : i, k));
          return;
        }
        if (k == ${n}) {
          float source = getA(b, i, k);
          if (source < 0.0) {
            setOutput(source);
          } else if (pivotRowOrFailed < 0.0) {
            setOutput(-float(column + 1));
          } else {
            int s = int(source);
            setOutput(float(s == column ? p : s == p ? column : s));
          }
          return;
        }
        if (pivotRowOrFailed < 0.0) {
          setOutput(NAN);
          return;
        }
        float pivot = getA(b, p, column);
        float pivotRowValue = k == column ? 1.0 : getA(b, p, k);
        if (i == column) {
          setOutput(pivotRowValue / pivot);
          return;
        }
        int source = i == p ? column : i;
        float value = k == column ? 0.0 : getA(b, source, k);
        float below = getA(b, source, column);
        float multiplier = below == pivot ? 1.0 :
            below == -pivot ? -1.0 : below / pivot;
        setOutput(value - multiplier * pivotRowValue);
      }
    `;
  }
}

/** LAPACK's info per matrix: the 1-based failed step, or 0. */
export class PivotInfoProgram implements GPGPUProgramLike {
  variableNames = ['a'];
  outputShape: number[];
  userCode: string;

  constructor(batch: number, n: number) {
    this.outputShape = [batch];
    this.userCode = `
      void main() {
        float source = getA(getOutputCoords(), 0, ${n});
        setOutput(source < 0.0 ? -source : 0.0);
      }
    `;
  }
}
