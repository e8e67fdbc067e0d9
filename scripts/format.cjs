// @ts-check
/**
 * `npm run format` formats every TypeScript and JavaScript file git knows of
 * or would add, with clang-format (.clang-format: tfjs's style);
 * `npm run format:check` (part of `npm run lint`) only reports the files it
 * would change.
 */
const {execFileSync, spawnSync} = require('child_process');
const fs = require('fs');

const check = process.argv.includes('--check');
const clangFormat = require.resolve('clang-format/index.js');
const mode = check ? ['--dry-run', '--Werror'] : ['-i'];

/** The files git knows of or would add (not ignored) that match `patterns`. */
function gitFiles(/** @type {string[]} */...patterns) {
  return execFileSync(
             'git',
             [
               'ls-files', '--cached', '--others', '--exclude-standard',
               ...patterns
             ],
             {encoding: 'utf8'})
      .split('\n')
      .filter(file => file !== '');
}

/** Runs clang-format on `files`; returns whether it succeeded. */
function format(/** @type {string[]} */ files) {
  const result = spawnSync(
      process.execPath, [clangFormat, '--style=file', ...mode, ...files],
      {stdio: 'inherit'});
  return result.status === 0;
}

/**
 * clang-format tells JavaScript by the extension, and .cjs and .mjs are not
 * among the ones it knows: such a file goes through stdin, named as .js.
 */
function formatAsJs(/** @type {string} */ file) {
  const source = fs.readFileSync(file, 'utf8');
  const formatted = execFileSync(
      process.execPath,
      [clangFormat, '--style=file', `--assume-filename=${file}.js`],
      {input: source, encoding: 'utf8'});
  if (formatted === source) {
    return true;
  }
  if (check) {
    console.error(`${file}: not formatted`);
    return false;
  }
  fs.writeFileSync(file, formatted);
  return true;
}

const ok = [
  format(gitFiles('*.ts', '*.c', '*.h')),
  ...gitFiles('*.cjs', '*.mjs').map(formatAsJs),
].every(Boolean);
if (!ok && check) {
  console.error('format:check: run `npm run format` to format these files.');
}
process.exit(ok ? 0 : 1);
