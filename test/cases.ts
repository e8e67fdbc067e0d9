/**
 * The cases of matrixInverse and matrixInverseEx, and the whole table every
 * backend runs: in Jest on cpu and tensorflow, and bundled into a page on
 * webgl. Each op's cases live in their own file and join the table on import.
 */
import './solve_det_cases';

import * as tf from '@tensorflow/tfjs-core';

import {assertInvertible, matrixInverse, matrixInverseEx} from '../src';
import {matMul, oneNorm, roundToFloat32, transpose} from '../tools/matrix';
import {opsGaussJordanInverse} from '../tools/ops_gauss_jordan';
import {randomMatrix, seededRandom, wellConditioned, withConditionNumber} from '../tools/random';
import {inverse64, inverseGradient64, inverseHessianVector64, lapackFloat32Inverse, relativeError} from '../tools/reference';

import {add, check, checkClose, checkNoLeak, checkThrows, EPS32, equalRowPairs, LAPACK_FACTOR, matrixAt, SINGULAR_SIZES, tensorOf, values, withRowCopied, withZeroRow} from './case_table';

export {casesByGroup} from './case_table';

export type{CaseGroup, TestCase} from './case_table';

// ---------------------------------------------------------------- forward

/**
 * Inverts a batch and checks each matrix against the float64 inverse of its
 * float32 entries. The bound is the larger of a few float32 roundings and
 * LAPACK_FACTOR times the error of LAPACK's float32 getrf + getri on the same
 * matrix; the residual max|XY - I| gets the same treatment.
 */
async function checkForward(
    shape: number[], matrices: Float64Array[], adjoint = false) {
  const n = shape[shape.length - 1];
  const flat = new Float32Array(matrices.length * n * n);
  matrices.forEach((m, b) => flat.set(m, b * n * n));
  const x = tf.tensor(flat, shape);
  const y = matrixInverse(x, {adjoint});
  check(y.dtype === 'float32', () => `dtype ${y.dtype}`);
  check(tf.util.arraysEqual(y.shape, shape), () => `shape ${y.shape}`);
  const got = await values(y);
  tf.dispose([x, y]);
  matrices.forEach((m, b) => {
    const a = roundToFloat32(adjoint ? transpose(m, n) : m);
    const yb = matrixAt(got, b, n);
    const lapack = lapackFloat32Inverse(a, n);
    const exact = inverse64(a, n);
    checkClose(
        `matrix ${b} forward error`, yb, exact,
        Math.max(8 * EPS32, LAPACK_FACTOR * relativeError(lapack, exact)));
    const residual = residualError(a, yb, n);
    const lapackResidual = residualError(a, lapack, n);
    check(
        residual <= Math.max(8 * n * EPS32, LAPACK_FACTOR * lapackResidual),
        () => `matrix ${b}: residual ${residual} vs LAPACK's ` +
            `${lapackResidual}`);
  });
}

/** max|A Y - I| / (max|A| max|Y| n). */
function residualError(a: Float64Array, y: Float64Array, n: number): number {
  const ay = matMul(a, y, n);
  let err = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      err = Math.max(err, Math.abs(ay[i * n + j] - (i === j ? 1 : 0)));
    }
  }
  const maxAbs = (m: Float64Array) =>
      m.reduce((s, v) => Math.max(s, Math.abs(v)), 0);
  return err / (maxAbs(a) * maxAbs(y) * n);
}

function batchOf(count: number, n: number, seed: number): Float64Array[] {
  const random = seededRandom(seed);
  return Array.from({length: count}, () => randomMatrix(n, random));
}

add('forward', '1x1', () => checkForward([1, 1], [Float64Array.of(4)]));
add('forward', '2x2',
    () => checkForward([2, 2], [Float64Array.of(4, 7, 2, 6)]));
add('forward', '3x3, zero on diagonal',
    () => checkForward([3, 3], [Float64Array.of(0, 2, 1, 1, 0, 3, 4, 1, 0)]));
add('forward', '4x4 permutation',
    () => checkForward(
        [4, 4],
        [Float64Array.of(0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0)]));
add('forward', '5x5 needs pivoting at every step', () => {
  // Leading entries tiny: without row swaps the elimination loses all digits.
  const random = seededRandom(5);
  const m = randomMatrix(5, random);
  for (let i = 0; i < 5; i++) m[i * 5 + i] = 1e-7;
  return checkForward([5, 5], [m]);
});
for (const n of [1, 2, 3, 4, 5, 8, 16, 31, 32, 33, 64, 128]) {
  add('forward', `random ${n}x${n}`,
      () => checkForward([n, n], batchOf(1, n, 100 + n)));
}
for (const cond of [1e1, 1e3, 1e5]) {
  for (const n of [8, 32]) {
    add('forward', `${n}x${n}, condition number ${cond.toExponential(0)}`,
        () => checkForward(
            [n, n], [withConditionNumber(n, cond, seededRandom(cond + n))]));
  }
}
add('forward', 'batch [5,4,4]',
    () => checkForward([5, 4, 4], batchOf(5, 4, 1)));
