import {KernelConfig, KernelFunc} from '@tensorflow/tfjs-core';

import {LogMatrixDeterminant, LogMatrixDeterminantInputs, LogMatrixDeterminantOutputs} from '../../kernel_names';
import {WasmBackendLike} from '../backend_types';
import {logDeterminantsFrom} from '../shared/determinant_impl';

import {factorWasm, outputOf} from './factor_wasm';

export function logMatrixDeterminantWasm(
    args: {inputs: LogMatrixDeterminantInputs, backend: WasmBackendLike}):
    LogMatrixDeterminantOutputs {
  const {inputs: {input}, backend} = args;
  const {factored, n, batchShape} = factorWasm(backend, input);
  const {sign, logAbsDeterminant} = logDeterminantsFrom(factored, n);
  return [
    outputOf(backend, batchShape, sign),
    outputOf(backend, batchShape, logAbsDeterminant),
  ];
}

export const logMatrixDeterminantWasmConfig: KernelConfig = {
  kernelName: LogMatrixDeterminant,
  backendName: 'wasm',
  kernelFunc: logMatrixDeterminantWasm as unknown as KernelFunc,
};
