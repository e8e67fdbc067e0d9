/**
 * Where the browser pages (tests, bench, example) find tfjs-backend-wasm's
 * binaries: tools/browser.ts serves them there, and each page passes this
 * path to `setWasmPaths` before it starts the wasm backend. tfjs picks the
 * binary with threads only in a cross-origin isolated page (see
 * `ServeOptions`), the binary without them elsewhere.
 */
export const WASM_BINARIES_PATH = '/tfjs-backend-wasm/';