add('forward', 'batch [2,3,6,6]',
    () => checkForward([2, 3, 6, 6], batchOf(6, 6, 2)));
add('forward', 'adjoint 2x2',
    () => checkForward([2, 2], [Float64Array.of(1, 2, 3, 4)], true));
add('forward', 'adjoint batch [3,5,5]',
    () => checkForward([3, 5, 5], batchOf(3, 5, 3), true));
add('forward', 'adjoint 40x40',
    () => checkForward([40, 40], batchOf(1, 40, 4), true));

add('forward', 'int32 input is cast to float32', async () => {
  const y = matrixInverse(tf.tensor2d([[2, 1], [1, 1]], [2, 2], 'int32'));
  check(y.dtype === 'float32', () => `dtype ${y.dtype}`);
  checkClose('int32', await values(y), [1, -1, -1, 2], 4 * EPS32);
  y.dispose();
});

add('forward', 'nested array input', async () => {
  const y = matrixInverse([[[4, 7], [2, 6]], [[1, 0], [0, 2]]]);
  check(tf.util.arraysEqual(y.shape, [2, 2, 2]), () => `shape ${y.shape}`);
  checkClose(
      'nested', await values(y), [0.6, -0.7, -0.2, 0.4, 1, 0, 0, 0.5],
      4 * EPS32);
  y.dispose();
});

add('forward', 'shows up in tf.profile as MatrixInverse', async () => {
  const x = tf.eye(3);
  const profile = await tf.profile(() => matrixInverse(x));
  check(
      profile.kernelNames.includes('MatrixInverse'),
      () => `kernels: ${profile.kernelNames}`);
  tf.dispose([x, profile.result as tf.Tensor]);
});

// ---------------------------------------------------------------- gradient

/** L(X) = sum(W * inverse(X)), the scalar the gradient cases differentiate. */
function weightedSum(w: tf.Tensor, adjoint = false) {
  return (x: tf.Tensor) => tf.sum(tf.mul(w, matrixInverse(x, {adjoint})));
}

function wellConditionedBatch(count: number, n: number, seed: number) {
  const random = seededRandom(seed);
  return Array.from({length: count}, () => wellConditioned(n, random));
}


/**
 * Central differences of L in float32, all 2 n^2 perturbations of one
 * matrix in a single batched call. The entries of X are of order n and
 * those of Y of order 1/n; with step h the float32 rounding of L (about
 * n^2 eps32 |L|) costs eps32 n^2 |L| / h, and truncation costs h^2 |L'''|.
 * h = 1e-2 keeps both near 1e-4 of the gradient, so 1e-2 is a bound that
 * only a wrong gradient breaks.
 */
async function finiteDifferenceGradient(
    x: Float64Array, w: Float64Array, n: number,
    adjoint: boolean): Promise<Float64Array> {
  const h = 1e-2;
  const perturbed: Float64Array[] = [];
  for (let k = 0; k < n * n; k++) {
    for (const sign of [1, -1]) {
      const p = Float64Array.from(x);
      p[k] += sign * h;
      perturbed.push(p);
    }
  }
  const losses = tf.tidy(() => {
    const y =
        matrixInverse(tensorOf(perturbed, [perturbed.length, n, n]), {adjoint});
    return tf.sum(
        tf.mul(tf.tensor(Float32Array.from(w), [1, n, n]), y), [1, 2]);
  });
  const l = await values(losses);
  losses.dispose();
  return Float64Array.from(
      {length: n * n}, (_, k) => (l[2 * k] - l[2 * k + 1]) / (2 * h));
}

