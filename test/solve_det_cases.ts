/**
 * The cases of solve, solveEx, det and slogdet; each name starts with its
 * op. Importing this file adds them to the table of case_table.ts. Results
 * are checked against ml-matrix's float64 LU of the same float32 entries,
 * with bounds from LAPACK's float32 getrf + getrs emulated on each matrix.
 */
import * as tf from '@tensorflow/tfjs-core';

import {det, slogdet, solve, solveEx} from '../src';
import {roundToFloat32, transpose} from '../tools/matrix';
import {opsGaussJordanDeterminant, opsGaussJordanSolve} from '../tools/ops_gauss_jordan';
import {randomMatrix, seededRandom, wellConditioned, withConditionNumber} from '../tools/random';
import {centralDifference64, cofactors64, det64, detGradient64, inverse64, lapackFloat32LogDetBound, lapackFloat32Solve, numericalGradient64, relativeError, slogdet64, solve64, solveGradient64} from '../tools/reference';

import {add, check, checkClose, checkNoLeak, checkThrows, EPS32, equalRowPairs, LAPACK_FACTOR, matrixAt, SINGULAR_SIZES, tensorOf, values, withRowCopied, withZeroRow} from './case_table';

// ---------------------------------------------------------------- helpers

/** Block i of a flat batch of blocks of `size` entries. */
function blockAt(flat: Float64Array, i: number, size: number): Float64Array {
  return flat.slice(i * size, (i + 1) * size);
}

/** n x k entries uniform in [-1, 1), rounded to float32. */
function randomRightHandSides(
    n: number, k: number, random: () => number): Float64Array {
  return roundToFloat32(Float64Array.from({length: n * k}, () => random()));
}

function randomMatrices(count: number, n: number, random: () => number) {
  return Array.from(
      {length: count}, () => roundToFloat32(randomMatrix(n, random)));
}

/** Matrices near n on the diagonal: condition number near 3, no pivoting. */
function wellConditionedMatrices(
    count: number, n: number, random: () => number) {
  return Array.from(
      {length: count}, () => roundToFloat32(wellConditioned(n, random)));
}

/**
 * Well-conditioned matrices, every other one with its first row negated
 * (a negative determinant, still no pivoting needed).
 */
function determinantBatch(count: number, n: number, seed: number) {
  const matrices = wellConditionedMatrices(count, n, seededRandom(seed));
  for (let b = 1; b < count; b += 2) {
    for (let j = 0; j < n; j++) matrices[b][j] = -matrices[b][j];
  }
  return matrices;
}

/** A random n x n matrix with row `from` copied over row `to`. */
function withEqualRows(
    n: number, from: number, to: number, random: () => number) {
  return withRowCopied(roundToFloat32(randomMatrix(n, random)), n, from, to);
}

/** The broadcast of two batch shapes, as tf.matMul broadcasts them. */
function broadcastShape(a: number[], b: number[]): number[] {
  const rank = Math.max(a.length, b.length);
  return Array.from({length: rank}, (_, i) => {
    const fromA = a[i - rank + a.length] ?? 1;
    return fromA === 1 ? b[i - rank + b.length] ?? 1 : fromA;
  });
}

/** The flat index in `shape` of flat element `index` of its broadcast `to`. */
function broadcastSource(index: number, to: number[], shape: number[]) {
  let source = 0;
  let stride = 1;
  for (let d = 1; d <= shape.length; d++) {
    const coordinate = index % to[to.length - d];
    index = Math.floor(index / to[to.length - d]);
    const size = shape[shape.length - d];
    source += (size === 1 ? 0 : coordinate) * stride;
    stride *= size;
  }
  return source;
}

/** Every system solved for a and b of these shapes, with its operands. */
function systemsOf(aShape: number[], bShape: number[]) {
  const aBatch = aShape.slice(0, -2);
  const bBatch = bShape.slice(0, -2);
  const batchShape = broadcastShape(aBatch, bBatch);
  const systems = Array.from(
      {length: tf.util.sizeFromShape(batchShape)},
      (_, i) => ({
        a: broadcastSource(i, batchShape, aBatch),
        b: broadcastSource(i, batchShape, bBatch)
      }));
  return {batchShape, systems};
}

function maxAbs(m: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < m.length; i++) max = Math.max(max, Math.abs(m[i]));
  return max;
}

// ---------------------------------------------------------------- forward

/**
 * max|A X - B| / (max|A| max|X| n), the backward error of a solution,
 * small for any stable elimination whatever A's condition number.
 */
function solveResidual(
    a: Float64Array, x: Float64Array, b: Float64Array, n: number, k: number) {
  let err = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      let r = -b[i * k + c];
      for (let j = 0; j < n; j++) r += a[i * n + j] * x[j * k + c];
      err = Math.max(err, Math.abs(r));
    }
  }
  return err / (maxAbs(a) * maxAbs(x) * n);
}

/**
 * Checks x against the float64 solution of A X = B for float32 A and B, as
 * the inverse's cases check an inverse: the forward error within the larger
 * of a few float32 roundings and LAPACK_FACTOR times the error of LAPACK's
 * float32 getrf + getrs on the same system, the residual likewise.
 */
function checkSolution(
    what: string, x: Float64Array, a: Float64Array, b: Float64Array, n: number,
    k: number) {
  const exact = solve64(a, b, n, k);
  const lapack = lapackFloat32Solve(a, b, n, k);
  checkClose(
      `${what} forward error`, x, exact,
      Math.max(8 * EPS32, LAPACK_FACTOR * relativeError(lapack, exact)));
  const residual = solveResidual(a, x, b, n, k);
  const lapackResidual = solveResidual(a, lapack, b, n, k);
  check(
      residual <= Math.max(8 * n * EPS32, LAPACK_FACTOR * lapackResidual),
      () => `${what}: residual ${residual} vs LAPACK's ${lapackResidual}`);
}

/**
 * Solves with solve and solveEx (the same solution, info all 0) and checks
 * every system of the broadcast batch.
 */
async function checkSolve(
    aShape: number[], matrices: Float64Array[], bShape: number[],
    rhs: Float64Array[], adjoint = false) {
  const n = aShape[aShape.length - 1];
  const k = bShape[bShape.length - 1];
  const {batchShape, systems} = systemsOf(aShape, bShape);
  const a = tensorOf(matrices, aShape);
  const b = tensorOf(rhs, bShape);
  const x = solve(a, b, {adjoint});
  const {solution, info} = solveEx(a, b, {adjoint});
  check(x.dtype === 'float32', () => `dtype ${x.dtype}`);
  check(
      tf.util.arraysEqual(x.shape, [...batchShape, n, k]),
      () => `shape ${x.shape}, expected [${batchShape},${n},${k}]`);
  check(info.dtype === 'int32', () => `info dtype ${info.dtype}`);
  check(
      tf.util.arraysEqual(info.shape, batchShape),
      () => `info shape ${info.shape}`);
  const [got, gotEx, steps] =
      [await values(x), await values(solution), await info.data()];
  tf.dispose([a, b, x, solution, info]);
  checkClose('solveEx against solve', gotEx, got, 0);
  check(steps.every(s => s === 0), () => `info ${steps}`);
  systems.forEach(({a: ai, b: bi}, i) => {
    const m = adjoint ? transpose(matrices[ai], n) : matrices[ai];
    checkSolution(
        `system ${i}`, blockAt(got, i, n * k), roundToFloat32(m),
        roundToFloat32(rhs[bi]), n, k);
  });
}

