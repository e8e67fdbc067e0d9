/**
 * Exits 0 if headless Chromium offers a WebGPU adapter to a page served from
 * 127.0.0.1; otherwise prints why and exits 1. Run in a child process by
 * webgpuMissing() in browser.ts.
 */
import {openPage, startBrowser} from './browser';

const PAGE = '<!doctype html><meta charset="utf-8"><title>WebGPU probe</title>';

/** navigator.gpu, absent from TypeScript's DOM types. */
type GpuNavigator = {
  gpu?: {requestAdapter(): Promise<object|null>}
};

async function adapterMissing(): Promise<string|null> {
  const harness =
      await startBrowser(new Map([['/', ['text/html; charset=utf-8', PAGE]]]));
  try {
    const page = await openPage(harness, '/');
    return await page.evaluate(async () => {
      const gpu = (navigator as unknown as GpuNavigator).gpu;
      if (gpu == null) {
        return 'navigator.gpu is undefined';
      }
      return (await gpu.requestAdapter()) == null ?
          'navigator.gpu.requestAdapter() gave no adapter' :
          null;
    });
  } finally {
    await harness.close();
  }
}

adapterMissing().then(
    missing => {
      if (missing != null) {
        console.log(missing);
        process.exitCode = 1;
      }
    },
    (error: Error) => {
      console.log(error.message);
      process.exitCode = 1;
    });
