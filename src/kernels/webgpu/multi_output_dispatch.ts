/**
 * One compute dispatch that writes several tensors. A tfjs-backend-webgpu
 * program writes one buffer (binding 0), so a kernel with three outputs
 * would take three dispatches, each re-reading the same intermediate. Here
 * the package compiles a pipeline of its own on the backend's GPUDevice,
 * with every output bound read_write, and hands it to the backend's own
 * recordAndSubmit: the dispatch lands in the backend's command encoder and
 * compute pass, in order with tfjs's other work; every bound buffer is held
 * until the queue is submitted; the deferred-submit batch size and
 * tf.profile's timers apply as to any program. The outputs are tensors of
 * the backend, which frees them. This is the one file that touches the
 * backend's private members (declared in ../backend_types.ts).
 */
import {env, TensorInfo, util} from '@tensorflow/tfjs-core';

import {WebGPUBackendLike, WebGPUPipelineLike, WebGPURecordedProgramLike} from '../backend_types';

/** A tensor that a MultiOutputProgram writes. */
export interface ProgramOutput {
  /** The name of its storage array in the shader. */
  name: string;
  shape: number[];
  dtype: 'float32'|'int32';
}

/**
 * A program with several outputs: `invocations` invocations, invocation i
 * running the WGSL `main(i)` of getUserCode() over read_write storage arrays
 * named after `outputs` and read-only ones named by `variableNames` (the
 * inputs, in order), with `uniforms.NAN`, `uniforms.INFINITY`, `isnan` and
 * `isinf` as in tfjs's programs. The runner sets `pipeline` and `dispatch`,
 * as tfjs's runWebGPUProgram sets a program's.
 */
export interface MultiOutputProgram extends Partial<WebGPURecordedProgramLike> {
  /** Names every constant baked into the shader: it keys the pipeline. */
  shaderKey: string;
  outputs: ProgramOutput[];
  variableNames: string[];
  invocations: number;
  getUserCode(): string;
}

const WORKGROUP_SIZE = 64;

/**
 * Runs `program` on `inputs` in one dispatch; returns its outputs, new
 * tensors of the backend, in the order of `program.outputs`. Pipelines are
 * compiled once per shader key and input dtypes, in the backend's cache.
 */
export function runMultiOutputProgram(
    backend: WebGPUBackendLike, program: MultiOutputProgram,
    inputs: TensorInfo[]): TensorInfo[] {
  const outputs = program.outputs.map(
      ({shape, dtype}) => backend.makeTensorInfo(shape, dtype));
  const bound = [...outputs, ...inputs];
  bound.forEach(tensor => backend.uploadToGPU(tensor.dataId));
  // As in runWebGPUProgram: with WEBGPU_ENGINE_COMPILE_ONLY, compile
  // asynchronously and record nothing.
  const compileOnly = env().getBool('WEBGPU_ENGINE_COMPILE_ONLY');
  program.pipeline = pipelineOf(backend, program, inputs, compileOnly);
  if (compileOnly) {
    return outputs;
  }
  program.dispatch = dispatchOf(backend, program.invocations);
  const [first, ...rest] = bound.map(flatView);
  backend.recordAndSubmit(
      program as WebGPURecordedProgramLike, first, rest,
      [{type: 'int32', data: [program.invocations]}]);
  return outputs;
}

/**
 * A rank-1 view of t: then recordAndSubmit puts one i32 for its shape and
 * one for its strides in the uniforms (see shaderSource).
 */
function flatView(t: TensorInfo): TensorInfo {
  return {
    dataId: t.dataId,
    shape: [util.sizeFromShape(t.shape)],
    dtype: t.dtype
  };
}

/**
 * The pipeline of `program` from the backend's cache, compiled on first
 * use: once per shader key and input dtypes, whatever the batch.
 */
