/**
 * Where the browser pages (tests, bench, example) find tfjs-backend-wasm's
 * binaries: tools/browser.ts serves them there, and each page passes this
 * path to `setWasmPaths` before it starts the wasm backend. The pages are
 * not cross-origin isolated, so tfjs picks the binary without threads.
 */
export const WASM_BINARIES_PATH = '/tfjs-backend-wasm/';
