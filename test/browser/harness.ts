/**
 * Runs code in headless Chromium on WebGL: bundles an entry module with
 * esbuild, serves it on 127.0.0.1, and opens it with playwright-core in
 * Debian's Chromium (never a downloaded browser). SwiftShader emulates the
 * GPU on the CPU, so WebGL2 and WebGL1 both work without a GPU.
 */
import * as esbuild from 'esbuild';
import {existsSync} from 'fs';
import * as http from 'http';
import {AddressInfo} from 'net';
import {Browser, chromium, Page} from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless=new', '--no-sandbox', '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run',
  '--disable-quic',
];

export interface BrowserHarness {
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

/** Files a page needs: path -> [content type, body]. */
export type Site = Map<string, [string, string|Buffer]>;

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

export function pageWithScript(title: string, script = '/bundle.js'): string {
  return `<!doctype html><meta charset="utf-8"><title>${title}</title>` +
      `<body><script src="${script}"></script></body>`;
}

/** Serves `site` on 127.0.0.1 and launches Chromium. */
export async function startBrowser(site: Site): Promise<BrowserHarness> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
        `No Chromium at ${CHROMIUM_PATH}. Run \`npm run setup:test\` (as root ` +
        'it installs Debian\'s chromium with apt-get), or install one yourself ' +
        '(`sudo apt-get install chromium`) and set CHROMIUM_PATH to its binary.');
  }
  const server = http.createServer((request, response) => {
    const file = site.get((request.url || '/').split('?')[0]);
    if (file == null) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, {'Content-Type': file[0]}).end(file[1]);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as AddressInfo;
  const browser = await chromium.launch(
      {executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS});
  return {
    url: `http://127.0.0.1:${port}`,
    browser,
    close: async () => {
      await browser.close();
      await new Promise(resolve => server.close(resolve));
    },
  };
}

export async function openPage(harness: BrowserHarness, path: string):
    Promise<Page> {
  const page = await harness.browser.newPage();
  await page.goto(harness.url + path);
  return page;
}
