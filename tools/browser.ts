/**
 * Runs code in headless Chromium on WebGL, WebGPU and wasm: bundles an entry
 * module with esbuild, serves it on 127.0.0.1, and opens it with
 * playwright-core in Debian's Chromium (never a downloaded browser).
 * SwiftShader emulates the GPU on the CPU, so WebGL2, WebGL1 and WebGPU work
 * without a GPU. WebGPU also needs a secure context, which http://127.0.0.1
 * is.
 */
import {spawnSync} from 'child_process';
import * as esbuild from 'esbuild';
import {existsSync, promises as fs} from 'fs';
import * as http from 'http';
import {AddressInfo} from 'net';
import * as path from 'path';
import {Browser, chromium, Page} from 'playwright-core';

import {WASM_BINARIES_PATH} from './wasm_binaries';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  // Headless Chromium on Linux offers WebGPU only behind this flag; Dawn
  // then runs it on SwiftShader's Vulkan.
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Files a page needs: path -> [content type, body]. */
export type Site = Map<string, [string, string | Buffer]>;

export interface SiteServer {
  url: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  /**
   * Serves every file with the headers that make a page cross-origin
   * isolated, which SharedArrayBuffer, and so tfjs-backend-wasm's threads,
   * need.
   */
  crossOriginIsolated?: boolean;
}

export interface BrowserHarness {
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function bundle(entry: string): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2019',
    write: false,
    logLevel: 'error',
  });
  return result.outputFiles[0].text;
}

/** A blank page at / that runs `entry`, bundled, from /bundle.js. */
export async function scriptSite(title: string, entry: string): Promise<Site> {
  const html = `<!doctype html><meta charset="utf-8"><title>${title}</title>` +
      '<body><script src="/bundle.js"></script></body>';
  return new Map([
    ['/', ['text/html; charset=utf-8', html]],
    ['/bundle.js', ['text/javascript; charset=utf-8', await bundle(entry)]],
  ]);
}

/**
 * `site` plus tfjs-backend-wasm's .wasm files under WASM_BINARIES_PATH, for
 * pages that run the wasm backend.
 */
export async function withWasmBinaries(site: Site): Promise<Site> {
  const dist = path.join(
      path.dirname(
          require.resolve('@tensorflow/tfjs-backend-wasm/package.json')),
      'dist');
  const withBinaries: Site = new Map(site);
  for (const name of await fs.readdir(dist)) {
    if (name.endsWith('.wasm')) {
      withBinaries.set(
          WASM_BINARIES_PATH + name,
          ['application/wasm', await fs.readFile(path.join(dist, name))]);
    }
  }
  return withBinaries;
}

const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * Serves `site` on 127.0.0.1 at `port`; port 0 takes any free one. Only
 * localhost: the pages run code bundled from this checkout.
 */
export async function serveSite(
    site: Site, port = 0, options: ServeOptions = {}): Promise<SiteServer> {
  const isolation = options.crossOriginIsolated ? CROSS_ORIGIN_ISOLATION : {};
  const server = http.createServer((request, response) => {
    const file = site.get((request.url || '/').split('?')[0]);
    if (file == null) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, {'Content-Type': file[0], ...isolation})
        .end(file[1]);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () => new Promise(resolve => server.close(() => resolve())),
  };
}

/**
 * Why Chromium cannot be launched, with how to install it; null if it can.
 */
export function chromiumMissing(): string|null {
  if (existsSync(CHROMIUM_PATH)) {
    return null;
  }
  return `No Chromium at ${CHROMIUM_PATH}. ` +
      'Run `npm run setup:test` (as root ' +
      'it installs Debian\'s chromium with apt-get), or install one yourself ' +
      '(`sudo apt-get install chromium`) and set CHROMIUM_PATH to its binary.';
}

const WEBGPU_PROBE_TIMEOUT_MS = 60000;

/**
 * Why WebGPU cannot run in this Chromium, with what to do about it; null if
 * it can. Jest declares suites synchronously, so the browser is asked from a
 * child process (tools/webgpu_probe.ts).
 */
export function webgpuMissing(): string|null {
  const missingChromium = chromiumMissing();
  if (missingChromium != null) {
    return missingChromium;
  }
  const probe = spawnSync(
      process.execPath,
      [
        '-r', 'ts-node/register/transpile-only',
        path.join(__dirname, 'webgpu_probe.ts')
      ],
      {encoding: 'utf8', timeout: WEBGPU_PROBE_TIMEOUT_MS});
  if (probe.status === 0) {
    return null;
  }
  const reason = (probe.stdout || probe.stderr || String(probe.error)).trim();
  return `No WebGPU adapter in ${CHROMIUM_PATH} (${reason}). ` +
      'tfjs-backend-webgpu needs Chromium 113 or later with WebGPU; ' +
      'headless it runs on SwiftShader\'s Vulkan, which Debian\'s chromium ' +
      'package includes.';
}

/** Serves `site` on 127.0.0.1 and launches Chromium. */
export async function startBrowser(
    site: Site, options: ServeOptions = {}): Promise<BrowserHarness> {
  const missing = chromiumMissing();
  if (missing != null) {
    throw new Error(missing);
  }
  const server = await serveSite(site, 0, options);
  const browser = await chromium.launch(
      {executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS});
  return {
    url: server.url,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

export async function openPage(
    harness: BrowserHarness, path: string): Promise<Page> {
  const page = await harness.browser.newPage();
  await page.goto(harness.url + path);
  return page;
}
