/**
 * The page side of the webgl suite: the shared cases, bundled with the
 * package and tfjs, run one at a time at the test's request.
 */
import * as tf from '@tensorflow/tfjs';

import {buildFewShotModel, makeFewShotData} from '../../examples/few_shot_model';
import {matrixInverse} from '../../src';
import {cases} from '../cases';
import {checkSingularContract} from '../singular_property';
import {relativeError, seededRandom, wellConditioned} from '../reference';

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

async function runCase(name: string): Promise<CaseResult> {
  const testCase = cases.find(c => c.name === name);
  if (testCase == null) {
    return {ok: false, message: `no case named '${name}'`};
  }
  try {
    await testCase.run();
    return {ok: true};
  } catch (e) {
    return {ok: false, message: (e as Error).message};
  }
}

/** Max relative difference between webgl and cpu on the same batch. */
async function webglVersusCpu(adjoint: boolean): Promise<number> {
  const random = seededRandom(50);
  const n = 12;
  const data = new Float32Array(4 * n * n);
  for (let b = 0; b < 4; b++) {
    data.set(wellConditioned(n, random), b * n * n);
  }
  const on = async (backend: string) => {
    await tf.setBackend(backend);
    const y = matrixInverse(tf.tensor3d(data, [4, n, n]), {adjoint});
    const values = await y.data();
    y.dispose();
    return values;
  };
  const cpu = await on('cpu');
  const webgl = await on('webgl');
  return relativeError(webgl, cpu);
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
 * Trains the RidgeSolve few-shot model of the layers suite on this backend,
 * then saves and reloads it in memory.
 */
async function trainFewShotModel() {
  const training = makeFewShotData(256, 10);
  const heldOut = makeFewShotData(256, 20);
  const model = buildFewShotModel();
  const heldOutLoss = () => tf.tidy(() => tf.losses.meanSquaredError(
      heldOut.target, model.predict(heldOut.inputs) as tf.Tensor).dataSync()[0]);
  const initialLoss = heldOutLoss();
  await model.fit(training.inputs, training.target,
                  {epochs: 50, batchSize: 64, shuffle: false, verbose: 0});
  const finalLoss = heldOutLoss();

  let saved: tf.io.ModelArtifacts|undefined;
  await model.save(tf.io.withSaveHandler(async artifacts => {
    saved = artifacts;
    return {modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: 'JSON'}};
  }));
  const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
  const reloadDifference = tf.tidy(() => tf.max(tf.abs(tf.sub(
      model.predict(heldOut.inputs) as tf.Tensor,
      loaded.predict(heldOut.inputs) as tf.Tensor))).dataSync()[0]);
  tf.dispose([...training.inputs, training.target, ...heldOut.inputs, heldOut.target]);
  model.dispose();
  loaded.dispose();
  return {backend: tf.getBackend(), initialLoss, finalLoss, reloadDifference};
}

/** The fixture's contract; GPUs may flush subnormals (see the README). */
async function singularContract(label: string): Promise<CaseResult> {
  try {
    return {ok: true, message: await checkSingularContract(label, {flushesSubnormals: true})};
  } catch (e) {
    return {ok: false, message: (e as Error).message};
  }
}

const api = {
  init,
  runCase,
  singularContract,
  webglVersusCpu,
  errorWithoutFloat32RenderTargets,
  trainFewShotModel,
};
export type WebGLPageApi = typeof api;
(window as unknown as {webglSuite: WebGLPageApi}).webglSuite = api;
