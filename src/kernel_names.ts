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
