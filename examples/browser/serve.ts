/**
 * `npm run example:browser`: bundles the example and serves it on
 * http://127.0.0.1:8080 (or $PORT) until Ctrl-C. Open the URL in a browser
 * with WebGL to watch the losses fall.
 */
import {serveSite} from '../../tools/browser';
import {exampleSite} from '../../tools/browser_example';

const DEFAULT_PORT = 8080;

async function main() {
  const port = Number(process.env.PORT || DEFAULT_PORT);
  console.error('Bundling examples/browser/main.ts ...');
  const {url} = await serveSite(await exampleSite(), port);
  console.log(`Serving the browser example at ${url}/ (Ctrl-C to stop)`);
}

main().catch(error => {
  console.error(error.message ?? error);
  process.exitCode = 1;
});
