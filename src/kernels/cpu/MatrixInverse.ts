import {BackendValues, KernelConfig, KernelFunc, TensorInfo, TypedArray, util} from '@tensorflow/tfjs-core';

import {MatrixInverse, MatrixInverseAttrs, MatrixInverseInputs, MatrixInverseOutputs} from '../../kernel_names';
import {matrixInverseImpl} from '../shared/matrix_inverse_impl';

/**
 * What this kernel uses of tfjs-backend-cpu's MathBackendCPU. Declared here so
 * the package needs only tfjs-core at run time.
 */
export interface CpuBackend {
  data: {get(dataId: object): {values?: BackendValues}};
  makeTensorInfo(shape: number[], dtype: 'float32'|'int32', values: TypedArray):
      TensorInfo;
}

export function matrixInverseCpu(args: {
  inputs: MatrixInverseInputs,
  backend: CpuBackend,
  attrs: MatrixInverseAttrs
}): MatrixInverseOutputs {
  const {inputs: {x}, backend, attrs: {adjoint}} = args;
  const n = x.shape[x.shape.length - 1];
  const batchShape = x.shape.slice(0, -2);
  const values = backend.data.get(x.dataId).values as TypedArray;
  const {inverse, info, rcond} = matrixInverseImpl(
      values, util.sizeFromShape(batchShape), n, adjoint);
  return [
    backend.makeTensorInfo(x.shape, 'float32', inverse),
    backend.makeTensorInfo(batchShape, 'int32', info),
    backend.makeTensorInfo(batchShape, 'float32', rcond),
  ];
}

export const matrixInverseCpuConfig: KernelConfig = {
  kernelName: MatrixInverse,
  backendName: 'cpu',
  kernelFunc: matrixInverseCpu as unknown as KernelFunc,
};
