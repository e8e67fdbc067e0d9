/**
 * The shared cases on tfjs's wasm backend in Node, and what is the wasm
 * kernels' own: the engine (src/cc/) gives the JavaScript routine's results
 * to the bit, the first call before the engine is ready is already right,
 * and nothing grows in tfjs's heap over many steps.
 */
// The union package registers the cpu backend and every op's gradient.
import '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

import * as tf from '@tensorflow/tfjs-core';

import {det, matrixInverse, matrixInverseEx, slogdet, solveEx} from '../../src';
import {WasmBackendLike} from '../../src/kernels/backend_types';
import {determinantsFrom, factorEach, logDeterminantsFrom} from '../../src/kernels/shared/determinant_impl';
import {gradientEach} from '../../src/kernels/shared/matrix_inverse_grad_impl';
import {invertEach} from '../../src/kernels/shared/matrix_inverse_impl';
import {matrixSolveInto} from '../../src/kernels/shared/matrix_solve_impl';
import {engineIn, engineReadyIn} from '../../src/kernels/wasm/engine';
import {ownMemoryEngineReady} from '../../src/kernels/wasm/own_memory_engine';
import {heapMemory} from '../../src/kernels/wasm/wasm_heap';
import {seededRandom} from '../../tools/random';
import {checkSingularContract} from '../singular_property';
import {describeCases} from '../suite';

function currentHeap(): WebAssembly.Memory {
  return heapMemory(tf.backend() as unknown as WasmBackendLike)!;
}

/** Both arrays hold the same float32 values, NaNs and signed zeros included. */
function expectSameBits(
    actual: ArrayLike<number>, expected: ArrayLike<number>) {
  expect(actual.length).toBe(expected.length);
  const differing: number[] = [];
  for (let k = 0; k < expected.length; k++) {
    if (!Object.is(actual[k], expected[k])) {
      differing.push(k);
    }
  }
  expect(differing.slice(0, 5)).toEqual([]);
}

/** The JavaScript routines alone, never the engine: the reference here. */
const javaScript = {
  inverse(values: Float32Array, batch: number, n: number, adjoint: boolean) {
    const out = {
      inverse: new Float32Array(batch * n * n),
      info: new Int32Array(batch),
      rcond: new Float32Array(batch),
    };
    invertEach(values, batch, n, adjoint, out);
    return out;
  },
  solve(
      matrix: Float32Array, rhs: Float32Array, batch: number, n: number,
      k: number, adjoint: boolean) {
    const out = {
      solution: new Float32Array(batch * n * k),
      info: new Int32Array(batch),
    };
    matrixSolveInto(matrix, rhs, batch, n, k, adjoint, out);
    return out;
  },
  determinants(values: Float32Array, batch: number, n: number) {
    return determinantsFrom(factorEach(values, batch, n), n);
  },
  logDeterminants(values: Float32Array, batch: number, n: number) {
    return logDeterminantsFrom(factorEach(values, batch, n), n);
  },
  gradient(
      y: Float32Array, dy: Float32Array, batch: number, n: number,
      adjoint: boolean) {
    const dx = new Float32Array(batch * n * n);
    gradientEach(y, dy, batch, n, adjoint, dx);
    return dx;
  },
};

beforeAll(async () => {
  await tf.setBackend('wasm');
});

describe('the first calls, before the engine is ready', () => {
  test('run the JavaScript routine and are already right', async () => {
    const memory = currentHeap();
    expect(engineIn(memory)).toBeNull();
    const values = Float32Array.from({length: 3 * 16 * 16}, seededRandom(7));
    const x = tf.tensor3d(values, [3, 16, 16]);
    const first = matrixInverseEx(x);
    expectSameBits(
        first.inverse.dataSync(),
        javaScript.inverse(values, 3, 16, false).inverse);
    expect(await engineReadyIn(memory)).not.toBeNull();
    const ready = matrixInverseEx(x);
    expectSameBits(ready.inverse.dataSync(), first.inverse.dataSync());
    expectSameBits(ready.rcond.dataSync(), first.rcond.dataSync());
    tf.dispose([x, ...Object.values(first), ...Object.values(ready)]);
  });
});

