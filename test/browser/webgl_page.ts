/**
 * The page side of the webgl suite: the shared cases, bundled with the
 * package and tfjs, run one at a time at the test's request.
 */
import * as tf from '@tensorflow/tfjs';

import {matrixInverse} from '../../src';
import {agreementWithCpu} from '../../tools/agreement';
import {fewShotOutcome, reloadInMemory, trainFewShotModel} from '../../tools/few_shot';
import {casesByGroup, TestCase} from '../cases';
import {checkSingularContract} from '../singular_property';

export interface WebGLConfig {
  webglVersion: 1|2;
  pack: boolean;
}

export interface CaseResult {
  ok: boolean;
  message?: string;
}

async function init({webglVersion, pack}: WebGLConfig) {
  tf.env().set('WEBGL_VERSION', webglVersion);
  tf.env().set('WEBGL_PACK', pack);
  await tf.setBackend('webgl');
  return {
    backend: tf.getBackend(),
    webglVersion: tf.env().getNumber('WEBGL_VERSION'),
    renderFloat32: tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED'),
  };
}

async function runCase({group, name}: Pick<TestCase, 'group'|'name'>):
    Promise<CaseResult> {
  const testCase = casesByGroup.get(group)?.get(name);
  if (testCase == null) {
    return {ok: false, message: `no case '${group} › ${name}'`};
  }
  return resultOf(() => testCase.run());
}

/** The error the op gives where float32 render targets are missing. */
async function errorWithoutFloat32RenderTargets(): Promise<string> {
  tf.env().set('WEBGL_RENDER_FLOAT32_ENABLED', false);
  try {
    const x = tf.tensor2d([[4, 7], [2, 6]]);
    const y = matrixInverse(tf.add(x, 0));
    await y.data();
    return 'no error';
  } catch (e) {
    return (e as Error).message;
  } finally {
    tf.env().set('WEBGL_RENDER_FLOAT32_ENABLED', true);
  }
}

/**
 * Trains the RidgeSolve few-shot model on this backend, then saves and
 * reloads it in memory.
 */
async function trainAndReloadFewShotModel() {
  const run = await trainFewShotModel();
  const {reloaded} = await reloadInMemory(run.model);
  const outcome = fewShotOutcome(run, reloaded);
  tf.dispose(run.heldOut);
  run.model.dispose();
  reloaded.dispose();
  return outcome;
}

/** The fixture's contract; GPUs may flush subnormals (see the README). */
async function singularContract(label: string): Promise<CaseResult> {
  return resultOf(
      () => checkSingularContract(label, {flushesSubnormals: true}));
}

/** What `check` returned, or the message it threw. */
async function resultOf(check: () => Promise<string|void>):
    Promise<CaseResult> {
  try {
    const message = await check();
    return {ok: true, message: message ?? undefined};
  } catch (e) {
    return {ok: false, message: (e as Error).message};
  }
}

const api = {
  init,
  runCase,
  singularContract,
  agreementWithCpu,
  errorWithoutFloat32RenderTargets,
  trainAndReloadFewShotModel,
};
export type WebGLPageApi = typeof api;
(window as unknown as {webglSuite: WebGLPageApi}).webglSuite = api;
