/**
 * The dispatch sequence of the one webgpu elimination (programs and working
 * buffer in elimination_webgpu.ts) that every webgpu linear algebra kernel
 * runs, with the kernel's outputs: one dispatch for n <= 32, 2n + 3 beyond,
 * whatever the batch size. Nothing is read back to the CPU.
 */
import {TensorInfo} from '@tensorflow/tfjs-core';

import {WebGPUBackendLike} from '../backend_types';

import {EliminationLoadProgram, EliminationOutputsProgram, EliminationStepProgram, PivotRowProgram, RowExponentProgram} from './elimination_webgpu';
import {runMultiOutputProgram} from './multi_output_dispatch';

/**
 * A view of t as [batch, rows, columns]: a webgpu tensor is a dense
 * row-major buffer, so only the shape changes.
 */
export function batchView(
    t: TensorInfo, batch: number, rows: number, columns: number): TensorInfo {
  return {dataId: t.dataId, shape: [batch, rows, columns], dtype: t.dtype};
}

/**
 * The outputs of `program` for x [batch, n, n] (A = x, or its transpose
 * with the program's `adjoint`), with the right-hand sides `rhs`
 * [batch, n, k] carried along, if given, in the order of the kernel's
 * outputs. One dispatch where the program eliminates each matrix itself,
 * else the 2n + 2 dispatches of eliminatedWorkingBuffer() and then it.
 */
export function runEliminationOutputs(
    backend: WebGPUBackendLike, program: EliminationOutputsProgram,
    x: TensorInfo, rhs?: TensorInfo): TensorInfo[] {
  if (program.eliminates) {
    const [workingBuffer, ...outputs] =
        runMultiOutputProgram(backend, program, rhs == null ? [x] : [x, rhs]);
    backend.disposeData(workingBuffer.dataId);
    return outputs;
  }
  const a = eliminatedWorkingBuffer(backend, x, program.adjoint, rhs);
  const outputs =
      runMultiOutputProgram(backend, program, program.readsX ? [a, x] : [a]);
  backend.disposeData(a.dataId);
  return outputs;
}

/**
 * The eliminated working buffer of A with the right-hand sides carried
 * along, every entry in parallel: 2n + 2 dispatches, whatever the batch
 * size and k.
 */
function eliminatedWorkingBuffer(
    backend: WebGPUBackendLike, x: TensorInfo, adjoint: boolean,
    rhs?: TensorInfo): TensorInfo {
  const [batch, n] = x.shape;
  const rhsColumns = rhs == null ? 0 : rhs.shape[2];
  const rowExponents = backend.runWebGPUProgram(
      new RowExponentProgram(batch, n, adjoint), [x], 'float32');
  const loaded = backend.runWebGPUProgram(
      new EliminationLoadProgram(batch, n, adjoint, rhsColumns),
      rhs == null ? [x, rowExponents] : [x, rowExponents, rhs], 'float32');
  backend.disposeData(rowExponents.dataId);
  return eliminate(backend, loaded);
}

/**
 * Every step on the working buffer `a`, two dispatches per pivot column with
 * the column in a uniform, so that one pipeline serves every step. Each
 * dispatch gets a program object of its own: the backend appends to a
 * program's shaderKey when it runs it. Disposes `a`; returns the eliminated
 * buffer.
 */
function eliminate(backend: WebGPUBackendLike, a: TensorInfo): TensorInfo {
  const [batch, n, width] = a.shape;
  for (let column = 0; column < n; column++) {
    const columnUniform = [{type: 'int32' as const, data: [column]}];
    const pivotRows = backend.runWebGPUProgram(
        new PivotRowProgram(batch, n, width), [a], 'int32', columnUniform);
    const eliminated = backend.runWebGPUProgram(
        new EliminationStepProgram(batch, n, width), [a, pivotRows], 'float32',
        columnUniform);
    backend.disposeData(pivotRows.dataId);
    backend.disposeData(a.dataId);
    a = eliminated;
  }
  return a;
}
