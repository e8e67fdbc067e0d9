// @ts-check
// Builds the published files into dist/, after the WebAssembly engine
// (scripts/build-wasm.mjs), which they carry:
//   index.mjs (ES module) and index.cjs (CommonJS) for Node and bundlers,
//   the same for the subpaths layers and converter, types/ (.d.ts), and
//   tfjs-matrix-inverse.min.js, a UMD bundle for <script> users that reads
//   the global `tf`.
// tfjs-core stays external everywhere: the kernels must land in the
// application's own kernel registry, never in a private copy.
import * as esbuild from 'esbuild';
import {execFileSync} from 'node:child_process';
import {rmSync, writeFileSync} from 'node:fs';
import * as path from 'node:path';

const external = [
  '@tensorflow/tfjs-core', '@tensorflow/tfjs-layers',
  '@tensorflow/tfjs-converter'
];
/** @type {esbuild.BuildOptions} */
const common = {
  entryPoints: ['src/index.ts'],
  bundle: true,
  external,
  target: 'es2019',
  sourcemap: true,
  logLevel: 'warning'
};

// An async function, not top-level await: tsc checks this file as part of a
// CommonJS project, where top-level await is an error.
async function build() {
  execFileSync('node', ['scripts/build-wasm.mjs'], {stdio: 'inherit'});
  rmSync('dist', {recursive: true, force: true});
  await esbuild.build({...common, format: 'esm', outfile: 'dist/index.mjs'});
  await esbuild.build(
      {...common, format: 'cjs', platform: 'node', outfile: 'dist/index.cjs'});
  for (const entry of ['layers', 'converter']) {
    const options = {...common, entryPoints: [`src/${entry}.ts`]};
    await esbuild.build({
      ...options,
      format: 'esm',
      outfile: `dist/${entry}.mjs`,
      plugins: [mainEntryExternal('mjs')]
    });
    await esbuild.build({
      ...options,
      format: 'cjs',
      platform: 'node',
      outfile: `dist/${entry}.cjs`,
      plugins: [mainEntryExternal('cjs')]
    });
  }

  const umdBody = await esbuild.build(
      {...common, format: 'cjs', minify: true, sourcemap: false, write: false});
  writeFileSync(
      'dist/tfjs-matrix-inverse.min.js', umd(umdBody.outputFiles[0].text));

  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], {stdio: 'inherit'});
}

/**
 * The subpaths import the main entry as './index': keep it one shared module,
 * not a second copy of the ops and kernels inside each subpath.
 * @param {'mjs'|'cjs'} extension
 * @returns {esbuild.Plugin}
 */
function mainEntryExternal(extension) {
  return {
    name: 'main-entry-external',
    setup(build) {
      build.onResolve(
          {filter: /^\.\/index$/},
          args => path.dirname(args.importer) === path.resolve('src') ?
              {path: `./index.${extension}`, external: true} :
              undefined);
    },
  };
}

/**
 * Wraps a CommonJS bundle as UMD: CommonJS, AMD, or the globals tf and
 * tfMatrixInverse.
 * @param {string} cjs
 */
function umd(cjs) {
  return `(function (global, factory) {
  typeof exports === 'object' && typeof module !== 'undefined' ? factory(exports, require('@tensorflow/tfjs-core')) :
  typeof define === 'function' && define.amd ? define(['exports', '@tensorflow/tfjs-core'], factory) :
  (global = typeof globalThis !== 'undefined' ? globalThis : global || self, factory(global.tfMatrixInverse = {}, global.tf));
})(this, function (exports, tfjsCore) {
  'use strict';
  if (tfjsCore == null) throw new Error('tfjs-matrix-inverse: load @tensorflow/tfjs (the global tf) before this script.');
  var module = {exports: {}};
  var require = function () { return tfjsCore; };
${cjs}
  Object.assign(exports, module.exports);
});
`;
}

build().catch(error => {
  console.error(error);
  process.exit(1);
});