function pipelineOf(
    backend: WebGPUBackendLike, program: MultiOutputProgram,
    inputs: TensorInfo[], compileOnly: boolean): WebGPUPipelineLike|
    Promise<WebGPUPipelineLike> {
  const key = `multiOutput_${program.shaderKey}_${
      inputs.map(input => input.dtype).join(',')}`;
  if (!(key in backend.pipelineCache)) {
    const {device} = backend;
    const label = program.constructor.name;
    const descriptor = {
      layout: 'auto' as const,
      label,
      compute: {
        module: device.createShaderModule(
            {code: shaderSource(program, inputs), label}),
        entryPoint: '_start'
      }
    };
    backend.pipelineCache[key] = compileOnly ?
        device.createComputePipelineAsync(descriptor) :
        device.createComputePipeline(descriptor);
  }
  return backend.pipelineCache[key];
}

/**
 * Workgroups for `invocations` in one dimension, folded into two beyond the
 * device's limit per dimension (the shader's index stays flat).
 */
function dispatchOf(
    backend: WebGPUBackendLike, invocations: number): [number, number, number] {
  const workgroups = Math.ceil(invocations / WORKGROUP_SIZE);
  const limit = backend.device.limits.maxComputeWorkgroupsPerDimension;
  if (workgroups <= limit) {
    return [workgroups, 1, 1];
  }
  const side = Math.ceil(Math.sqrt(workgroups));
  util.assert(
      side <= limit,
      () => `${invocations} invocations exceed the device's dispatch size`);
  return [side, side, 1];
}

const WGSL_TYPES = {
  float32: 'f32',
  int32: 'i32'
};

function storageType(dtype: string): string {
  const type = WGSL_TYPES[dtype as keyof typeof WGSL_TYPES];
  util.assert(type != null, () => `no WGSL storage type for ${dtype}`);
  return type;
}

/**
 * The WGSL of `program`: its bindings in recordAndSubmit's order (outputs
 * from 0, then inputs, then the uniforms) and the entry point. The uniform
 * struct is the one recordAndSubmit writes: NaN, Infinity, the shape and
 * strides of each bound tensor (rank 1: one i32 each), then the program's
 * own, here the number of invocations. tfjs's isnan (by bits: WGSL has
 * none, and a compiler may assume that x == x) and isinf come with it.
 */
function shaderSource(
    program: MultiOutputProgram, inputs: TensorInfo[]): string {
  const bindings = [
    ...program.outputs.map(
        ({name, dtype}) =>
            `var<storage, read_write> ${name}: array<${storageType(dtype)}>;`),
    ...program.variableNames.map(
        (name, i) => `var<storage, read> ${name}: array<${
            storageType(inputs[i].dtype)}>;`),
  ];
  const shapeFields =
      bindings.map((_, i) => `shape${i}: i32, strides${i}: i32,`).join('\n');
  return `
    struct Uniforms {
      NAN: f32,
      INFINITY: f32,
      ${shapeFields}
      invocations: i32,
    };

    ${bindings.map((b, i) => `@group(0) @binding(${i}) ${b}`).join('\n')}
    @group(0) @binding(${bindings.length}) var<uniform> uniforms: Uniforms;

    fn isnan(value: f32) -> bool {
      return (bitcast<u32>(value) & 0x7fffffffu) > 0x7f800000u;
    }

    fn isinf(value: f32) -> bool {
      return abs(value) == uniforms.INFINITY;
    }

    ${program.getUserCode()}

    @compute @workgroup_size(${WORKGROUP_SIZE}, 1, 1)
    fn _start(@builtin(workgroup_id) workgroupId: vec3<u32>,
              @builtin(num_workgroups) numWorkgroups: vec3<u32>,
              @builtin(local_invocation_index) localIndex: u32) {
      let index = i32((workgroupId.y * numWorkgroups.x + workgroupId.x) *
                      ${WORKGROUP_SIZE}u + localIndex);
      if (index < uniforms.invocations) {
        main(index);
      }
    }
  `;
}