async function checkGradient(shape: number[], adjoint: boolean, seed: number) {
  const n = shape[shape.length - 1];
  const count = tf.util.sizeFromShape(shape.slice(0, -2));
  const xs = wellConditionedBatch(count, n, seed).map(roundToFloat32);
  const ws = wellConditionedBatch(count, n, seed + 1).map(roundToFloat32);
  const x = tensorOf(xs, shape);
  const w = tensorOf(ws, shape);
  const g = tf.grad(weightedSum(w, adjoint))(x);
  const gOps = tf.grad((x: tf.Tensor) => {
    const x3 = tf.reshape(x, [count, n, n]) as tf.Tensor3D;
    const y = opsGaussJordanInverse(adjoint ? tf.transpose(x3, [0, 2, 1]) : x3);
    return tf.sum(tf.mul(w, tf.reshape(y, shape)));
  })(x);
  const got = await values(g);
  const ops = await values(gOps);
  tf.dispose([x, w, g, gOps]);
  for (let b = 0; b < count; b++) {
    const gb = matrixAt(got, b, n);
    checkClose(
        `matrix ${b} vs analytic float64`, gb,
        inverseGradient64(xs[b], ws[b], n, adjoint), 1e-5);
    checkClose(
        `matrix ${b} vs tf.grad of an ops-only inverse`, gb,
        matrixAt(ops, b, n), 1e-4);
    checkClose(
        `matrix ${b} vs finite differences`, gb,
        await finiteDifferenceGradient(xs[b], ws[b], n, adjoint), 1e-2);
  }
}

add('gradient', '1x1', () => checkGradient([1, 1], false, 10));
add('gradient', '3x3', () => checkGradient([3, 3], false, 11));
add('gradient', '6x6', () => checkGradient([6, 6], false, 12));
add('gradient', 'batch [2,3,4,4]',
    () => checkGradient([2, 3, 4, 4], false, 13));
add('gradient', 'adjoint 3x3', () => checkGradient([3, 3], true, 14));
add('gradient', 'adjoint batch [3,4,4]',
    () => checkGradient([3, 4, 4], true, 15));

add('gradient', 'second order: Hessian-vector product', async () => {
  const n = 4;
  const random = seededRandom(20);
  const [xm, wm, vm] = [
    wellConditioned(n, random), randomMatrix(n, random), randomMatrix(n, random)
  ].map(roundToFloat32);
  const [x, w, v] =
      [xm, wm, vm].map(m => tf.tensor(Float32Array.from(m), [n, n]));
  const gradL = tf.grad(weightedSum(w));
  const hvp = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(gradL(x), v)))(x);
  // Central differences of the first gradient along v; step and bound as
  // for the first-order check above.
  const h = 1e-2;
  const fd = tf.tidy(
      () => tf.div(
          tf.sub(
              gradL(tf.add(x, tf.mul(v, h))), gradL(tf.sub(x, tf.mul(v, h)))),
          2 * h));
  const got = await values(hvp);
  checkClose(
      'vs finite differences of the gradient', got, await values(fd), 1e-2);
  checkClose(
      'vs analytic float64', got, inverseHessianVector64(xm, wm, vm, n), 1e-4);
  tf.dispose([x, w, v, hvp, fd]);
});

/**
 * The Hessian-vector product of L = sum(W * Y * Y): unlike a loss linear in
 * Y, its upstream gradient dY = 2 W Y depends on X, so this exercises the
 * gradient of the gradient with respect to dY as well as to Y.
 */
async function checkSecondOrderNonlinear(adjoint: boolean) {
  const n = 3;
  const x = tensorOf(wellConditionedBatch(2, n, 21), [2, n, n]);
  const w = tensorOf(wellConditionedBatch(2, n, 22), [2, n, n]);
  const v = tensorOf(wellConditionedBatch(2, n, 23), [2, n, n]);
  const hvpOf = (inverse: (x: tf.Tensor) => tf.Tensor) => {
    const gradL =
        tf.grad((x: tf.Tensor) => tf.sum(tf.mul(w, tf.square(inverse(x)))));
    return tf.grad((x: tf.Tensor) => tf.sum(tf.mul(gradL(x), v)))(x);
  };
  const ours = hvpOf(x => matrixInverse(x, {adjoint}));
  const ops = hvpOf(
      x => opsGaussJordanInverse(
          (adjoint ? tf.transpose(x, [0, 2, 1]) : x) as tf.Tensor3D));
  checkClose(
      'Hessian-vector product', await values(ours), await values(ops), 1e-4);
  tf.dispose([x, w, v, ours, ops]);
}

add('gradient', 'second order of a loss nonlinear in the inverse, batched',
    () => checkSecondOrderNonlinear(false));
add('gradient', 'second order of a loss nonlinear in the inverse, adjoint',
    () => checkSecondOrderNonlinear(true));

