import {KernelConfig, KernelFunc, TensorInfo} from '@tensorflow/tfjs-core';

import {MatrixDeterminant, MatrixDeterminantInputs} from '../../kernel_names';
import {WasmBackendLike} from '../backend_types';
import {determinantsFrom} from '../shared/determinant_impl';

import {factorWasm, outputOf} from './factor_wasm';

export function matrixDeterminantWasm(
    args: {inputs: MatrixDeterminantInputs, backend: WasmBackendLike}):
    TensorInfo {
  const {inputs: {input}, backend} = args;
  const {factored, n, batchShape} = factorWasm(backend, input);
  return outputOf(backend, batchShape, determinantsFrom(factored, n));
}

export const matrixDeterminantWasmConfig: KernelConfig = {
  kernelName: MatrixDeterminant,
  backendName: 'wasm',
  kernelFunc: matrixDeterminantWasm as unknown as KernelFunc,
};