/** count matrices and right-hand sides from one seed. */
function randomSystems(
    count: number, n: number, k: number, seed: number, countB = count) {
  const random = seededRandom(seed);
  return {
    matrices: randomMatrices(count, n, random),
    rhs: Array.from({length: countB}, () => randomRightHandSides(n, k, random)),
  };
}

for (const n of [1, 2, 3, 8, 9, 17, 40]) {
  for (const k of [1, 3]) {
    add('forward', `solve ${n}x${n}, k = ${k}`, () => {
      const {matrices, rhs} = randomSystems(1, n, k, 1000 + 10 * n + k);
      return checkSolve([n, n], matrices, [n, k], rhs);
    });
  }
}
add('forward', 'solve 5x5 needs pivoting at every step, k = 2', () => {
  // Leading entries tiny: without row swaps the elimination loses all digits.
  const {matrices, rhs} = randomSystems(1, 5, 2, 1005);
  for (let i = 0; i < 5; i++) matrices[0][i * 5 + i] = Math.fround(1e-7);
  return checkSolve([5, 5], matrices, [5, 2], rhs);
});
add('forward', 'solve 17x17, condition number 1e5, k = 3', () => {
  const random = seededRandom(1017);
  return checkSolve(
      [17, 17], [withConditionNumber(17, 1e5, random)], [17, 3],
      [randomRightHandSides(17, 3, random)]);
});
add('forward', 'solve batch [4], 6x6, k = 3', () => {
  const {matrices, rhs} = randomSystems(4, 6, 3, 1020);
  return checkSolve([4, 6, 6], matrices, [4, 6, 3], rhs);
});
add('forward', 'solve batch [2,3], 5x5, k = 1', () => {
  const {matrices, rhs} = randomSystems(6, 5, 1, 1021);
  return checkSolve([2, 3, 5, 5], matrices, [2, 3, 5, 1], rhs);
});
add('forward', 'solve broadcasts a [1,n,n] against b [5,n,k]', () => {
  const {matrices, rhs} = randomSystems(1, 4, 2, 1022, 5);
  return checkSolve([1, 4, 4], matrices, [5, 4, 2], rhs);
});
add('forward', 'solve broadcasts a [3,1,n,n] against b [4,n,k]', () => {
  const {matrices, rhs} = randomSystems(3, 4, 3, 1023, 4);
  return checkSolve([3, 1, 4, 4], matrices, [4, 4, 3], rhs);
});
add('forward', 'solve broadcasts a [n,n] against b [2,n,k]', () => {
  const {matrices, rhs} = randomSystems(1, 6, 2, 1024, 2);
  return checkSolve([6, 6], matrices, [2, 6, 2], rhs);
});
add('forward', 'solve broadcasts a [2,n,n] against b [n,k], adjoint', () => {
  const {matrices, rhs} = randomSystems(2, 5, 3, 1025, 1);
  return checkSolve([2, 5, 5], matrices, [5, 3], rhs, true);
});
add('forward', 'solve adjoint 3x3, k = 2', () => {
  const {matrices, rhs} = randomSystems(1, 3, 2, 1026);
  return checkSolve([3, 3], matrices, [3, 2], rhs, true);
});
add('forward', 'solve adjoint batch [2,3], 9x9, k = 3', () => {
  const {matrices, rhs} = randomSystems(6, 9, 3, 1027);
  return checkSolve([2, 3, 9, 9], matrices, [2, 3, 9, 3], rhs, true);
});
add('forward', 'solve adjoint 40x40, k = 1', () => {
  const {matrices, rhs} = randomSystems(1, 40, 1, 1028);
  return checkSolve([40, 40], matrices, [40, 1], rhs, true);
});

add('forward', 'solve of int32 a or b casts them to float32', async () => {
  const a = tf.tensor2d([[2, 1], [1, 1]], [2, 2], 'int32');
  const b = tf.tensor2d([[3, 1], [2, 0]], [2, 2], 'int32');
  const [aFloat, bFloat] = [tf.cast(a, 'float32'), tf.cast(b, 'float32')];
  for (const [a1, b1] of [[a, b], [aFloat, b], [a, bFloat]]) {
    const x = solve(a1, b1);
    check(x.dtype === 'float32', () => `dtype ${x.dtype}`);
    checkClose(
        `a ${a1.dtype}, b ${b1.dtype}`, await values(x), [1, 1, 1, -1],
        4 * EPS32);
    x.dispose();
  }
  tf.dispose([a, b, aFloat, bFloat]);
});

add('forward', 'solve of nested arrays', async () => {
  const x =
      solve([[[4, 7], [2, 6]], [[1, 0], [0, 2]]], [[[1], [0]], [[2], [4]]]);
  check(tf.util.arraysEqual(x.shape, [2, 2, 1]), () => `shape ${x.shape}`);
  checkClose('nested', await values(x), [0.6, -0.2, 2, 2], 4 * EPS32);
  x.dispose();
});

add('forward', 'solve and solveEx of empty shapes: n = 0, k = 0, batch 0',
    async () => {
      const shapes = [
        [[2, 0, 0], [2, 0, 3], [2, 0, 3]], [[2, 3, 3], [2, 3, 0], [2, 3, 0]],
        [[0, 3, 3], [0, 3, 2], [0, 3, 2]], [[3, 3], [0, 3, 2], [0, 3, 2]],
        [[0, 3, 3], [3, 2], [0, 3, 2]]
      ];
      for (const [aShape, bShape, xShape] of shapes) {
        const [a, b] = [tf.zeros(aShape), tf.zeros(bShape)];
        const x = solve(a, b);
        const {solution, info} = solveEx(a, b, {adjoint: true});
        const what = `a [${aShape}], b [${bShape}]`;
        for (const t of [x, solution]) {
          check(
              tf.util.arraysEqual(t.shape, xShape),
              () => `${what}: shape ${t.shape}`);
        }
        const steps = await info.data();
        check(
            tf.util.arraysEqual(info.shape, xShape.slice(0, -2)) &&
                steps.every(s => s === 0),
            () => `${what}: info shape ${info.shape}, values ${steps}`);
        tf.dispose([a, b, x, solution, info]);
      }
    });

/**
 * Checks det and slogdet of each matrix against float64: the sign exactly;
 * log|det| within the first-order bound of a float32 LU with partial
 * pivoting on that matrix (lapackFloat32LogDetBound) plus its rounding to
 * float32; det within the same relative bound, or +-Infinity where |det|
 * is beyond float32's range.
 */