add('gradient', 'through matrixInverseEx, a singular matrix is NaN alone',
    async () => {
      const x = tf.tensor3d([[[4, 7], [2, 6]], [[1, 2], [2, 4]]]);
      const g =
          tf.grad((x: tf.Tensor) => tf.sum(matrixInverseEx(x).inverse))(x);
      const got = await values(g);
      checkClose(
          'invertible matrix', got.slice(0, 4),
          inverseGradient64(
              Float64Array.of(4, 7, 2, 6), new Float64Array(4).fill(1), 2,
              false),
          1e-5);
      check(
          got.slice(4).every(Number.isNaN),
          () => `singular matrix: ${got.slice(4)}`);
      tf.dispose([x, g]);
    });

add('gradient', 'third order is defined and finite', async () => {
  const x = tf.tensor2d([[4, 1], [2, 3]]);
  const f = (x: tf.Tensor) => tf.sum(matrixInverse(x));
  const third = tf.grad(x => tf.sum(tf.grad(x => tf.sum(tf.grad(f)(x)))(x)))(x);
  const got = await values(third);
  check(got.every(Number.isFinite), () => `third order: ${got}`);
  tf.dispose([x, third]);
});

/**
 * matrixInverse attaches its gradient only while the engine records one;
 * every way of asking for a gradient must find it there.
 */
add('gradient', 'tf.grads, tf.valueAndGrad, tf.variableGrads and an optimizer',
    async () => {
      const n = 3;
      const random = seededRandom(40);
      const [xm, wm] = [
        wellConditioned(n, random), randomMatrix(n, random)
      ].map(roundToFloat32);
      const x = tf.tensor2d(Float32Array.from(xm), [n, n]);
      const w = tf.tensor2d(Float32Array.from(wm), [n, n]);
      const f = weightedSum(w) as (x: tf.Tensor) => tf.Scalar;
      const expected = inverseGradient64(xm, wm, n, false);
      const [fromGrads] = tf.grads(f)([x]);
      const {grad: fromValueAndGrad} = tf.valueAndGrad(f)(x);
      const v = tf.variable(x);
      const {grads} = tf.variableGrads(() => f(v), [v]);
      checkClose('tf.grads', await values(fromGrads), expected, 1e-5);
      checkClose(
          'tf.valueAndGrad', await values(fromValueAndGrad), expected, 1e-5);
      checkClose(
          'tf.variableGrads', await values(grads[v.name]), expected, 1e-5);
      const rate = 0.1;
      tf.train.sgd(rate).minimize(() => f(v), false, [v]);
      checkClose(
          'one SGD step', await values(v),
          xm.map((e, k) => e - rate * expected[k]), 1e-6);
      tf.dispose([x, w, v, fromGrads, fromValueAndGrad, grads[v.name]]);
    });

add('gradient', 'inside tf.customGrad, second order included', async () => {
  const n = 3;
  const random = seededRandom(41);
  const [xm, wm, vm] = [
    wellConditioned(n, random), randomMatrix(n, random), randomMatrix(n, random)
  ].map(roundToFloat32);
  const [x, w, v] =
      [xm, wm, vm].map(m => tf.tensor2d(Float32Array.from(m), [n, n]));
  // L = sum(W * X^-1) as a custom op: its forward runs inside the engine's
  // kernel call, where nothing is recorded; its gradient, -Y^T W Y^T, calls
  // matrixInverse again, recorded when a second derivative is taken.
  const loss = tf.customGrad((...args: Array<tf.Tensor|tf.GradSaveFunc>) => {
    const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([x]);
    return {
      value: tf.sum(tf.mul(w, matrixInverse(x))),
      gradFunc: (dy: tf.Tensor, [savedX]: tf.Tensor[]) => {
        const y = matrixInverse(savedX);
        return tf.mul(
            dy,
            tf.neg(tf.matMul(tf.matMul(y, w, true, false), y, false, true)));
      },
    };
  });
  const gradL = tf.grad(loss);
  const g = gradL(x);
  const hvp = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(gradL(x), v)))(x);
  checkClose(
      'gradient', await values(g), inverseGradient64(xm, wm, n, false), 1e-5);
  checkClose(
      'Hessian-vector product', await values(hvp),
      inverseHessianVector64(xm, wm, vm, n), 1e-4);
  tf.dispose([x, w, v, g, hvp]);
});

// ---------------------------------------------------------------- singular

/**
 * Inverts `matrices` (n x n, row-major) in one batch behind an invertible
 * matrix, and checks that each is reported: info > 0, an all-NaN inverse,
 * rcond 0; and that the invertible one is unaffected.
 */