describe('matrixInverse on wasm', () => {
  beforeAll(async () => {
    expect(await engineReadyIn(currentHeap())).not.toBeNull();
  });

  describeCases(testCase => testCase.run());

  test(
      'the singular-matrix contract on ~2,000 fixture matrices, with LAPACK\'s verdicts',
      () => checkSingularContract('wasm'));
});

/**
 * Matrices that meet every branch of the elimination: random ones, and ones
 * with equal rows, a zero column, NaN and Infinity entries, huge and tiny
 * scales.
 */
function testMatrices(batch: number, n: number, seed: number): Float32Array {
  const values = Float32Array.from({length: batch * n * n}, seededRandom(seed));
  const at = (b: number, i: number, j: number) => b * n * n + i * n + j;
  for (let b = 0; b < batch; b++) {
    const kind = b % 6;
    const i = b % n;
    const j = (b * 7) % n;
    if (kind === 1 && n > 1) {
      values.copyWithin(at(b, (i + 1) % n, 0), at(b, i, 0), at(b, i, n));
    } else if (kind === 2) {
      for (let r = 0; r < n; r++) values[at(b, r, j)] = 0;
    } else if (kind === 3) {
      values[at(b, i, j)] = b % 12 === 3 ? NaN : Infinity;
    } else if (kind === 4) {
      for (let k = 0; k < n * n; k++) values[at(b, 0, 0) + k] *= 2 ** 100;
    } else if (kind === 5) {
      for (let k = 0; k < n * n; k++) values[at(b, 0, 0) + k] *= 2 ** -100;
    }
  }
  return values;
}

describe.each([
  ['wasm', 'in place in tfjs\'s heap'],
  ['cpu', 'in a memory of its own'],
])('on %s, the engine (%s) gives the JavaScript routines\' results to the bit',
   backendName => {
     beforeAll(async () => {
       await tf.setBackend(backendName);
       const ready = backendName === 'wasm' ?
           (await engineReadyIn(currentHeap())) != null :
           await ownMemoryEngineReady();
       expect(ready).toBe(true);
     });
     afterAll(async () => {
       await tf.setBackend('wasm');
     });

     const sizes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 31, 33, 64, 100];

     test.each(sizes)('inverse, info and rcond, n = %i', n => {
       const batch = 12;
       const values = testMatrices(batch, n, n);
       for (const adjoint of [false, true]) {
         const expected = javaScript.inverse(values, batch, n, adjoint);
         const x = tf.tensor3d(values, [batch, n, n]);
         const actual = matrixInverseEx(x, {adjoint});
         expectSameBits(actual.inverse.dataSync(), expected.inverse);
         expectSameBits(actual.info.dataSync(), expected.info);
         expectSameBits(actual.rcond.dataSync(), expected.rcond);
         tf.dispose([x, ...Object.values(actual)]);
       }
     });

     test.each(sizes)('solve, n = %i, k = 1 and 3', n => {
       const batch = 12;
       const matrices = testMatrices(batch, n, n + 1);
       for (const k of [1, 3]) {
         const rhs =
             Float32Array.from({length: batch * n * k}, seededRandom(n + k));
         for (const adjoint of [false, true]) {
           const expected =
               javaScript.solve(matrices, rhs, batch, n, k, adjoint);
           const a = tf.tensor3d(matrices, [batch, n, n]);
           const b = tf.tensor3d(rhs, [batch, n, k]);
           const actual = solveEx(a, b, {adjoint});
           expectSameBits(actual.solution.dataSync(), expected.solution);
           expectSameBits(actual.info.dataSync(), expected.info);
           tf.dispose([a, b, actual.solution, actual.info]);
         }
       }
     });

     test.each(sizes)('det and slogdet, n = %i', n => {
       const batch = 12;
       const values = testMatrices(batch, n, n + 2);
       const x = tf.tensor3d(values, [batch, n, n]);
       const {sign, logAbsDet} = slogdet(x);
       const determinant = det(x);
       const expected = javaScript.logDeterminants(values, batch, n);
       expectSameBits(
           determinant.dataSync(), javaScript.determinants(values, batch, n));
       expectSameBits(sign.dataSync(), expected.sign);
       expectSameBits(logAbsDet.dataSync(), expected.logAbsDeterminant);
       tf.dispose([x, sign, logAbsDet, determinant]);
     });

     test.each(sizes)('the inverse\'s fused gradient, n = %i', n => {
       const batch = 4;
       const values =
           testMatrices(batch, n, n + 3).map(v => isFinite(v) ? v : 1);
       const upstream =
           Float32Array.from({length: batch * n * n}, seededRandom(n + 4));
       for (const adjoint of [false, true]) {
         const y = javaScript.inverse(values, batch, n, adjoint).inverse;
         const expected = javaScript.gradient(y, upstream, batch, n, adjoint);
         const actual = tf.tidy(() => {
           const x = tf.tensor3d(values, [batch, n, n]);
           const dy = tf.tensor3d(upstream, [batch, n, n]);
           return tf.grad(
               (a: tf.Tensor) =>
                   tf.sum(tf.mul(matrixInverse(a, {adjoint}), dy)))(x);
         });
         // d/dX sum(inverse(X) * dY) is the fused kernel's dX exactly.
         expectSameBits(actual.dataSync(), expected);
         tf.dispose(actual);
       }
     });
   });

