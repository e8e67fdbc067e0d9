/**
 * Helpers shared by the scripts that write out straight-line code for small
 * matrices: the text of statements over constant indices, and the
 * repository's formatting of the result.
 */
import {execFileSync} from 'child_process';

/** The non-empty parts, one per line. */
export function lines(parts: string[]): string {
  return parts.filter(part => part !== '').join('\n');
}

/** statement(i, j) for each entry of an n x n matrix, row by row. */
export function forEachEntry(
    n: number, statement: (i: number, j: number) => string): string {
  return lines(range(0, n).flatMap(i => range(0, n).map(j => statement(i, j))));
}

/** The sum of the non-empty, non-zero parts of an index. */
export function index(...parts: Array<string|number>): string {
  return parts.filter(part => part !== '' && part !== 0).join(' + ');
}

/** `k * name`, `name` or nothing (for k = 0). */
export function scaled(k: number, name: string): string {
  return k === 0 ? '' : k === 1 ? name : `${k} * ${name}`;
}

export function range(from: number, to: number): number[] {
  return Array.from({length: to - from}, (_, k) => from + k);
}

/**
 * clang-format with the repository's style, as `npm run format` runs it on
 * the file at `path`.
 */
export function clangFormat(source: string, path: string): string {
  return execFileSync(
      process.execPath,
      [
        require.resolve('clang-format/index.js'), '--style=file',
        `--assume-filename=${path}`
      ],
      {input: source, encoding: 'utf8'});
}
