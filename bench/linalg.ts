/**
 * solve, det and slogdet: on the cpu backend against matrixInverse (an LU
 * is a third of an inverse's work), against ml-matrix's LU-based `solve`
 * and `determinant` and against the package's JavaScript routines alone; on
 * the wasm backend against the same; on the tensorflow backend against
 * TensorFlow's own kernels called directly. One right-hand side per system.
 */
import * as tf from '@tensorflow/tfjs';
import {determinant, Matrix, solve as mlSolve} from 'ml-matrix';

import {det, LogMatrixDeterminant, MatrixDeterminant, matrixInverse, MatrixSolve, slogdet, solve} from '../src';
import {determinantsFrom, factorEach, logDeterminantsFrom} from '../src/kernels/shared/determinant_impl';
import {matrixSolveInto} from '../src/kernels/shared/matrix_solve_impl';

import {BenchCase, Contender, mlMatricesOf, mlMatrixContender, Ratio, routineContender, Suite, tensorFlowKernelDeterminant, tensorFlowKernelLogDeterminant, tensorFlowKernelSolve, tfjsContender, toMlMatrices} from './contenders';
import {Check, determinantCheck, inverseCheck, LinearSystems, logDeterminantCheck, makeLinearSystems, solveCheck} from './inputs';

export const SOLVE_CPU = 'solve (cpu)';
export const DET_CPU = 'det (cpu)';
export const SLOGDET_CPU = 'slogdet (cpu)';
export const INVERSE_CPU = 'matrixInverse (cpu)';
export const SOLVE_JAVASCRIPT = 'solve (JavaScript routine)';
export const DET_JAVASCRIPT = 'det (JavaScript routine)';
export const SLOGDET_JAVASCRIPT = 'slogdet (JavaScript routine)';
export const SOLVE_WASM = 'solve (wasm)';
export const DET_WASM = 'det (wasm)';
export const SLOGDET_WASM = 'slogdet (wasm)';
export const ML_MATRIX_SOLVE = 'ml-matrix solve';
export const ML_MATRIX_DETERMINANT = 'ml-matrix determinant';
export const SOLVE_TENSORFLOW = 'solve (tensorflow)';
export const DET_TENSORFLOW = 'det (tensorflow)';
export const SLOGDET_TENSORFLOW = 'slogdet (tensorflow)';
export const KERNEL_SOLVE = 'TensorFlow\'s MatrixSolve';
export const KERNEL_DETERMINANT = 'TensorFlow\'s MatrixDeterminant';
export const KERNEL_LOG_DETERMINANT = 'TensorFlow\'s LogMatrixDeterminant';

/** Right-hand sides per system. */
export const RIGHT_HAND_SIDES = 1;

const CASES: BenchCase[] = [
  {n: 64, batch: 16},
  {n: 256, batch: 1},
  {n: 512, batch: 1},
];

const SIZES = CASES.map(c => c.n);

/** Times against matrixInverse and the kernels, throughputs otherwise. */
const RATIOS: Ratio[] = [
  ratio('solve/matrixInverse, time', SOLVE_CPU, INVERSE_CPU, 'time'),
  ratio('det/matrixInverse, time', DET_CPU, INVERSE_CPU, 'time'),
  ratio('slogdet/matrixInverse, time', SLOGDET_CPU, INVERSE_CPU, 'time'),
  ratio('solve/ml-matrix solve', SOLVE_CPU, ML_MATRIX_SOLVE, 'throughput'),
  ratio(
      'det/ml-matrix determinant', DET_CPU, ML_MATRIX_DETERMINANT,
      'throughput'),
  ratio(
      'slogdet/ml-matrix determinant', SLOGDET_CPU, ML_MATRIX_DETERMINANT,
      'throughput'),
  ratio('solve cpu/JS routine', SOLVE_CPU, SOLVE_JAVASCRIPT, 'throughput'),
  ratio('det cpu/JS routine', DET_CPU, DET_JAVASCRIPT, 'throughput'),
  ratio(
      'slogdet cpu/JS routine', SLOGDET_CPU, SLOGDET_JAVASCRIPT, 'throughput'),
  ratio('solve wasm/ml-matrix', SOLVE_WASM, ML_MATRIX_SOLVE, 'throughput'),
  ratio('det wasm/ml-matrix', DET_WASM, ML_MATRIX_DETERMINANT, 'throughput'),
  ratio(
      'slogdet wasm/ml-matrix', SLOGDET_WASM, ML_MATRIX_DETERMINANT,
      'throughput'),
  ratio('solve wasm/JS routine', SOLVE_WASM, SOLVE_JAVASCRIPT, 'throughput'),
  ratio('det wasm/JS routine', DET_WASM, DET_JAVASCRIPT, 'throughput'),
  ratio(
      'slogdet wasm/JS routine', SLOGDET_WASM, SLOGDET_JAVASCRIPT,
      'throughput'),
  ratio('solve: ours/kernel, time', SOLVE_TENSORFLOW, KERNEL_SOLVE, 'time'),
  ratio('det: ours/kernel, time', DET_TENSORFLOW, KERNEL_DETERMINANT, 'time'),
  ratio(
      'slogdet: ours/kernel, time', SLOGDET_TENSORFLOW, KERNEL_LOG_DETERMINANT,
      'time'),
];

function ratio(
    label: string, numerator: string, denominator: string,
    of: Ratio['of']): Ratio {
  return {label, numerator, denominator, of};
}

/**
 * The suite, and why contenders were left out: the tensorflow pairs need
 * the package's kernel registered for that backend.
 */
