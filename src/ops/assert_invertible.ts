import {Tensor, TypedArray} from '@tensorflow/tfjs-core';

/**
 * Throws an error naming the batch indices of the singular matrices that
 * `info` (from `matrixInverseEx`) reports, and does nothing when there are
 * none. Reads `info` from the backend, so await it outside the hot loop.
 *
 * ```js
 * const {inverse, info} = matrixInverseEx(x);
 * await assertInvertible(info);
 * ```
 */
export async function assertInvertible(info: Tensor): Promise<void> {
  throwIfSingular(info.shape, await info.data() as TypedArray);
}

/** The synchronous form of `assertInvertible`, for the cpu backend. */
export function assertInvertibleSync(info: Tensor): void {
  throwIfSingular(info.shape, info.dataSync() as TypedArray);
}

function throwIfSingular(batchShape: number[], info: TypedArray) {
  const singular: string[] = [];
  info.forEach((step, flatIndex) => {
    if (step !== 0) {
      singular.push(
          `[${unravelIndex(flatIndex, batchShape)}] (pivot ${step} was zero ` +
          `or not finite)`);
    }
  });
  if (singular.length > 0) {
    throw new Error(
        `matrixInverse: ${singular.length} of ${info.length} matrices are ` +
        `singular, at batch indices ${singular.join(', ')}.`);
  }
}

function unravelIndex(flatIndex: number, shape: number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    index[d] = flatIndex % shape[d];
    flatIndex = Math.floor(flatIndex / shape[d]);
  }
  return index;
}