async function checkDeterminants(shape: number[], matrices: Float64Array[]) {
  const n = shape[shape.length - 1];
  const x = tensorOf(matrices, shape);
  const d = det(x);
  const {sign, logAbsDet} = slogdet(x);
  for (const t of [d, sign, logAbsDet]) {
    check(t.dtype === 'float32', () => `dtype ${t.dtype}`);
    check(
        tf.util.arraysEqual(t.shape, shape.slice(0, -2)),
        () => `shape ${t.shape}`);
  }
  const [dets, signs, logs] =
      [await values(d), await values(sign), await values(logAbsDet)];
  tf.dispose([x, d, sign, logAbsDet]);
  matrices.forEach((m, i) => {
    const a = roundToFloat32(m);
    const exact = slogdet64(a, n);
    const bound = lapackFloat32LogDetBound(a, n);
    const what = `matrix ${i}`;
    check(
        signs[i] === exact.sign && Math.sign(dets[i]) === exact.sign,
        () => `${what}: sign ${signs[i]}, det ${dets[i]}, expected sign ` +
            `${exact.sign}`);
    const logError = Math.abs(logs[i] - exact.logAbsDet);
    const logBound = bound + Math.abs(exact.logAbsDet) * EPS32;
    check(
        logError <= logBound,
        () => `${what}: log|det| ${logs[i]}, expected ${exact.logAbsDet}, ` +
            `error ${logError.toExponential(2)} > ${
                  logBound.toExponential(2)}`);
    if (exact.logAbsDet > Math.log(FLOAT32_MAX)) {
      check(
          dets[i] === exact.sign * Infinity,
          () => `${what}: det ${dets[i]}, expected ${exact.sign * Infinity}`);
    } else {
      checkClose(
          `${what} det`, [dets[i]], [det64(a, n)], Math.expm1(bound) + EPS32);
    }
  });
}

const FLOAT32_MAX = 3.4028234663852886e38;

add('forward', 'det and slogdet 1x1',
    () => checkDeterminants([1, 1], [Float64Array.of(-3)]));
add('forward', 'det and slogdet 2x2',
    () => checkDeterminants([2, 2], [Float64Array.of(1, 2, 3, 4)]));
add('forward', 'det and slogdet 3x3, zero on diagonal',
    () => checkDeterminants(
        [3, 3], [Float64Array.of(0, 2, 1, 1, 0, 3, 4, 1, 0)]));
add('forward', 'det and slogdet of 4x4 permutations are +-1',
    () => checkDeterminants([2, 4, 4], [
      Float64Array.of(0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0),
      Float64Array.of(0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0)
    ]));
add('forward', 'det and slogdet 5x5 need pivoting at every step', () => {
  const m = randomMatrices(1, 5, seededRandom(1105))[0];
  for (let i = 0; i < 5; i++) m[i * 5 + i] = Math.fround(1e-7);
  return checkDeterminants([5, 5], [m]);
});
for (const n of [1, 2, 3, 5, 8, 9]) {
  add('forward', `det and slogdet random ${n}x${n}, batch [3]`,
      () => checkDeterminants(
          [3, n, n], randomMatrices(3, n, seededRandom(1100 + n))));
}
for (const n of [17, 40]) {
  // Random matrices this large are often ill-conditioned, and the bound
  // grows with the condition number: these keep it near n^2 eps32.
  add('forward', `det and slogdet ${n}x${n} near n on the diagonal`,
      () => checkDeterminants([2, n, n], determinantBatch(2, n, 1100 + n)));
}
add('forward', 'det and slogdet 8x8, condition number 1e3',
    () => checkDeterminants(
        [8, 8], [withConditionNumber(8, 1e3, seededRandom(1108))]));
add('forward', 'det and slogdet batch [2,3], 6x6',
    () => checkDeterminants(
        [2, 3, 6, 6], randomMatrices(6, 6, seededRandom(1120))));
add('forward', 'det of a 64x64 with entries near 10 overflows, slogdet not',
    async () => {
      // det is near 640^64, 1e180.
      await checkDeterminants(
          [2, 64, 64],
          determinantBatch(2, 64, 1164)
              .map(m => roundToFloat32(m.map(v => 10 * v))));
    });

add('forward', 'det and slogdet of int32 and nested arrays', async () => {
  const x =
      tf.tensor3d([[[2, 1], [1, 1]], [[1, 2], [3, 4]]], [2, 2, 2], 'int32');
  for (const input of [x, [[[2, 1], [1, 1]], [[1, 2], [3, 4]]]]) {
    const d = det(input);
    const {sign, logAbsDet} = slogdet(input);
    check(d.dtype === 'float32', () => `dtype ${d.dtype}`);
    checkClose('det', await values(d), [1, -2], 4 * EPS32);
    checkClose('sign', await values(sign), [1, -1], 0);
    checkClose(
        'log|det|', await values(logAbsDet), [0, Math.log(2)], 4 * EPS32);
    tf.dispose([d, sign, logAbsDet]);
  }
  x.dispose();
});

add('forward', 'det and slogdet of 0x0 matrices are 1 and (1, 0)', async () => {
  for (const shape of [[0, 0], [3, 0, 0], [0, 3, 3], [2, 0, 4, 4]]) {
    const x = tf.zeros(shape);
    const d = det(x);
    const {sign, logAbsDet} = slogdet(x);
    const batch = shape.slice(0, -2);
    const size = tf.util.sizeFromShape(batch);
    for (const [t, value] of [[d, 1], [sign, 1], [logAbsDet, 0]] as const) {
      check(
          tf.util.arraysEqual(t.shape, batch) && t.dtype === 'float32',
          () => `[${shape}]: shape ${t.shape}, dtype ${t.dtype}`);
      checkClose(`[${shape}]`, await values(t), new Array(size).fill(value), 0);
    }
    tf.dispose([x, d, sign, logAbsDet]);
  }
});

add('forward', 'solve, det and slogdet show up in tf.profile by kernel name',
    async () => {
      const x = tf.tensor2d([[2, 1], [1, 3]]);
      const b = tf.ones([2, 1]);
      const expected: Array<[string, () => tf.Tensor[]]> = [
        ['MatrixSolve', () => [solve(x, b)]],
        ['MatrixSolve', () => Object.values(solveEx(x, b))],
        ['MatrixDeterminant', () => [det(x)]],
        ['LogMatrixDeterminant', () => Object.values(slogdet(x))],
      ];
      for (const [kernel, f] of expected) {
        const profile = await tf.profile(f);
        check(
            profile.kernelNames.includes(kernel),
            () => `${kernel}: kernels ${profile.kernelNames}`);
        tf.dispose(profile.result);
      }
      tf.dispose([x, b]);
    });

// ---------------------------------------------------------------- gradient

/**
 * Central-difference step for the float64 references: the error is of
 * order h^2 |f'''| + eps64 |f| / h, near 1e-8 of the derivative at h = 1e-4
 * on matrices of condition number near 3, far below what is checked.
 */
