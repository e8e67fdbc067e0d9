/**
 * The input checks every op of the package shares: a float32 tensor of
 * square matrices from a Tensor or TensorLike, and the options object. Each
 * error names the op, what it got and what it wants.
 */
import {cast, Tensor, tensor, TensorLike} from '@tensorflow/tfjs-core';

/**
 * Converts `x` (argument `argName` of `opName`) to a float32 tensor of shape
 * [..., n, n]. int32 is cast; other dtypes, other shapes, disposed tensors
 * and malformed nested arrays are rejected.
 */
export function convertToSquareMatrices(
    x: Tensor|TensorLike, argName: string, opName: string): Tensor {
  const $x = convertToFloatTensor(x, argName, opName);
  const shape = $x.shape;
  if (shape.length < 2 || shape[shape.length - 1] !== shape[shape.length - 2]) {
    throw new Error(
        `${opName}: ${argName} must have shape [..., n, n] (square ` +
        `matrices, rank >= 2), but got shape [${shape}].`);
  }
  return $x;
}

/** A float32 tensor from `x`; int32 is cast, other dtypes are rejected. */
export function convertToFloatTensor(
    x: Tensor|TensorLike, argName: string, opName: string): Tensor {
  const $x = x instanceof Tensor ? checkNotDisposed(x, argName, opName) :
                                   tensorFromLike(x, argName, opName);
  if ($x.dtype !== 'float32' && $x.dtype !== 'int32') {
    throw new Error(
        `${opName}: ${argName} must have dtype float32 (int32 is cast to ` +
        `float32), but got ${$x.dtype}.`);
  }
  return $x.dtype === 'int32' ? cast($x, 'float32') : $x;
}

/**
 * The `adjoint` option. TypeScript callers are held to the types already;
 * JavaScript callers get an error rather than a truthy string silently
 * taken as false.
 */
export function readAdjoint(options: unknown, opName: string): boolean {
  if (options === undefined) {
    return false;
  }
  if (options === null || typeof options !== 'object' ||
      Array.isArray(options)) {
    throw new Error(
        `${opName}: options must be an object such as {adjoint: true}, but ` +
        `got ${describeValue(options)}.`);
  }
  const {adjoint} = options as {adjoint?: unknown};
  if (adjoint !== undefined && typeof adjoint !== 'boolean') {
    throw new Error(
        `${opName}: options.adjoint must be true or false, but got ` +
        `${describeValue(adjoint)}.`);
  }
  return adjoint === true;
}

function checkNotDisposed(x: Tensor, argName: string, opName: string): Tensor {
  if (x.isDisposed) {
    throw new Error(
        `${opName}: ${argName} must be a live Tensor, but got a disposed ` +
        `Tensor of shape [${x.shape}] (it was disposed before the call, ` +
        `perhaps by tf.tidy or tf.dispose).`);
  }
  return x;
}

function tensorFromLike(
    x: TensorLike, argName: string, opName: string): Tensor {
  const wanted = `${opName}: ${argName} must be a Tensor or TensorLike ` +
      `(nested arrays of numbers with a consistent shape, or a TypedArray)`;
  if (x === null || x === undefined ||
      (typeof x === 'object' && !Array.isArray(x) && !ArrayBuffer.isView(x))) {
    throw new Error(`${wanted}, but got ${describeValue(x)}.`);
  }
  const problem = findNestedArrayProblem(x, argName);
  if (problem != null) {
    throw new Error(`${wanted}, but ${problem}.`);
  }
  return tensor(x);
}

/**
 * tfjs's tensor() reads a nested array's shape from its first elements and
 * its dtype from its first leaf, and does not look further: a ragged array
 * or a null inside would become a tensor of wrong values. Returns what is
 * wrong with `x`, or null.
 */
function findNestedArrayProblem(x: TensorLike, name: string): string|null {
  const shape: number[] = [];
  let first: unknown = x;
  while (isArrayLike(first)) {
    shape.push(first.length);
    first = first.length > 0 ? first[0] : undefined;
  }
  const leafType = typeof first;
  const walk = (value: unknown, depth: number, path: string): string|null => {
    if (depth === shape.length) {
      return typeof value === leafType ?
          null :
          `${name}${path} is ${describeValue(value)} where ` +
              `${name}${'[0]'.repeat(depth)} is ${describeValue(first)}`;
    }
    if (!isArrayLike(value) || value.length !== shape[depth]) {
      return `it is ragged: ${name}${path} is ${describeValue(value)} ` +
          `where ${name}${'[0]'.repeat(depth)} has length ${shape[depth]}`;
    }
    for (let i = 0; i < value.length; i++) {
      const problem = walk(value[i], depth + 1, `${path}[${i}]`);
      if (problem != null) {
        return problem;
      }
    }
    return null;
  };
  return shape.length === 0 || shape.includes(0) ? null : walk(x, 0, '');
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) ||
      (ArrayBuffer.isView(value) && !(value instanceof DataView));
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) {
    return String(value);
  }
  if (Array.isArray(value)) {
    return `an array of length ${value.length}`;
  }
  if (ArrayBuffer.isView(value)) {
    return `a ${value.constructor.name}`;
  }
  if (typeof value === 'string') {
    return `the string '${value}'`;
  }
  if (typeof value === 'object') {
    return `an object (${value.constructor?.name ?? 'Object'})`;
  }
  return `${typeof value} ${String(value)}`;
}
