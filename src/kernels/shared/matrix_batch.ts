import type {TensorInfo} from '@tensorflow/tfjs-core';
import {util} from '@tensorflow/tfjs-core';

/**
 * What a kernel reads off the shape of a [...batch, n, n] input (or of
 * [...batch, n, k] right-hand sides): the batch dimensions (the shape of
 * info, rcond and the determinants), the number of matrices, and n.
 */
export function batchOf(x: TensorInfo):
    {batchShape: number[], batch: number, n: number} {
  const batchShape = x.shape.slice(0, -2);
  return {
    batchShape,
    batch: util.sizeFromShape(batchShape),
    n: x.shape[x.shape.length - 2]
  };
}