const H64 = 1e-4;

/**
 * The gradients of L = sum(W * solve(A, B)) in A and B, batch dimensions
 * broadcast, against: the float64 formulas summed over the systems each
 * input takes part in; central differences in float64 of L computed with
 * the float64 solve; and tf.grad through an ops-only Gauss-Jordan on the
 * broadcast operands.
 */
async function checkSolveGradient(
    aShape: number[], bShape: number[], adjoint: boolean, seed: number) {
  const n = aShape[aShape.length - 1];
  const k = bShape[bShape.length - 1];
  const {batchShape, systems} = systemsOf(aShape, bShape);
  const random = seededRandom(seed);
  const matrices = wellConditionedMatrices(
      tf.util.sizeFromShape(aShape.slice(0, -2)), n, random);
  const rhs = Array.from(
      {length: tf.util.sizeFromShape(bShape.slice(0, -2))},
      () => randomRightHandSides(n, k, random));
  const ws = systems.map(() => randomRightHandSides(n, k, random));
  const xShape = [...batchShape, n, k];
  const [a, b, w] =
      [tensorOf(matrices, aShape), tensorOf(rhs, bShape), tensorOf(ws, xShape)];
  const [ga, gb] = tf.grads(
      (a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.mul(w, solve(a, b, {adjoint}))))([a, b]);
  const [opsA, opsB] = tf.grads((a: tf.Tensor, b: tf.Tensor) => {
    const count = systems.length;
    const a3 =
        tf.reshape(tf.broadcastTo(a, [...batchShape, n, n]), [count, n, n]);
    const b3 = tf.reshape(tf.broadcastTo(b, xShape), [count, n, k]);
    const x = opsGaussJordanSolve(
        (adjoint ? tf.transpose(a3, [0, 2, 1]) : a3) as tf.Tensor3D,
        b3 as tf.Tensor3D);
    return tf.sum(tf.mul(w, tf.reshape(x, xShape)));
  })([a, b]);
  check(
      tf.util.arraysEqual(ga.shape, aShape) &&
          tf.util.arraysEqual(gb.shape, bShape),
      () => `gradient shapes ${ga.shape} and ${gb.shape}`);
  const got = {a: await values(ga), b: await values(gb)};
  const ops = {a: await values(opsA), b: await values(opsB)};
  tf.dispose([a, b, w, ga, gb, opsA, opsB]);

  const expected = {
    a: matrices.map(() => new Float64Array(n * n)),
    b: rhs.map(() => new Float64Array(n * k))
  };
  systems.forEach((s, i) => {
    const {da, db} =
        solveGradient64(matrices[s.a], rhs[s.b], ws[i], n, k, adjoint);
    da.forEach((v, j) => expected.a[s.a][j] += v);
    db.forEach((v, j) => expected.b[s.b][j] += v);
  });
  const loss64 = (matrices: Float64Array[], rhs: Float64Array[]) =>
      systems.reduce((sum, s, i) => {
        const m = adjoint ? transpose(matrices[s.a], n) : matrices[s.a];
        const x = solve64(m, rhs[s.b], n, k);
        return x.reduce((sum, v, j) => sum + ws[i][j] * v, sum);
      }, 0);
  const replaced = (blocks: Float64Array[], i: number, m: Float64Array) =>
      blocks.map((block, j) => j === i ? m : block);
  for (const [name, blocks, size] of [
           ['a', matrices, n * n], ['b', rhs, n * k]] as const) {
    for (let i = 0; i < blocks.length; i++) {
      const what = `d${name} ${i}`;
      const g = blockAt(got[name], i, size);
      checkClose(`${what} vs float64 formula`, g, expected[name][i], 1e-5);
      const difference = numericalGradient64(
          m => name === 'a' ? loss64(replaced(matrices, i, m), rhs) :
                              loss64(matrices, replaced(rhs, i, m)),
          blocks[i], H64);
      checkClose(`${what} vs float64 central differences`, g, difference, 1e-5);
      checkClose(
          `${what} vs tf.grad of an ops-only Gauss-Jordan`, g,
          blockAt(ops[name], i, size), 1e-4);
    }
  }
}

add('gradient', 'solve 1x1, k = 1',
    () => checkSolveGradient([1, 1], [1, 1], false, 2000));
add('gradient', 'solve 3x3, k = 2',
    () => checkSolveGradient([3, 3], [3, 2], false, 2001));
add('gradient', 'solve 6x6, k = 3',
    () => checkSolveGradient([6, 6], [6, 3], false, 2002));
add('gradient', 'solve batch [2,3], 4x4, k = 2',
    () => checkSolveGradient([2, 3, 4, 4], [2, 3, 4, 2], false, 2003));
add('gradient', 'solve adjoint 3x3, k = 2',
    () => checkSolveGradient([3, 3], [3, 2], true, 2004));
add('gradient', 'solve adjoint batch [3], 4x4, k = 1',
    () => checkSolveGradient([3, 4, 4], [3, 4, 1], true, 2005));
add('gradient', 'solve sums the gradient of a [n,n] over b [3,n,k]',
    () => checkSolveGradient([4, 4], [3, 4, 2], false, 2006));
add('gradient', 'solve sums broadcast gradients of a [2,1,n,n], b [3,n,k]',
    () => checkSolveGradient([2, 1, 3, 3], [3, 3, 2], false, 2007));
add('gradient', 'solve sums broadcast gradients, adjoint, a [3,n,n], b [n,k]',
    () => checkSolveGradient([3, 3, 3], [3, 1], true, 2008));

add('gradient', 'solve through solveEx, a singular system is NaN alone',
    async () => {
      const a = tf.tensor3d([[[4, 7], [2, 6]], [[1, 2], [2, 4]]]);
      const b = tf.tensor3d([[[1], [2]], [[3], [4]]]);
      const [ga, gb] = tf.grads(
          (a: tf.Tensor, b: tf.Tensor) =>
              tf.sum(solveEx(a, b).solution))([a, b]);
      const [gotA, gotB] = [await values(ga), await values(gb)];
      const {da, db} = solveGradient64(
          Float64Array.of(4, 7, 2, 6), Float64Array.of(1, 2),
          Float64Array.of(1, 1), 2, 1, false);
      checkClose('da of the invertible system', gotA.slice(0, 4), da, 1e-5);
      checkClose('db of the invertible system', gotB.slice(0, 2), db, 1e-5);
      check(
          gotA.slice(4).every(Number.isNaN) &&
              gotB.slice(2).every(Number.isNaN),
          () => `singular system: da ${gotA.slice(4)}, db ${gotB.slice(2)}`);
      tf.dispose([a, b, ga, gb]);
    });

/** det, or slogdet's logAbsDet: ours, ops-only, and float64. */
interface DeterminantRoute {
  ours(x: tf.Tensor): tf.Tensor;
  opsOnly(x: tf.Tensor3D): tf.Tensor;
  value64(a: Float64Array, n: number): number;
  gradient64(a: Float64Array, n: number): Float64Array;
}

