/**
 * Shader programs of the webgl MatrixInverse kernel: Gauss-Jordan elimination
 * with partial pivoting, one pivot column per step, every matrix of the batch
 * at once.
 *
 * The working texture has shape [batch, n, n + 1]:
 * - columns 0..n-1: the matrix, inverted in place. After step j, columns 0..j
 *   hold columns of the inverse of the row-swapped matrix.
 * - column n, row c: the column of the working matrix that becomes column c of
 *   the inverse, that is the row swaps so far composed; or -k in every row
 *   once step k (1-based) found no usable pivot.
 * Indices are small integers, exact in a float texture.
 */

/**
 * The fields of tfjs-backend-webgl's GPGPUProgram that these programs use.
 * Declared here instead of imported: the backend reads programs by their
 * fields, and this package must not depend on tfjs-backend-webgl, not even in
 * its published types.
 */
export interface GPGPUProgramLike {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  customUniforms?: Array<{name: string, type: 'int'}>;
}

/**
 * The pivot column of the step. A uniform, not a constant, so that one
 * compiled shader serves every step.
 */
const COLUMN_UNIFORM = [{name: 'column', type: 'int' as const}];

/**
 * Copies x into the working layout, transposed for `adjoint`, with the
 * identity permutation. The passes after it then see one texture layout
 * whatever layout x came in (packed, sliced, a uniform).
 */
export class MatrixInverseLoadProgram implements GPGPUProgramLike {
  variableNames = ['x'];
  outputShape: number[];
  userCode: string;

  constructor(batch: number, n: number, adjoint: boolean) {
    this.outputShape = [batch, n, n + 1];
    const [row, col] = adjoint ? ['c.z', 'c.y'] : ['c.y', 'c.z'];
    this.userCode = `
      void main() {
        ivec3 c = getOutputCoords();
        setOutput(c.z == ${n} ? float(c.y) : getX(c.x, ${row}, ${col}));
      }
    `;
  }
}

/**
 * Per matrix, the pivot row of step `column`: the first row i >= column with
 * the largest |a[i][column]|, as LAPACK chooses it, except that a NaN is taken
 * at once so that it is reported. -1 where that pivot is zero or not finite.
 * A pass of its own, one fragment per matrix: folded into the elimination
 * pass, this loop would hold up every fragment that shares a SIMD group with
 * it.
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
      void main() {
        int b = getOutputCoords();
        int pivotRow = column;
        float largest = -1.0;
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
          if (size > largest) {
            largest = size;
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
 * Step `column` of the in-place Gauss-Jordan inversion. With s the matrix
 * after swapping row `column` with the pivot row p (the swap is folded into
 * the reads): column `column` of s is replaced by the identity's, the pivot
 * row is divided by the pivot, and s[i][column] / pivot times the pivot row is
 * subtracted from every other row i. The swap joins the permutation column. A
 * matrix without a usable pivot becomes NaN and records the failed step.
 */
export class EliminationProgram implements GPGPUProgramLike {
  variableNames = ['a', 'pivotRows'];
  outputShape: number[];
  userCode: string;
  customUniforms = COLUMN_UNIFORM;

  constructor(batch: number, n: number) {
    this.outputShape = [batch, n, n + 1];
    this.userCode = `
      void main() {
        ivec3 c = getOutputCoords();
        int b = c.x;
        int i = c.y;
        int k = c.z;
        float pivotRowOrFailed = getPivotRows(b);
        int p = int(pivotRowOrFailed);
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
        float scale = 1.0 / getA(b, p, column);
        float pivotRowValue = k == column ? 1.0 : getA(b, p, k);
        if (i == column) {
          setOutput(pivotRowValue * scale);
          return;
        }
        int source = i == p ? column : i;
        float value = k == column ? 0.0 : getA(b, source, k);
        setOutput(value - getA(b, source, column) * scale * pivotRowValue);
      }
    `;
  }
}

/**
 * The inverse of x from the eliminated matrix: the row swaps of the
 * elimination become column swaps of the inverse. NaN for every matrix with a
 * failed step.
 */
export class UndoPivotingProgram implements GPGPUProgramLike {
  variableNames = ['a'];
  outputShape: number[];
  userCode: string;

  constructor(batch: number, n: number) {
    this.outputShape = [batch, n, n];
    this.userCode = `
      void main() {
        ivec3 c = getOutputCoords();
        float source = getA(c.x, c.z, ${n});
        setOutput(source < 0.0 ? NAN : getA(c.x, c.y, int(source)));
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