async function checkFlagged(
    n: number, matrices: ArrayLike<number>[], adjoint = false) {
  const mate = roundToFloat32(wellConditioned(n, seededRandom(n)));
  const all = [mate, ...matrices.map(m => Float64Array.from(m))];
  const x = tensorOf(all, [all.length, n, n]);
  const {inverse, info, rcond} = matrixInverseEx(x, {adjoint});
  const [y, steps, r] =
      [await values(inverse), await info.data(), await rcond.data()];
  tf.dispose([x, inverse, info, rcond]);
  const a = adjoint ? transpose(mate, n) : mate;
  check(steps[0] === 0, () => `the invertible matrix got info ${steps[0]}`);
  checkClose('the invertible matrix', matrixAt(y, 0, n), inverse64(a, n), 1e-5);
  for (let b = 1; b < all.length; b++) {
    const entries = Array.from(matrices[b - 1]).slice(0, 8);
    const show = () => `matrix ${b - 1} of ${n}x${n} [${entries}...]`;
    check(steps[b] > 0 && steps[b] <= n, () => `${show()}: info ${steps[b]}`);
    check(
        matrixAt(y, b, n).every(Number.isNaN),
        () => `${show()}: inverse not all NaN`);
    check(r[b] === 0, () => `${show()}: rcond ${r[b]}, expected 0`);
  }
}

add('singular', 'equal rows from the report: info > 0, NaN, rcond 0',
    async () => {
      await checkFlagged(
          2, [[-0.15340582, -1.0057093, -0.15340582, -1.0057093]]);
      await checkFlagged(3, [[-6, -6, -7, 0, 9, 8, -18, -18, -21]]);
      await checkFlagged(
          3, [[
            -1.469456, -0.75474983, -1.0823008, -0.78137106, -1.0401902,
            -1.353132, -1.469456, -0.75474983, -1.0823008
          ]]);
    });
add('singular', 'two equal rows are always flagged, n = 2..40', async () => {
  for (const n of SINGULAR_SIZES) {
    const random = seededRandom(200 + n);
    await checkFlagged(
        n,
        equalRowPairs(n).map(
            ([from, to]) => roundToFloat32(
                withRowCopied(randomMatrix(n, random), n, from, to))));
  }
});
add('singular', 'two equal columns are always flagged with adjoint',
    async () => {
      for (const n of SINGULAR_SIZES) {
        const random = seededRandom(300 + n);
        await checkFlagged(
            n,
            equalRowPairs(n).map(
                ([from, to]) => transpose(
                    roundToFloat32(
                        withRowCopied(randomMatrix(n, random), n, from, to)),
                    n)),
            true);
      }
    });
add('singular', 'a zero row or a zero column is always flagged', async () => {
  for (const n of SINGULAR_SIZES) {
    const random = seededRandom(400 + n);
    const rows = [0, n >> 1, n - 1];
    const zeroRows = rows.map(
        r => withZeroRow(roundToFloat32(randomMatrix(n, random)), n, r));
    await checkFlagged(n, [...zeroRows, ...zeroRows.map(m => transpose(m, n))]);
  }
});
add('singular', 'Infinity anywhere is flagged, whatever the batch-mates',
    async () => {
      const inputs = [
        [-Infinity], [Infinity, 0, 0, 1], [2, 1, Infinity, 3],
        [1, -Infinity, 0, 1]
      ];
      for (const m of inputs) {
        const n = Math.sqrt(m.length);
        await checkFlagged(n, [m]);
        await checkFlagged(n, [m, new Array(n * n).fill(0)]);
        await checkFlagged(n, [m], true);
      }
    });

/** rcond against 1 / (|A|_1 |Y|_1) recomputed in float64 from Y returned. */
async function checkRcond(
    matrices: Float64Array[], n: number, adjoint: boolean) {
  const x = tensorOf(matrices, [matrices.length, n, n]);
  const {inverse, info, rcond} = matrixInverseEx(x, {adjoint});
  const [y, steps, r] =
      [await values(inverse), await info.data(), await rcond.data()];
  check(rcond.dtype === 'float32', () => `rcond dtype ${rcond.dtype}`);
  check(
      tf.util.arraysEqual(rcond.shape, [matrices.length]),
      () => `rcond shape ${rcond.shape}`);
  tf.dispose([x, inverse, info, rcond]);
  matrices.forEach((m, b) => {
    check(steps[b] === 0, () => `matrix ${b}: info ${steps[b]}`);
    const a = roundToFloat32(adjoint ? transpose(m, n) : m);
    const expected = 1 / (oneNorm(a, n) * oneNorm(matrixAt(y, b, n), n));
    checkClose(`matrix ${b} rcond`, [r[b]], [expected], 1e-5);
  });
}