const DET: DeterminantRoute = {
  ours: x => det(x),
  opsOnly: x => opsGaussJordanDeterminant(x),
  value64: det64,
  gradient64: detGradient64,
};

const LOG_ABS_DET: DeterminantRoute = {
  ours: x => slogdet(x).logAbsDet,
  opsOnly: x => tf.log(tf.abs(opsGaussJordanDeterminant(x))),
  value64: (a, n) => slogdet64(a, n).logAbsDet,
  gradient64: (a, n) => transpose(inverse64(a, n), n),
};

/**
 * The gradient of L = sum(w * f(X)), one weight per matrix, against the
 * float64 formula, float64 central differences of f and tf.grad through the
 * ops-only elimination.
 */
async function checkDeterminantGradient(
    route: DeterminantRoute, count: number, n: number, seed: number) {
  const matrices = determinantBatch(count, n, seed);
  const weights = roundToFloat32(
      Float64Array.from({length: count}, seededRandom(seed + 1)));
  const x = tensorOf(matrices, [count, n, n]);
  const w = tf.tensor1d(Float32Array.from(weights));
  const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(w, route.ours(x))))(x);
  const gOps = tf.grad(
      (x: tf.Tensor) => tf.sum(tf.mul(w, route.opsOnly(x as tf.Tensor3D))))(x);
  const [got, ops] = [await values(g), await values(gOps)];
  tf.dispose([x, w, g, gOps]);
  matrices.forEach((m, b) => {
    const gb = matrixAt(got, b, n);
    checkClose(
        `matrix ${b} vs float64 formula`, gb,
        route.gradient64(m, n).map(v => weights[b] * v), 1e-5);
    checkClose(
        `matrix ${b} vs float64 central differences`, gb,
        numericalGradient64(m => weights[b] * route.value64(m, n), m, H64),
        1e-5);
    checkClose(
        `matrix ${b} vs tf.grad of an ops-only elimination`, gb,
        matrixAt(ops, b, n), 1e-4);
  });
}

for (const n of [1, 2, 3, 6]) {
  add('gradient', `det is det(A) A^-T at invertible ${n}x${n}, batch [3]`,
      () => checkDeterminantGradient(DET, 3, n, 2100 + n));
  add('gradient', `slogdet's log|det| is A^-T at invertible ${n}x${n}`,
      () => checkDeterminantGradient(LOG_ABS_DET, 3, n, 2200 + n));
}

add('gradient', 'slogdet\'s sign has a zero gradient', async () => {
  const x = tensorOf(determinantBatch(2, 3, 2210), [2, 3, 3]);
  const g = tf.grad((x: tf.Tensor) => tf.sum(slogdet(x).sign))(x);
  checkClose('gradient of sign', await values(g), new Array(18).fill(0), 0);
  tf.dispose([x, g]);
});

/**
 * det's gradient at singular matrices, against the cofactors by minors in
 * float64. At rank n - 1 it is computed in float32 through an invertible
 * neighbour of the matrix, whose condition number multiplies the float32
 * rounding: 1e-4 leaves room for condition numbers of some hundreds. At
 * rank n - 2 or less the cofactors are 0 (in float64, within its rounding),
 * and the gradient must be 0 within 1e-5 of max|x|^(n - 1), the cofactors'
 * scale.
 */
async function checkSingularDetGradient(n: number, matrices: Float64Array[]) {
  const x = tensorOf(matrices, [matrices.length, n, n]);
  const g = tf.grad((x: tf.Tensor) => tf.sum(det(x)))(x);
  const got = await values(g);
  tf.dispose([x, g]);
  matrices.forEach((m, b) => {
    const cofactors = cofactors64(m, n);
    const gb = matrixAt(got, b, n);
    const what = `matrix ${b} of ${n}x${n} [${m.slice(0, 8)}...]`;
    const scale = Math.pow(maxAbs(m), n - 1);
    if (maxAbs(cofactors) > 1e-12 * scale) {
      checkClose(what, gb, cofactors, 1e-4);
    } else {
      const tolerance = 1e-5 * scale;
      check(
          maxAbs(gb) <= tolerance,
          () => `${what}: gradient ${gb}, expected zeros`);
    }
  });
}

add('gradient', 'det at [[1, 2], [2, 4]] is the cofactor matrix', async () => {
  const x = tf.tensor2d([[1, 2], [2, 4]]);
  const g = tf.grad((x: tf.Tensor) => det(x))(x);
  checkClose('cofactors', await values(g), [4, -2, -2, 1], 4 * EPS32);
  tf.dispose([x, g]);
});
add('gradient', 'det at a 3x3 of rank 2 and a 5x5 of rank 4 is the cofactors',
    async () => {
      const random = seededRandom(2300);
      await checkSingularDetGradient(
          3, [withEqualRows(3, 0, 2, random), withEqualRows(3, 2, 1, random)]);
      await checkSingularDetGradient(
          5, [withEqualRows(5, 1, 3, random), withEqualRows(5, 4, 0, random)]);
    });
add('gradient', 'det at rank n - 2 is zero: zeros 3x3, a 4x4 of rank 2',
    async () => {
      await checkSingularDetGradient(3, [new Float64Array(9)]);
      const m = withEqualRows(4, 0, 2, seededRandom(2301));
      m.copyWithin(12, 4, 8);
      await checkSingularDetGradient(4, [m]);
    });
add('gradient', 'det of a batch of ranks n, n - 1 and n - 2', async () => {
  const random = seededRandom(2302);
  const rankTwoLess = withEqualRows(4, 1, 3, random);
  rankTwoLess.copyWithin(0, 8, 12);
  await checkSingularDetGradient(4, [
    roundToFloat32(wellConditioned(4, random)), withEqualRows(4, 0, 1, random),
    rankTwoLess
  ]);
});

/**
 * A Hessian-vector product through tf.grad of tf.grad, against central
 * differences along v of the float64 first derivative.
 */
async function checkDeterminantHessian(route: DeterminantRoute, seed: number) {
  const [count, n] = [2, 4];
  const matrices = determinantBatch(count, n, seed);
  const directions = randomMatrices(count, n, seededRandom(seed + 1));
  const [x, v] =
      [tensorOf(matrices, [count, n, n]), tensorOf(directions, [count, n, n])];
  const gradL = tf.grad((x: tf.Tensor) => tf.sum(route.ours(x)));
  const hvp = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(gradL(x), v)))(x);
  const got = await values(hvp);
  tf.dispose([x, v, hvp]);
  matrices.forEach((m, b) => {
    checkClose(
        `matrix ${b}`, matrixAt(got, b, n),
        centralDifference64(m => route.gradient64(m, n), m, directions[b], H64),
        1e-4);
  });
}

add('gradient', 'det second order: Hessian-vector product',
    () => checkDeterminantHessian(DET, 2400));