test(
    'in a shared memory (tfjs\'s multi-threaded heap), the module built for one gives the same bits',
    async () => {
      const memory =
          new WebAssembly.Memory({initial: 16, maximum: 1024, shared: true});
      const engine = await engineReadyIn(memory);
      expect(engine).not.toBeNull();
      const batch = 6;
      const n = 16;
      const values = testMatrices(batch, n, 21);
      const inverseAt = 4 * batch * n * n;
      const infoAt = 2 * inverseAt;
      const rcondAt = infoAt + 4 * batch;
      const scratchAt = rcondAt + 8 * batch;
      new Float32Array(memory.buffer, 0, batch * n * n).set(values);
      engine!.matrix_inverse(
          0, inverseAt, infoAt, rcondAt, batch, n, 0, scratchAt);
      const expected = javaScript.inverse(values, batch, n, false);
      expectSameBits(
          new Float32Array(memory.buffer, inverseAt, batch * n * n),
          expected.inverse);
      expectSameBits(
          new Int32Array(memory.buffer, infoAt, batch), expected.info);
      expectSameBits(
          new Float32Array(memory.buffer, rcondAt, batch), expected.rcond);
    });

test(
    '1,000 forward and backward steps grow neither the tensors nor the heap',
    async () => {
      const memory = currentHeap();
      expect(await engineReadyIn(memory)).not.toBeNull();
      const x = tf.tensor3d(
          Float32Array.from({length: 4 * 24 * 24}, seededRandom(3)),
          [4, 24, 24]);
      const step = () => tf.tidy(() => {
        const loss = (a: tf.Tensor) => tf.add(
            tf.sum(matrixInverse(a)),
            tf.add(
                tf.sum(det(a)),
                tf.sum(solveEx(a, tf.ones([4, 24, 2])).solution)));
        return tf.sum(tf.grad(loss)(x)).dataSync()[0];
      });
      step();
      const backend = tf.backend();
      const dataIds = backend.numDataIds();
      const heapBytes = memory.buffer.byteLength;
      for (let i = 0; i < 1000; i++) {
        step();
      }
      expect(backend.numDataIds()).toBe(dataIds);
      expect(memory.buffer.byteLength).toBe(heapBytes);
      x.dispose();
    });