add('singular', 'rcond is exact for the inverse returned', async () => {
  for (const n of [1, 2, 4, 9, 24]) {
    await checkRcond(batchOf(3, n, 500 + n), n, false);
    await checkRcond(batchOf(2, n, 600 + n), n, true);
  }
  await checkRcond([withConditionNumber(8, 1e4, seededRandom(7))], 8, false);
});
add('singular', 'singular without a zero pivot: info > 0 or rcond <= 1e-5',
    async () => {
      // Rank 2 (as an adjoint); no float32 elimination meets an exactly zero
      // pivot.
      const x = tf.tensor3d([
        [[20, -6, -8, -8], [-24, 11, 4, 9], [0, -14, -12, -2], [4, -5, 4, -1]]
      ]);
      const {inverse, info, rcond} = matrixInverseEx(x, {adjoint: true});
      const [step, r] = [(await info.data())[0], (await rcond.data())[0]];
      check(step > 0 || r <= 1e-5, () => `info ${step}, rcond ${r}`);
      tf.dispose([x, inverse, info, rcond]);
    });
add('singular', 'an empty matrix has rcond 1, an empty batch no rcond',
    async () => {
      const empty = matrixInverseEx(tf.zeros([2, 0, 0]));
      checkClose('rcond', await empty.rcond.data(), [1, 1], 0);
      const none = matrixInverseEx(tf.zeros([0, 3, 3]));
      check(
          tf.util.arraysEqual(none.rcond.shape, [0]),
          () => `shape ${none.rcond.shape}`);
      tf.dispose([
        empty.inverse, empty.info, empty.rcond, none.inverse, none.info,
        none.rcond
      ]);
    });

/**
 * Well-conditioned small-integer matrices times 2^exponent: exact in
 * float32, with every entry and every entry of the inverse a normal float32
 * number for exponents in [-120, 120].
 */
function scaledIntegerMatrices(
    n: number, count: number, exponent: number, seed: number) {
  const random = seededRandom(seed);
  return Array.from({length: count}, () => {
    const m =
        Float64Array.from({length: n * n}, () => Math.round(random() * 4) || 1);
    for (let i = 0; i < n; i++)
      m[i * n + i] = 4 * n * (random() < 0.5 ? -1 : 1);
    return m.map(v => v * Math.pow(2, exponent));
  });
}

async function checkScaled(n: number, exponent: number, adjoint: boolean) {
  const matrices = scaledIntegerMatrices(n, 3, exponent, 700 + n + exponent);
  const x = tensorOf(matrices, [matrices.length, n, n]);
  const {inverse, info, rcond} = matrixInverseEx(x, {adjoint});
  const [y, steps] = [await values(inverse), await info.data()];
  tf.dispose([x, inverse, info, rcond]);
  matrices.forEach((m, b) => {
    const what = `2^${exponent} scale, ${n}x${n}, matrix ${b}`;
    check(steps[b] === 0, () => `${what}: info ${steps[b]}`);
    const exact = inverse64(adjoint ? transpose(m, n) : m, n);
    checkClose(what, matrixAt(y, b, n), exact, 64 * EPS32);
  });
}

add('singular', 'entries of 1e30 and 1e-30 invert within float32 rounding',
    async () => {
      for (const exponent of [-100, 100]) {
        for (const n of [2, 3, 7]) {
          await checkScaled(n, exponent, exponent > 0);
        }
      }
    });

/** The 4x4 Hadamard matrix H: H^-1 = H / 4. */
const HADAMARD_4 = [1, 1, 1, 1, 1, -1, 1, -1, 1, 1, -1, -1, 1, -1, -1, 1];

add('singular', 'entries near 1e37 and 1e-38 invert exactly', async () => {
  // 2^124 H (entries 2e37) and 2^-126 H (entries 1.2e-38, float32's smallest
  // normal numbers): both inverses, 2^-126 H and 2^124 H, are normal too.
  for (const exponent of [124, -126]) {
    const scale = Math.pow(2, exponent);
    const x = tf.tensor(HADAMARD_4.map(v => v * scale), [4, 4]);
    const {inverse, info, rcond} = matrixInverseEx(x);
    const [y, step, r] = [
      await values(inverse), (await info.data())[0], (await rcond.data())[0]
    ];
    tf.dispose([x, inverse, info, rcond]);
    check(step === 0, () => `2^${exponent} H: info ${step}`);
    checkClose(`2^${exponent} H`, y, HADAMARD_4.map(v => v / (4 * scale)), 0);
    checkClose(`2^${exponent} H rcond`, [r], [1 / 4], 1e-6);
  }
});
add('singular', 'a matrix near float32\'s largest: info 0, rcond of the matrix',
    async () => {
      const m = [-2.7705544e38, 2.3636528e38, 1.9010552e38, 2.02031e38];
      const {inverse, info, rcond} =
          matrixInverseEx(tf.tensor(m, [1, 2, 2]), {adjoint: true});
      const [step, r, y] = [
        (await info.data())[0], (await rcond.data())[0], await values(inverse)
      ];
      tf.dispose([inverse, info, rcond]);
      check(step === 0, () => `info ${step}`);
      const a = transpose(roundToFloat32(m), 2);
      checkClose(
          'rcond', [r], [1 / (oneNorm(a, 2) * oneNorm(inverse64(a, 2), 2))],
          1e-5);
      // The inverse's entries (about 2e-39) are subnormal: a GPU may flush them
      // to zero, which the README lists; a nonzero result must be right.
      if (y.some(v => v !== 0)) {
        checkClose('inverse', y, inverse64(a, 2), 1e-4);
      }
    });

