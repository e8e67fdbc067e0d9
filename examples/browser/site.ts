/**
 * The example's files, ready to serve: index.html and main.ts bundled with
 * tfjs and the package's source. Shared by `npm run example:browser` and the
 * test that opens the page.
 */
import {promises as fs} from 'fs';
import * as path from 'path';

import {bundle, Site} from '../../test/browser/harness';

export async function exampleSite(): Promise<Site> {
  const [html, script] = await Promise.all([
    fs.readFile(path.join(__dirname, 'index.html')),
    bundle(path.join(__dirname, 'main.ts')),
  ]);
  return new Map([
    ['/', ['text/html; charset=utf-8', html]],
    ['/index.html', ['text/html; charset=utf-8', html]],
    ['/bundle.js', ['text/javascript; charset=utf-8', script]],
  ]);
}
