/**
 * The shared cases on the webgl backend, in headless Chromium: WebGL2 with
 * packing on (tfjs's default) and off, and WebGL1. Each configuration gets a
 * fresh page, since the WebGL version is fixed when the backend starts.
 * Without Chromium the suite is skipped with the reason, except under CI,
 * where it must run.
 */
import {chromiumMissing} from '../../tools/browser';
import {describeIfAvailable} from '../suite';

import type {PageConfig} from './backend_page';
import {callPage, describeOnPage, useBrowserPage} from './backend_suite';

const configs: Array<[string, PageConfig & {backend: 'webgl'}]> = [
  ['WebGL2', {backend: 'webgl', webglVersion: 2, pack: true}],
  ['WebGL2, WEBGL_PACK off', {backend: 'webgl', webglVersion: 2, pack: false}],
  ['WebGL1', {backend: 'webgl', webglVersion: 1, pack: true}],
];

describeIfAvailable('matrixInverse on webgl', chromiumMissing(), () => {
  const harness = useBrowserPage('matrixInverse on webgl');

  for (const [label, config] of configs) {
    const started = {
      backend: 'webgl',
      webglVersion: config.webglVersion,
      renderFloat32: true
    };
    describeOnPage(label, harness, config, started, page => {
      test('says so where float32 render targets are missing', async () => {
        const message =
            await callPage(page(), 'errorWithoutFloat32RenderTargets');
        expect(message).toMatch(/matrixInverse.*float32/i);
      });
    });
  }
});