// ---------------------------------------------------------------- bad input


add('bad input', 'rank 1 is rejected, naming op and shape', async () => {
  checkThrows(
      () => matrixInverse(tf.tensor1d([1, 2, 3])),
      /matrixInverse.*\[\.\.\., n, n\].*got shape \[3\]/);
});
add('bad input', 'non-square is rejected, naming op and shape', async () => {
  checkThrows(
      () => matrixInverse(tf.zeros([2, 2, 3])),
      /matrixInverse.*got shape \[2,2,3\]/);
  checkThrows(
      () => matrixInverseEx(tf.zeros([3, 2])),
      /matrixInverseEx.*got shape \[3,2\]/);
});
add('bad input', 'bool, string and complex64 are rejected, naming the dtype',
    async () => {
      checkThrows(
          () => matrixInverse(tf.tensor2d([[true]], [1, 1], 'bool')),
          /matrixInverse.*dtype.*got bool/);
      checkThrows(
          () => matrixInverse([['a']]), /matrixInverse.*dtype.*got string/);
      // tfjs's wasm backend cannot make a complex64 tensor at all.
      if (tf.getKernel('Complex', tf.getBackend()) != null) {
        const c = tf.complex([[1]], [[1]]);
        checkThrows(
            () => matrixInverse(c), /matrixInverse.*dtype.*got complex64/);
        c.dispose();
      }
    });
add('bad input', 'something that is not TensorLike is rejected', async () => {
  checkThrows(
      () => matrixInverse(null as unknown as number[][]),
      /matrixInverse: x must be a Tensor or TensorLike.*got null/);
});

add('bad input', 'a disposed tensor is rejected, naming the op', async () => {
  const x = tf.eye(2);
  x.dispose();
  checkThrows(
      () => matrixInverse(x),
      /matrixInverse: x must be a live Tensor.*disposed/);
});
add('bad input', 'options that are not an object are rejected', async () => {
  const x = tf.eye(2);
  for (const options of [null, 'adjoint', true, [true]]) {
    checkThrows(
        () => matrixInverse(x, options as unknown as {}),
        /matrixInverse: options must be an object.*but got/);
  }
  x.dispose();
});
add('bad input', 'an adjoint that is not a boolean is rejected', async () => {
  const x = tf.eye(2);
  checkThrows(
      () => matrixInverse(x, {adjoint: 'yes'} as unknown as {}),
      /matrixInverse: options.adjoint must be true or false.*'yes'/);
  checkThrows(
      () => matrixInverseEx(x, {adjoint: 1} as unknown as {}),
      /matrixInverseEx: options.adjoint must be true or false.*number 1/);
  x.dispose();
});
add('bad input', 'ragged nested arrays are rejected', async () => {
  checkThrows(
      () => matrixInverse([[1, 2], [3]]),
      /matrixInverse: x must be.*ragged: x\[1\] is an array of length 1 where x\[0\] has length 2/);
  checkThrows(
      () => matrixInverse([[[1, 2], [3, 4]], [[1, 2]]]),
      /matrixInverse: x must be.*ragged: x\[1\] is an array of length 1/);
  checkThrows(
      () => matrixInverse([[1, 2], 3] as unknown as number[][]),
      /matrixInverse: x must be.*ragged: x\[1\] is number 3/);
});
add('bad input', 'null, undefined and strings among numbers are rejected',
    async () => {
      for (const [bad, shown] of [
               [null, 'null'], [undefined, 'undefined'],
               ['a', 'the string \'a\'']]) {
        checkThrows(
            () => matrixInverse([[1, 2], [3, bad]] as unknown as number[][]),
            new RegExp(
                `matrixInverse: x must be.*x\\[1\\]\\[1\\] is ${shown} where`));
      }
    });

