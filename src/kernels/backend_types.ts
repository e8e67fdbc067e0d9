/**
 * What the package's kernels use of each tfjs backend, declared here rather
 * than imported: importing a backend package would load it into
 * applications that never asked for it, and the backend object a kernel is
 * handed already carries everything. One name scheme: `<Backend>Like`.
 */
import type {BackendValues, DataId, DataType, Tensor, TensorInfo, TypedArray} from '@tensorflow/tfjs-core';

/** tfjs-backend-cpu's MathBackendCPU. */
export interface CpuBackendLike {
  data: {get(dataId: DataId): {values?: BackendValues}};
  makeTensorInfo(shape: number[], dtype: DataType, values: TypedArray):
      TensorInfo;
}

/**
 * The fields of tfjs-backend-webgl's GPGPUProgram that the package's
 * programs use: the backend reads programs by their fields.
 */
export interface GPGPUProgramLike {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  customUniforms?: Array<{name: string, type: 'int'}>;
}

/** tfjs-backend-webgl's MathBackendWebGL. */
export interface WebGLBackendLike {
  runWebGLProgram(
      program: GPGPUProgramLike, inputs: TensorInfo[], outputDtype: DataType,
      customUniformValues?: number[][]): TensorInfo;
  disposeIntermediateTensorInfo(tensorInfo: TensorInfo): void;
  shouldExecuteOnCPU(inputs: TensorInfo[]): boolean;
  makeTensorInfo(shape: number[], dtype: DataType, values?: BackendValues):
      TensorInfo;
  texData: {get(dataId: DataId): {values?: BackendValues}};
}

/**
 * The fields of tfjs-backend-webgpu's WebGPUProgram that the package's
 * programs set. The backend adds its own part to `shaderKey` (ranks, dtypes,
 * variable names) but no shape values: every constant a shader bakes in
 * must be in the key.
 */
export interface WebGPUProgramLike {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: {x: number[]};
  dispatch: [number, number, number];
  workgroupSize: [number, number, number];
  /** WGSL fields appended to the backend's uniform struct. */
  uniforms?: string;
  getUserCode(): string;
}

/** A uniform value, in the order of the program's `uniforms` fields. */
export interface WebGPUProgramUniform {
  type: 'int32'|'float32';
  data: number[];
}

/** A compute pipeline, opaque to the package: the backend binds it. */
export type WebGPUPipelineLike = object;

/** What the package asks of a GPUDevice to compile its own pipelines. */
export interface WebGPUDeviceLike {
  limits: {maxComputeWorkgroupsPerDimension: number};
  createShaderModule(descriptor: {code: string, label: string}): object;
  createComputePipeline(descriptor: WebGPUPipelineDescriptor):
      WebGPUPipelineLike;
  createComputePipelineAsync(descriptor: WebGPUPipelineDescriptor):
      Promise<WebGPUPipelineLike>;
}

/** A GPUComputePipelineDescriptor with the bind group layout inferred. */
export interface WebGPUPipelineDescriptor {
  layout: 'auto';
  label: string;
  compute: {module: object, entryPoint: string};
}

/**
 * What the backend's private recordAndSubmit reads of a program: the
 * compiled pipeline, the workgroup counts, and the constructor's name for
 * tf.profile's timers.
 */
export interface WebGPURecordedProgramLike {
  pipeline?: WebGPUPipelineLike;
  dispatch: [number, number, number];
}

/** tfjs-backend-webgpu's WebGPUBackend. */
export interface WebGPUBackendLike {
  runWebGPUProgram(
      program: WebGPUProgramLike, inputs: TensorInfo[], outputDtype: DataType,
      programUniforms?: WebGPUProgramUniform[]): TensorInfo;
  disposeData(dataId: DataId): boolean;
  shouldExecuteOnCPU(inputs: TensorInfo[]): boolean;
  makeTensorInfo(shape: number[], dtype: DataType, values?: BackendValues):
      TensorInfo;
  tensorMap: {get(dataId: DataId): {values?: BackendValues}};

  /**
   * The internals that one dispatch writing several tensors needs
   * (../webgpu/multi_output_dispatch.ts), private in the backend's types.
   */
  device: WebGPUDeviceLike;
  /** Compiled pipelines by key; a Promise while WEBGPU_ENGINE_COMPILE_ONLY. */
  pipelineCache:
      {[key: string]: WebGPUPipelineLike|Promise<WebGPUPipelineLike>};
  /** Gives the tensor a GPU buffer, uploading its values if it has any. */
  uploadToGPU(dataId: DataId): void;
  /**
   * Binds `output` at 0, `inputs` from 1 and the uniforms last (NaN,
   * Infinity, each bound tensor's shape and strides, then
   * `programUniforms`), records one dispatch in the backend's compute pass
   * and keeps every bound tensor's buffer until the queue is submitted.
   */
  recordAndSubmit(
      program: WebGPURecordedProgramLike, output: TensorInfo,
      inputs: TensorInfo[], programUniforms?: WebGPUProgramUniform[]): void;
}

/** An attribute of a TensorFlow op, as tfjs-node's binding takes it. */
export interface TensorFlowOpAttr {
  name: string;
  type: number;
  value: number|boolean;
}

/** tfjs-node's NodeJSKernelBackend (the `tensorflow` backend). */
export interface TensorFlowBackendLike {
  binding: {
    TF_ATTR_BOOL: number; TF_ATTR_INT: number; TF_ATTR_TYPE: number;
    TF_FLOAT: number;
    TF_INT32: number;
  };
  /** Returns a tensor the engine tracks, so temporaries are disposed. */
  executeSingleOutput(
      name: string, attrs: TensorFlowOpAttr[], inputs: TensorInfo[]): Tensor;
  /** The same for an op with several outputs. */
  executeMultipleOutputs(
      name: string, attrs: TensorFlowOpAttr[], inputs: TensorInfo[],
      numOutputs: number): Tensor[];
  readSync(dataId: DataId): BackendValues;
}

/** tfjs-backend-wasm's BackendWasm. */
export interface WasmBackendLike {
  /**
   * The backend's Emscripten module: its heap, where every tensor of the
   * backend lives, and the heap's allocator. The single-threaded build
   * exports the heap's memory (`asm.memory`); the multi-threaded one creates
   * it, shared, and imports it (`wasmMemory`).
   */
  wasm: {
    asm: {memory?: WebAssembly.Memory},
    wasmMemory?: WebAssembly.Memory,
              _malloc(bytes: number): number,
              _free(offset: number): void,
  };
  dataIdMap: {get(dataId: DataId): {memoryOffset: number}};
  makeOutput(shape: number[], dtype: DataType): TensorInfo;
  typedArrayFromHeap(tensorInfo: TensorInfo): TypedArray;
}
