import {getKernel, KernelConfig, registerKernel} from '@tensorflow/tfjs-core';

import {logMatrixDeterminantCpuConfig} from './cpu/LogMatrixDeterminant';
import {matrixDeterminantCpuConfig} from './cpu/MatrixDeterminant';
import {matrixInverseCpuConfig} from './cpu/MatrixInverse';
import {matrixInverseGradCpuConfig} from './cpu/MatrixInverseGrad';
import {matrixSolveCpuConfig} from './cpu/MatrixSolve';
import {logMatrixDeterminantTensorFlowConfig} from './node/LogMatrixDeterminant';
import {matrixDeterminantTensorFlowConfig} from './node/MatrixDeterminant';
import {matrixInverseTensorFlowConfig} from './node/MatrixInverse';
import {matrixSolveTensorFlowConfig} from './node/MatrixSolve';
import {logMatrixDeterminantWasmConfig} from './wasm/LogMatrixDeterminant';
import {matrixDeterminantWasmConfig} from './wasm/MatrixDeterminant';
import {matrixInverseWasmConfig} from './wasm/MatrixInverse';
import {matrixInverseGradWasmConfig} from './wasm/MatrixInverseGrad';
import {matrixSolveWasmConfig} from './wasm/MatrixSolve';
import {logMatrixDeterminantWebGLConfig} from './webgl/LogMatrixDeterminant';
import {matrixDeterminantWebGLConfig} from './webgl/MatrixDeterminant';
import {matrixInverseWebGLConfig} from './webgl/MatrixInverse';
import {matrixSolveWebGLConfig} from './webgl/MatrixSolve';
import {logMatrixDeterminantWebGPUConfig} from './webgpu/LogMatrixDeterminant';
import {matrixDeterminantWebGPUConfig} from './webgpu/MatrixDeterminant';
import {matrixInverseWebGPUConfig} from './webgpu/MatrixInverse';
import {matrixSolveWebGPUConfig} from './webgpu/MatrixSolve';

/**
 * One kernel per backend. A kernel only touches the backend object it is
 * handed, so registering one for a backend the application never loads costs
 * nothing and loads nothing.
 */
const kernelConfigs: KernelConfig[] = [
  matrixInverseCpuConfig,
  matrixInverseGradCpuConfig,
  matrixSolveCpuConfig,
  matrixDeterminantCpuConfig,
  logMatrixDeterminantCpuConfig,
  matrixInverseWasmConfig,
  matrixInverseGradWasmConfig,
  matrixSolveWasmConfig,
  matrixDeterminantWasmConfig,
  logMatrixDeterminantWasmConfig,
  matrixInverseWebGLConfig,
  matrixSolveWebGLConfig,
  matrixDeterminantWebGLConfig,
  logMatrixDeterminantWebGLConfig,
  matrixInverseWebGPUConfig,
  matrixSolveWebGPUConfig,
  matrixDeterminantWebGPUConfig,
  logMatrixDeterminantWebGPUConfig,
  matrixInverseTensorFlowConfig,
  matrixSolveTensorFlowConfig,
  matrixDeterminantTensorFlowConfig,
  logMatrixDeterminantTensorFlowConfig,
];

/**
 * Registers every kernel once. The check keeps a second copy of this package
 * (an ES module next to a CommonJS one, say) from printing tfjs's warning
 * about kernels registered twice.
 */
export function registerAllKernels() {
  for (const config of kernelConfigs) {
    if (getKernel(config.kernelName, config.backendName) == null) {
      registerKernel(config);
    }
  }
}