async function checkSingular(
    shape: number[], data: number[], expectedInfo: number[]) {
  const n = shape[shape.length - 1];
  const {inverse, info} = matrixInverseEx(tf.tensor(data, shape));
  check(info.dtype === 'int32', () => `info dtype ${info.dtype}`);
  check(
      tf.util.arraysEqual(info.shape, shape.slice(0, -2)),
      () => `info shape ${info.shape}`);
  const infoValues = Array.from(await info.data());
  check(
      tf.util.arraysEqual(infoValues, expectedInfo),
      () => `info ${infoValues}, expected ${expectedInfo}`);
  const y = await values(inverse);
  expectedInfo.forEach((step, b) => {
    const yb = matrixAt(y, b, n);
    if (step !== 0) {
      check(
          yb.every(Number.isNaN), () => `matrix ${b} should be all NaN: ${yb}`);
    } else {
      checkClose(`matrix ${b}`, yb, inverse64(matrixAt(data, b, n), n), 1e-6);
    }
  });
  tf.dispose([inverse, info]);
}

add('bad input', 'singular 2x2 gives NaN and info 2',
    () => checkSingular([2, 2], [1, 2, 2, 4], [2]));
add('bad input', 'zero matrix gives info 1',
    () => checkSingular([1, 3, 3], [0, 0, 0, 0, 0, 0, 0, 0, 0], [1]));
add('bad input', 'one singular matrix in a batch leaves the others alone',
    () => checkSingular(
        [3, 2, 2], [4, 7, 2, 6, 1, 2, 2, 4, 2, 0, 0, 2], [0, 2, 0]));
add('bad input', 'NaN and Infinity entries give NaN and info',
    () => checkSingular([2, 2, 2], [NaN, 1, 1, 1, 1, 2, Infinity, 1], [1, 1]));
add('bad input', 'NaN or Infinity past the first column is reported too',
    () => checkSingular([2, 2, 2], [1, NaN, 0, 1, 1, Infinity, 0, 1], [2, 2]));
add('bad input', 'matrixInverse of a singular matrix is NaN, no throw',
    async () => {
      const y = await values(matrixInverse([[1, 2], [2, 4]]));
      check(y.every(Number.isNaN), () => `${y}`);
    });
add('bad input', 'assertInvertible names the singular batch indices',
    async () => {
      const {inverse, info} = matrixInverseEx(tf.tensor(
          [1, 0, 0, 1, 1, 1, 1, 1, 0, 0, 0, 0, 2, 0, 0, 2], [2, 2, 2, 2]));
      let message = '';
      await assertInvertible(info).catch((e: Error) => message = e.message);
      check(
          /2 of 4 matrices are singular.*\[0,1\].*\[1,0\]/.test(message),
          () => `message: '${message}'`);
      tf.dispose([inverse, info]);
    });
add('bad input', 'empty batch and n = 0 give empty results', async () => {
  for (const shape of [[0, 3, 3], [2, 0, 0]]) {
    const {inverse, info} = matrixInverseEx(tf.zeros(shape));
    check(
        tf.util.arraysEqual(inverse.shape, shape),
        () => `inverse shape ${inverse.shape} for ${shape}`);
    check(
        tf.util.arraysEqual(info.shape, shape.slice(0, -2)),
        () => `info shape ${info.shape} for ${shape}`);
    // An explicit dy: webgl's tf.sum rejects empty tensors.
    const g = tf.grad((x: tf.Tensor) => matrixInverse(x))(
        tf.zeros(shape), tf.zeros(shape));
    check(tf.util.arraysEqual(g.shape, shape), () => `grad shape ${g.shape}`);
    tf.dispose([inverse, info, g]);
  }
});

// ---------------------------------------------------------------- memory

add('memory', 'forward + backward inside tf.tidy leaks no tensor', async () => {
  const x = tensorOf(wellConditionedBatch(3, 5, 30), [3, 5, 5]);
  const w = tf.onesLike(x);
  const f = weightedSum(w);
  const step = () => tf.tidy(() => {
    const {inverse, info} = matrixInverseEx(x);
    const g = tf.grad(f)(x);
    const h = tf.grad((x: tf.Tensor) => tf.sum(tf.grad(f)(x)))(x);
    return tf.add(
        tf.add(tf.sum(inverse), tf.sum(info)), tf.add(tf.sum(g), tf.sum(h)));
  });
  await checkNoLeak(() => [step()]);
  tf.dispose([x, w]);
});
