import type {NamedAttrMap, TensorInfo} from '@tensorflow/tfjs-core';

/**
 * The kernel has TensorFlow's op name and attribute, so tfjs-node can hand it
 * to TensorFlow's own kernel and converted graph models map onto it.
 */
export const MatrixInverse = 'MatrixInverse';

export type MatrixInverseInputs = {
  x: TensorInfo
};

export interface MatrixInverseAttrs extends NamedAttrMap {
  /** Invert the (conjugate) transpose of each matrix instead. */
  adjoint: boolean;
}

/**
 * Every backend returns three outputs: the float32 inverse (NaN for singular
 * matrices); an int32 `info` of the batch shape, LAPACK getrf style: 0 when
 * inverted, k > 0 when the k-th pivot was zero or not finite; and a float32
 * `rcond` of the batch shape, 1 / (|A|_1 |A^-1|_1) of the matrix inverted
 * computed from the inverse returned, 0 where info > 0.
 */
export type MatrixInverseOutputs =
    [inverse: TensorInfo, info: TensorInfo, rcond: TensorInfo];

/**
 * The fused gradient of MatrixInverse, dX = -Y^T dY Y^T (adjoint:
 * -Y dY^T Y), for backends where two matMuls are slow. TensorFlow has no
 * such op; backends without this kernel use matMul.
 */
export const MatrixInverseGrad = 'MatrixInverseGrad';

export type MatrixInverseGradInputs = {
  y: TensorInfo,
  dy: TensorInfo
};

export type MatrixInverseGradAttrs = MatrixInverseAttrs;

/**
 * Solves a x = b for each system (a^T x = b with `adjoint`), TensorFlow's
 * `MatrixSolve`. `a` is [...batch, n, n] and `b` [...batch, n, k] with the
 * same batch shape: the op broadcasts the batch dimensions before the
 * kernel, as TensorFlow's `MatrixSolve` wants them equal.
 */
export const MatrixSolve = 'MatrixSolve';

export type MatrixSolveInputs = {
  matrix: TensorInfo,
  rhs: TensorInfo
};

export interface MatrixSolveAttrs extends NamedAttrMap {
  /** Solve with the (conjugate) transpose of each matrix instead. */
  adjoint: boolean;
}

/**
 * The float32 solution [...batch, n, k], all NaN for a system whose matrix
 * met a zero or non-finite pivot, and `info` as MatrixInverse's: int32
 * [...batch], 0 when solved, else the 1-based step of that pivot.
 */
export type MatrixSolveOutputs = [solution: TensorInfo, info: TensorInfo];

/**
 * det(x) of each matrix of [...batch, n, n], TensorFlow's
 * `MatrixDeterminant`: float32 [...batch]; exactly 0 where the elimination
 * met a zero pivot, NaN where x has a non-finite entry.
 */
export const MatrixDeterminant = 'MatrixDeterminant';

export type MatrixDeterminantInputs = {
  input: TensorInfo
};

/**
 * sign(det x) and log|det x| of each matrix of [...batch, n, n], TensorFlow's
 * `LogMatrixDeterminant`: both float32 [...batch]. Where the elimination met
 * a zero pivot, sign 0 and log|det| -Infinity; where x has a non-finite
 * entry, both NaN.
 */
export const LogMatrixDeterminant = 'LogMatrixDeterminant';

export type LogMatrixDeterminantInputs = MatrixDeterminantInputs;

export type LogMatrixDeterminantOutputs =
    [sign: TensorInfo, logAbsDeterminant: TensorInfo];
