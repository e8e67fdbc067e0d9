/**
 * `npm run example:browser`: bundles the example and serves it on
 * http://127.0.0.1:8080 (or $PORT) until Ctrl-C. Open the URL in a browser
 * with WebGL to watch the losses fall.
 */
import * as http from 'http';

import {Site} from '../../test/browser/harness';

import {exampleSite} from './site';

const DEFAULT_PORT = 8080;

function serve(site: Site, port: number): Promise<void> {
  const server = http.createServer((request, response) => {
    const file = site.get((request.url || '/').split('?')[0]);
    if (file == null) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, {'Content-Type': file[0]}).end(file[1]);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
}

async function main() {
  const port = Number(process.env.PORT || DEFAULT_PORT);
  console.error('Bundling examples/browser/main.ts ...');
  await serve(await exampleSite(), port);
  console.log(
      `Serving the browser example at http://127.0.0.1:${port}/ ` +
      '(Ctrl-C to stop)');
}

main().catch(error => {
  console.error(error.message ?? error);
  process.exitCode = 1;
});