add('gradient', 'slogdet second order: Hessian-vector product of log|det|',
    () => checkDeterminantHessian(LOG_ABS_DET, 2401));

/**
 * The Hessian-vector product of L = sum(W * solve(A, B)) along (V_A, V_B),
 * both components, against central differences of the float64 gradient.
 */
async function checkSolveHessian(adjoint: boolean, seed: number) {
  const [n, k] = [4, 2];
  const random = seededRandom(seed);
  const am = roundToFloat32(wellConditioned(n, random));
  const [bm, wm, vb] = [0, 1, 2].map(() => randomRightHandSides(n, k, random));
  const va = roundToFloat32(randomMatrix(n, random));
  const [a, b, w] =
      [tensorOf([am], [n, n]), tensorOf([bm], [n, k]), tensorOf([wm], [n, k])];
  const [ta, tb] = [tensorOf([va], [n, n]), tensorOf([vb], [n, k])];
  const gradL = tf.grads(
      (a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.mul(w, solve(a, b, {adjoint}))));
  const [ha, hb] = tf.grads((a: tf.Tensor, b: tf.Tensor) => {
    const [ga, gb] = gradL([a, b]);
    return tf.add(tf.sum(tf.mul(ga, ta)), tf.sum(tf.mul(gb, tb)));
  })([a, b]);
  const got = [...await values(ha), ...await values(hb)];
  tf.dispose([a, b, w, ta, tb, ha, hb]);
  const expected = centralDifference64(ab => {
    const {da, db} =
        solveGradient64(ab.slice(0, n * n), ab.slice(n * n), wm, n, k, adjoint);
    return [...da, ...db];
  }, Float64Array.from([...am, ...bm]), Float64Array.from([...va, ...vb]), H64);
  checkClose('Hessian-vector product', got, expected, 1e-4);
}

add('gradient', 'solve second order: Hessian-vector product in a and b',
    () => checkSolveHessian(false, 2500));
add('gradient', 'solve second order: Hessian-vector product, adjoint',
    () => checkSolveHessian(true, 2501));

add('gradient', 'solve, det and slogdet of empty shapes have empty gradients',
    async () => {
      for (const [aShape, bShape] of [
               [[2, 0, 0], [2, 0, 3]], [[2, 3, 3], [2, 3, 0]],
               [[0, 3, 3], [0, 3, 2]]]) {
        const [a, b] = [tf.zeros(aShape), tf.zeros(bShape)];
        // An explicit dy: webgl's tf.sum rejects empty tensors.
        const [ga, gb] = tf.grads((a: tf.Tensor, b: tf.Tensor) => solve(a, b))(
            [a, b], tf.zeros(bShape));
        check(
            tf.util.arraysEqual(ga.shape, aShape) &&
                tf.util.arraysEqual(gb.shape, bShape),
            () => `a [${aShape}], b [${bShape}]: ${ga.shape}, ${gb.shape}`);
        const batch = aShape.slice(0, -2);
        const gd = tf.grad((x: tf.Tensor) => det(x))(a, tf.ones(batch));
        const gl =
            tf.grad((x: tf.Tensor) => slogdet(x).logAbsDet)(a, tf.ones(batch));
        check(
            tf.util.arraysEqual(gd.shape, aShape) &&
                tf.util.arraysEqual(gl.shape, aShape),
            () => `[${aShape}]: ${gd.shape}, ${gl.shape}`);
        tf.dispose([a, b, ga, gb, gd, gl]);
      }
    });

// ---------------------------------------------------------------- singular

function equalRowMatrices(n: number, seed: number): Float64Array[] {
  const random = seededRandom(seed);
  return equalRowPairs(n).map(
      ([from, to]) => withEqualRows(n, from, to, random));
}

function zeroRowMatrices(n: number, seed: number): Float64Array[] {
  const random = seededRandom(seed);
  return [0, n >> 1, n - 1].map(row => {
    return withZeroRow(roundToFloat32(randomMatrix(n, random)), n, row);
  });
}

/**
 * `matrices` repeated to at least 128 entries in all. tfjs's webgl backend
 * hands smaller inputs whose data is on the CPU to its cpu routine
 * (shouldExecuteOnCPU); this makes its GPU programs see small singular
 * matrices too.
 */
function repeatedToGpuSize(matrices: Float64Array[], n: number) {
  const copies = Math.ceil(128 / (matrices.length * n * n));
  return Array.from({length: copies}, () => matrices).flat();
}

/**
 * Solves the systems of `matrices` (n x n) in one batch behind a
 * well-conditioned one, and checks that each is reported: info in 1..n and
 * an all-NaN solution; and that the first system is solved as if alone.
 */
async function checkSolveFlagged(
    n: number, matrices: Float64Array[], adjoint = false) {
  const k = 2;
  const random = seededRandom(n);
  const all = [
    roundToFloat32(wellConditioned(n, random)),
    ...repeatedToGpuSize(matrices, n)
  ];
  const rhs = all.map(() => randomRightHandSides(n, k, random));
  const [a, b] =
      [tensorOf(all, [all.length, n, n]), tensorOf(rhs, [all.length, n, k])];
  const {solution, info} = solveEx(a, b, {adjoint});
  const [x, steps] = [await values(solution), await info.data()];
  tf.dispose([a, b, solution, info]);
  check(steps[0] === 0, () => `the invertible system got info ${steps[0]}`);
  checkSolution(
      'the invertible system', blockAt(x, 0, n * k),
      adjoint ? transpose(all[0], n) : all[0], rhs[0], n, k);
  for (let i = 1; i < all.length; i++) {
    const show = () =>
        `system ${i - 1} of ${n}x${n} [${Array.from(all[i]).slice(0, 8)}...]`;
    check(steps[i] > 0 && steps[i] <= n, () => `${show()}: info ${steps[i]}`);
    check(
        blockAt(x, i, n * k).every(Number.isNaN),
        () => `${show()}: solution not all NaN`);
  }
}

add('singular', 'solve: two equal rows are always flagged, n = 2..40',
    async () => {
      for (const n of SINGULAR_SIZES) {
        await checkSolveFlagged(n, equalRowMatrices(n, 3000 + n));
      }
    });
add('singular', 'solve: two equal columns are always flagged with adjoint',
    async () => {
      for (const n of SINGULAR_SIZES) {
        await checkSolveFlagged(
            n, equalRowMatrices(n, 3100 + n).map(m => transpose(m, n)), true);
      }
    });
add('singular', 'solve: a zero row or a zero column is always flagged',
    async () => {
      for (const n of SINGULAR_SIZES) {
        const zeroRows = zeroRowMatrices(n, 3200 + n);
        await checkSolveFlagged(
            n, [...zeroRows, ...zeroRows.map(m => transpose(m, n))]);
      }
    });