export function linalgSuite(withTensorFlow: boolean):
    {suite: Suite<LinearSystems>, skipped: Map<string, string>} {
  const skipped = new Map<string, string>();
  const contenders = [...cpuContenders(), ...wasmContenders()];
  for (const pair of tensorFlowPairs()) {
    const reason = !withTensorFlow ?
        'the tensorflow backend is not available' :
        tf.getKernel(pair.kernel, 'tensorflow') == null ?
        `kernel ${pair.kernel} is not registered for the tensorflow backend` :
        null;
    if (reason == null) {
      contenders.push(...pair.contenders);
    } else {
      pair.contenders.forEach(c => skipped.set(c.name, reason));
    }
  }
  return {
    suite: {
      cases: CASES,
      contenders,
      makeInput: ({n, batch}) => makeLinearSystems(n, batch, RIGHT_HAND_SIDES),
      flopsPerMatrix: null,
      ratios: RATIOS,
    },
    skipped,
  };
}

type LinalgContender = Contender<LinearSystems>;

function cpuContenders(): LinalgContender[] {
  return [
    systemsContender(SOLVE_CPU, 'cpu', solveCheck, ([a, b]) => solve(a, b)),
    systemsContender(DET_CPU, 'cpu', determinantCheck, ([x]) => det(x)),
    systemsContender(SLOGDET_CPU, 'cpu', logDeterminantCheck, slogdetOutputs),
    systemsContender(
        INVERSE_CPU, 'cpu', inverseCheck, ([x]) => matrixInverse(x)),
    mlMatrixContender(
        ML_MATRIX_SOLVE, SIZES, solveCheck,
        input => {
          const matrices = toMlMatrices(input);
          const rhs = mlMatricesOf(input.rhs, input.batch, input.n, input.k);
          return matrices.map((m, b) => () => mlSolve(m, rhs[b]));
        },
        (x: Matrix) => x.to1DArray()),
    mlMatrixContender(
        ML_MATRIX_DETERMINANT, SIZES, determinantCheck,
        input => toMlMatrices(input).map(m => () => determinant(m)),
        (d: number) => [d]),
    ...javaScriptRoutines(),
  ];
}

/**
 * The routines the cpu kernels ran before the WebAssembly engine, alone,
 * into fresh outputs on every call.
 */
function javaScriptRoutines(): LinalgContender[] {
  return [
    routineContender(
        SOLVE_JAVASCRIPT, SIZES, solveCheck,
        ({n, batch, values, k, rhs}) => () => {
          const out = {
            solution: new Float32Array(batch * n * k),
            info: new Int32Array(batch),
          };
          matrixSolveInto(values, rhs, batch, n, k, false, out);
          return out.solution.subarray(0, n * k);
        }),
    routineContender(
        DET_JAVASCRIPT, SIZES, determinantCheck,
        ({n, batch, values}) => () =>
            determinantsFrom(factorEach(values, batch, n), n)),
    routineContender(
        SLOGDET_JAVASCRIPT, SIZES, logDeterminantCheck,
        ({n, batch, values}) => () => {
          const {sign, logAbsDeterminant} =
              logDeterminantsFrom(factorEach(values, batch, n), n);
          return [sign[0], logAbsDeterminant[0]];
        }),
  ];
}

function wasmContenders(): LinalgContender[] {
  return [
    systemsContender(SOLVE_WASM, 'wasm', solveCheck, ([a, b]) => solve(a, b)),
    systemsContender(DET_WASM, 'wasm', determinantCheck, ([x]) => det(x)),
    systemsContender(SLOGDET_WASM, 'wasm', logDeterminantCheck, slogdetOutputs),
  ];
}

/** Ours on tensorflow and TensorFlow's kernel, per kernel. */
function tensorFlowPairs():
    Array<{kernel: string, contenders: LinalgContender[]}> {
  return [
    {
      kernel: MatrixSolve,
      contenders: [
        systemsContender(
            SOLVE_TENSORFLOW, 'tensorflow', solveCheck,
            ([a, b]) => solve(a, b)),
        systemsContender(
            KERNEL_SOLVE, 'tensorflow', solveCheck,
            ([a, b]) => tensorFlowKernelSolve(a, b)),
      ],
    },
    {
      kernel: MatrixDeterminant,
      contenders: [
        systemsContender(
            DET_TENSORFLOW, 'tensorflow', determinantCheck, ([x]) => det(x)),
        systemsContender(
            KERNEL_DETERMINANT, 'tensorflow', determinantCheck,
            ([x]) => tensorFlowKernelDeterminant(x)),
      ],
    },
    {
      kernel: LogMatrixDeterminant,
      contenders: [
        systemsContender(
            SLOGDET_TENSORFLOW, 'tensorflow', logDeterminantCheck,
            slogdetOutputs),
        systemsContender(
            KERNEL_LOG_DETERMINANT, 'tensorflow', logDeterminantCheck,
            ([x]) => tensorFlowKernelLogDeterminant(x)),
      ],
    },
  ];
}

/** A tfjs call on [a, b], the matrices and the right-hand sides. */
function systemsContender(
    name: string, backend: string, check: Check<LinearSystems>,
    compute: (operands: tf.Tensor[]) =>
        tf.Tensor | tf.Tensor[]): LinalgContender {
  return tfjsContender(name, backend, SIZES, check, compute, systemOperands);
}

function systemOperands({n, batch, values, k, rhs}: LinearSystems):
    tf.Tensor[] {
  return [tf.tensor3d(values, [batch, n, n]), tf.tensor3d(rhs, [batch, n, k])];
}

/** [sign, logAbsDet], the order of TensorFlow's outputs. */
function slogdetOutputs([x]: tf.Tensor[]): tf.Tensor[] {
  const {sign, logAbsDet} = slogdet(x);
  return [sign, logAbsDet];
}
