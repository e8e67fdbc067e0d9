import {clone, customGrad, GradSaveFunc, Tensor, tidy, zeros} from '@tensorflow/tfjs-core';

/**
 * Computes the gradient of an op's output from upstream `dy`, the op's saved
 * inputs and its output, that output differentiable again.
 */
export type GradientOf = (dy: Tensor, inputs: Tensor[], output: Tensor) =>
    Tensor[];

/**
 * Returns `output`, already computed from `inputs` by a kernel, as a
 * function of `inputs` with the gradient `gradient`.
 *
 * tfjs saves tensors for the backward pass by cloning them. The clones of
 * the inputs are recorded on the tape as functions of the inputs, but a clone
 * of the output taken inside the forward pass is not. So the backward pass
 * attaches the gradient again to the saved output: the gradient of the
 * gradient then sees how the output depends on the inputs, and nothing is
 * computed twice.
 */
export function withGradient(
    inputs: Tensor[], output: Tensor, gradient: GradientOf): Tensor {
  // customGrad types its arguments loosely: (...inputs, save: GradSaveFunc).
  const attached = customGrad((...args: Array<Tensor|GradSaveFunc>) => {
    const save = args[args.length - 1] as GradSaveFunc;
    const value = clone(output);
    save([...args.slice(0, -1) as Tensor[], value]);
    return {
      value,
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const savedInputs = saved.slice(0, -1);
        const savedOutput =
            withGradient(savedInputs, saved[saved.length - 1], gradient);
        return gradient(dy, savedInputs, savedOutput);
      },
    };
  });
  return attached(...inputs);
}

/**
 * fn(...inputs) as a constant of the tape: a mask or a scale that a
 * gradient is built with but does not flow through. Inside, nothing is
 * recorded, so comparisons and logical ops (which have no gradient in tfjs)
 * can make it.
 */
export function withZeroGradient(
    inputs: Tensor[], fn: (...inputs: Tensor[]) => Tensor): Tensor {
  const constant = customGrad((...args: Array<Tensor|GradSaveFunc>) => {
    const xs = args.slice(0, -1) as Tensor[];
    return {
      value: tidy(() => fn(...xs)),
      // float32 whatever the input's dtype, as the tape wants gradients.
      gradFunc: () => xs.map(x => zeros(x.shape)),
    };
  });
  return constant(...inputs);
}