/** Matrices with a NaN or an infinite entry, after a zero column or not. */
function nonFiniteMatrices(n: number, seed: number): Float64Array[] {
  const random = seededRandom(seed);
  const places: Array<[number, number]> =
      [[0, 0], [n - 1, n - 1], [n >> 1, 1 % n], [0, n - 1]];
  return places.flatMap(([i, j], p) => {
    const m = roundToFloat32(randomMatrix(n, random));
    const value = [NaN, Infinity, -Infinity][p % 3];
    m[i * n + j] = value;
    if (n === 1) {
      return [m];
    }
    // The same entry behind a zero first column: the elimination meets a
    // zero pivot before it.
    const behindZeroColumn = Float64Array.from(m);
    for (let r = 0; r < n; r++) behindZeroColumn[r * n] = 0;
    behindZeroColumn[i * n + Math.max(j, 1)] = value;
    return [m, behindZeroColumn];
  });
}

add('singular', 'solve: NaN or Infinity in a gives NaN and info > 0',
    async () => {
      for (const n of [1, 2, 3, 9, 12]) {
        await checkSolveFlagged(n, nonFiniteMatrices(n, 3300 + n));
        await checkSolveFlagged(n, nonFiniteMatrices(n, 3400 + n), true);
      }
    });

/**
 * det and slogdet of `matrices` in one batch behind a well-conditioned
 * matrix: each either singular (det exactly 0, sign 0, log|det| -Infinity)
 * or non-finite (all NaN).
 */
async function checkDeterminantsFlagged(
    n: number, matrices: Float64Array[], expected: 'singular'|'NaN') {
  const all = [
    roundToFloat32(wellConditioned(n, seededRandom(n))),
    ...repeatedToGpuSize(matrices, n)
  ];
  const x = tensorOf(all, [all.length, n, n]);
  const d = det(x);
  const {sign, logAbsDet} = slogdet(x);
  const [dets, signs, logs] =
      [await values(d), await values(sign), await values(logAbsDet)];
  tf.dispose([x, d, sign, logAbsDet]);
  const exact = slogdet64(all[0], n);
  check(
      signs[0] === exact.sign &&
          Math.abs(logs[0] - exact.logAbsDet) <=
              lapackFloat32LogDetBound(all[0], n) +
                  Math.abs(exact.logAbsDet) * EPS32,
      () => `the invertible matrix: sign ${signs[0]}, log|det| ${logs[0]}, ` +
          `expected ${exact.sign}, ${exact.logAbsDet}`);
  for (let i = 1; i < all.length; i++) {
    const got = [dets[i], signs[i], logs[i]];
    const ok = expected === 'singular' ?
        got[0] === 0 && got[1] === 0 && got[2] === -Infinity :
        got.every(Number.isNaN);
    check(
        ok,
        () => `matrix ${i - 1} of ${n}x${n} ` +
            `[${Array.from(all[i]).slice(0, 8)}...]: det, sign, log|det| ` +
            `${got}, expected ${expected}`);
  }
}

add('singular', 'det is exactly 0 (slogdet 0, -Infinity) for equal rows',
    async () => {
      for (const n of SINGULAR_SIZES) {
        // Rows only: equal columns need not meet an exactly zero pivot.
        await checkDeterminantsFlagged(
            n, equalRowMatrices(n, 3500 + n), 'singular');
      }
    });
add('singular', 'det is exactly 0 (slogdet 0, -Infinity) for zero rows',
    async () => {
      for (const n of SINGULAR_SIZES) {
        const zeroRows = zeroRowMatrices(n, 3600 + n);
        await checkDeterminantsFlagged(
            n, [...zeroRows, ...zeroRows.map(m => transpose(m, n))],
            'singular');
      }
    });
add('singular', 'det and slogdet are NaN for NaN or Infinity entries',
    async () => {
      for (const n of [1, 2, 3, 9, 12]) {
        await checkDeterminantsFlagged(
            n, nonFiniteMatrices(n, 3700 + n), 'NaN');
      }
    });

/**
 * Diagonally dominant matrices of small integers: exact in float32, and so
 * are they times any power of two in its range.
 */
function integerMatrices(count: number, n: number, seed: number) {
  const random = seededRandom(seed);
  return Array.from({length: count}, () => {
    const m =
        Float64Array.from({length: n * n}, () => Math.round(random() * 4) || 1);
    for (let i = 0; i < n; i++) m[i * n + i] = 4 * n * Math.sign(random() || 1);
    return m;
  });
}

add('singular', 'solve: entries near 1e30 and 1e-30 solve as unscaled',
    async () => {
      // 2^100 is 1.3e30. The solution, scaled by 2^(f - e), stays a normal
      // float32 number.
      for (const [e, f] of [[100, 0], [-100, 0], [100, 100], [-100, -100]]) {
        for (const n of [2, 3, 7]) {
          const matrices =
              repeatedToGpuSize(integerMatrices(2, n, 3800 + n), n);
          const rhs = repeatedToGpuSize(integerMatrices(2, n, 3900 + n), n);
          const count = matrices.length;
          const [sa, sb] = [Math.pow(2, e), Math.pow(2, f)];
          const a =
              tensorOf(matrices.map(m => m.map(v => v * sa)), [count, n, n]);
          const b = tensorOf(rhs.map(m => m.map(v => v * sb)), [count, n, n]);
          const {solution, info} = solveEx(a, b, {adjoint: e < 0});
          const [x, steps] = [await values(solution), await info.data()];
          tf.dispose([a, b, solution, info]);
          for (let i = 0; i < count; i++) {
            const what = `2^${e} a, 2^${f} b, ${n}x${n}, system ${i}`;
            check(steps[i] === 0, () => `${what}: info ${steps[i]}`);
            checkSolution(
                what, matrixAt(x, i, n).map(v => v * sa / sb),
                e < 0 ? transpose(matrices[i], n) : matrices[i], rhs[i], n, n);
          }
        }
      }
    });
add('singular', 'slogdet of entries near 1e30 and 1e-30', async () => {
  for (const e of [100, -100]) {
    const n = 7;
    const matrices = integerMatrices(3, n, 4000);
    const scale = Math.pow(2, e);
    const x = tensorOf(matrices.map(m => m.map(v => v * scale)), [3, n, n]);
    const {sign, logAbsDet} = slogdet(x);
    const [signs, logs] = [await values(sign), await values(logAbsDet)];
    tf.dispose([x, sign, logAbsDet]);
    matrices.forEach((m, i) => {
      const exact = slogdet64(m, n);
      const expected = exact.logAbsDet + n * e * Math.LN2;
      const bound = lapackFloat32LogDetBound(m, n) + Math.abs(expected) * EPS32;
      check(
          signs[i] === exact.sign && Math.abs(logs[i] - expected) <= bound,
          () => `2^${e} scale, matrix ${i}: sign ${signs[i]}, log|det| ` +
              `${logs[i]}, expected ${exact.sign}, ${expected}`);
    });
  }
});

// ---------------------------------------------------------------- bad input

add('bad input', 'solve: a of rank 1 or not square, naming op and shape',
    async () => {
      checkThrows(
          () => solve(tf.tensor1d([1, 2, 3]), [[1], [2], [3]]),
          /solve: a must have shape \[\.\.\., n, n\].*got shape \[3\]/);
      checkThrows(
          () => solveEx(tf.zeros([2, 3]), tf.zeros([2, 1])),
          /solveEx: a must have shape \[\.\.\., n, n\].*got shape \[2,3\]/);
    });
add('bad input', 'det, slogdet: x of rank 1 or not square, naming op and shape',
    async () => {
      checkThrows(
          () => det(tf.tensor1d([1, 2, 3])),
          /det: x must have shape \[\.\.\., n, n\].*got shape \[3\]/);
      checkThrows(
          () => slogdet(tf.zeros([2, 2, 3])),
          /slogdet: x must have shape \[\.\.\., n, n\].*got shape \[2,2,3\]/);
    });
add('bad input', 'solve: b with the wrong n or of rank 1', async () => {
  checkThrows(
      () => solve(tf.eye(3), tf.zeros([2, 1])),
      /solve: b must have shape \[\.\.\., n, k\] with n = 3.*got shape \[2,1\]/);
  checkThrows(
      () => solveEx(tf.eye(3), [1, 2, 3]),
      /solveEx: b must have shape \[\.\.\., n, k\] with n = 3.*got shape \[3\]/);
});
add('bad input', 'solve: batch shapes that do not broadcast', async () => {
  checkThrows(
      () => solve(tf.zeros([2, 3, 3]), tf.zeros([3, 3, 1])),
      /solve: the batch shapes of a \[2,3,3\] and b \[3,3,1\] do not broadcast/);
  checkThrows(
      () => solveEx(tf.zeros([2, 1, 2, 2]), tf.zeros([3, 3, 2, 2])),
      /solveEx: the batch shapes of a \[2,1,2,2\] and b \[3,3,2,2\] do not broadcast/);
});
add('bad input', 'solve, det, slogdet: bool and string, naming the argument',
    async () => {
      const flags = tf.tensor2d([[true, false], [false, true]], [2, 2], 'bool');
      checkThrows(
          () => solve(flags, [[1], [2]]),
          /solve: a must have dtype float32.*got bool/);
      checkThrows(
          () => solveEx(tf.eye(2), [['a'], ['b']]),
          /solveEx: b must have dtype float32.*got string/);
      checkThrows(() => det(flags), /det: x must have dtype float32.*got bool/);
      checkThrows(
          () => slogdet([['a']]),
          /slogdet: x must have dtype float32.*got string/);
      flags.dispose();
    });
add('bad input', 'solve, det, slogdet: disposed tensors, naming the argument',
    async () => {
      const [x, b, live] = [tf.eye(2), tf.ones([2, 1]), tf.eye(2)];
      tf.dispose([x, b]);
      checkThrows(
          () => solve(x, [[1], [2]]),
          /solve: a must be a live Tensor.*disposed/);
      checkThrows(
          () => solveEx(live, b), /solveEx: b must be a live Tensor.*disposed/);
      checkThrows(() => det(x), /det: x must be a live Tensor.*disposed/);
      checkThrows(
          () => slogdet(x), /slogdet: x must be a live Tensor.*disposed/);
      live.dispose();
    });
add('bad input', 'solve, solveEx: options that are not an object', async () => {
  const [a, b] = [tf.eye(2), tf.ones([2, 1])];
  for (const options of [null, 'adjoint', true, [true]]) {
    checkThrows(
        () => solve(a, b, options as unknown as {}),
        /solve: options must be an object.*but got/);
    checkThrows(
        () => solveEx(a, b, options as unknown as {}),
        /solveEx: options must be an object.*but got/);
  }
  tf.dispose([a, b]);
});
add('bad input', 'solve, solveEx: an adjoint that is not a boolean',
    async () => {
      const [a, b] = [tf.eye(2), tf.ones([2, 1])];
      checkThrows(
          () => solve(a, b, {adjoint: 'yes'} as unknown as {}),
          /solve: options.adjoint must be true or false.*'yes'/);
      checkThrows(
          () => solveEx(a, b, {adjoint: 1} as unknown as {}),
          /solveEx: options.adjoint must be true or false.*number 1/);
      tf.dispose([a, b]);
    });
add('bad input', 'solve, det: ragged or non-TensorLike input', async () => {
  checkThrows(
      () => solve([[1, 0], [0, 1]], [[1], [2, 3]]),
      /solve: b must be a Tensor or TensorLike.*ragged: b\[1\] is an array of length 2 where b\[0\] has length 1/);
  checkThrows(
      () => det(null as unknown as number[][]),
      /det: x must be a Tensor or TensorLike.*got null/);
});

// ---------------------------------------------------------------- memory


add('memory', 'solve and solveEx leak no tensor, forward and gradient',
    async () => {
      const a = tensorOf(
          wellConditionedMatrices(3, 5, seededRandom(5000)), [3, 5, 5]);
      const b = tf.ones([5, 2]);
      const loss = (a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(solve(a, b, {adjoint: true}));
      await checkNoLeak(() => {
        const {solution, info} = solveEx(a, b);
        return [solve(a, b), solution, info];
      });
      await checkNoLeak(() => tf.tidy(() => {
        const [ga, gb] = tf.grads(loss)([a, b]);
        const [ha] = tf.grads(
            (a: tf.Tensor, b: tf.Tensor) =>
                tf.sum(tf.grads(loss)([a, b])[0]))([a, b]);
        return [ga, gb, ha];
      }));
      tf.dispose([a, b]);
    });
add('memory', 'det leaks no tensor, forward and gradient, singular included',
    async () => {
      const x = tensorOf(
          [
            roundToFloat32(wellConditioned(4, seededRandom(5001))),
            withEqualRows(4, 0, 3, seededRandom(5002)), new Float64Array(16)
          ],
          [3, 4, 4]);
      await checkNoLeak(() => [det(x)]);
      await checkNoLeak(() => tf.tidy(() => {
        const f = (x: tf.Tensor) => tf.sum(det(x));
        return [
          tf.grad(f)(x), tf.grad((x: tf.Tensor) => tf.sum(tf.grad(f)(x)))(x)
        ];
      }));
      x.dispose();
    });
add('memory', 'slogdet leaks no tensor, forward and gradient', async () => {
  const x = tensorOf(determinantBatch(3, 4, 5003), [3, 4, 4]);
  await checkNoLeak(() => {
    const {sign, logAbsDet} = slogdet(x);
    return [sign, logAbsDet];
  });
  await checkNoLeak(() => tf.tidy(() => {
    const f = (x: tf.Tensor) => {
      const {sign, logAbsDet} = slogdet(x);
      return tf.add(tf.sum(sign), tf.sum(logAbsDet));
    };
    return [tf.grad(f)(x), tf.grad((x: tf.Tensor) => tf.sum(tf.grad(f)(x)))(x)];
  }));
  x.dispose();
});
