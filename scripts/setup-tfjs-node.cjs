// @ts-check
/**
 * Installs @tensorflow/tfjs-node offline: `npm run setup:tfjs-node`. Its
 * scripts/install.js downloads libtensorflow from a CDN unless deps/lib holds
 * it, so this puts the C library and headers of the tensorflow-cpu wheel (pip's
 * configured index) in deps/ and lets install.js build the addon. npm never
 * installs into the repo's node_modules (it would prune what the lockfile
 * lacks, and tfjs-node is not in it): the package is built in .cache/tfjs-node/
 * and hard-linked into place. JavaScript checked by tsc, as ts-node would make
 * the no-op run take a second.
 */
const {spawnSync} = require('child_process');
const fs = require('fs');
const {join, resolve} = require('path');

const TFJS_NODE = '4.22.0';
const TF = '2.21.0';
const LIBS = [
  'libtensorflow_cc.so.2', 'libtensorflow_framework.so.2'
];  // export the C and eager C API
/**
 * What c_api.h and eager/c_api.h include: ~6 MB of the wheel's ~270 MB of
 * headers.
 */
const HEADERS =
    ['tensorflow/c/', 'tensorflow/core/platform/', 'tsl/', 'xla/tsl/'];
const root = resolve(__dirname, '..');
const cache = join(root, '.cache/tfjs-node');
const logs = join(cache, 'logs');
const pkg = join(root, 'node_modules/@tensorflow/tfjs-node');
/**
 * The built package, in a node_modules dir so that it resolves the
 * repo's @tensorflow/tfjs.
 */
const built = join(cache, 'node_modules/@tensorflow/tfjs-node');
/**
 * Written after a successful load check, so that a re-run need not load 850 MB
 * of TensorFlow.
 */
const stamp = join(pkg, '.setup-tfjs-node');
const abi = process.versions.modules;
const stampKey = `tfjs-node ${TFJS_NODE}, TensorFlow ${TF}, Node ABI ${abi}`;

// `npm run -s` passes loglevel=silent on to the npm and node-gyp below, which
// would empty their logs.
delete process.env.npm_config_loglevel;
const log = (/** @type {string} */ msg) =>
    console.error(`setup:tfjs-node: ${msg}`);
const rm = (/** @type {string} */ path) =>
    fs.rmSync(path, {recursive: true, force: true});

/**
 * @param {string} msg @param {string} [name] the log in logs/ to show the end
 *     of @returns {never}
 */
function fail(msg, name) {
  const where = name ? `; the end of .cache/tfjs-node/logs/${name}.log:` : '';
  log(`ERROR: ${msg}${where}`);
  if (name)
    console.error(fs.readFileSync(join(logs, `${name}.log`), 'utf8')
                      .split('\n')
                      .slice(-40)
                      .join('\n'));
  process.exit(1);
}

/**
 * Runs a command with its output in logs/<name>.log; returns its stdout, or
 * undefined if it failed.
 * @param {string} name @param {string} cmd @param {string[]}
 *     args @param {import('child_process').SpawnSyncOptions} [opts]
 */
function tryRun(name, cmd, args, opts = {}) {
  const r = spawnSync(
      cmd, args, {cwd: root, encoding: 'utf8', maxBuffer: 1 << 30, ...opts});
  fs.writeFileSync(
      join(logs, `${name}.log`),
      `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ?? ''}`);
  return r.status === 0 ? String(r.stdout) : undefined;
}
/** @type {(...a: Parameters<typeof tryRun>) => string} */
const run = (name, cmd, args, opts) => tryRun(name, cmd, args, opts) ??
    fail(`${cmd} ${args.join(' ')} failed`, name);

/**
 * Loads tfjs-node from the repo root as the tests do; returns a summary if it
 * works.
 */
function check() {
  const expected = `tensorflow,${TF},true`;
  const summary = `backend 'tensorflow', TensorFlow ${TF}`;
  const js = `const tf = require('@tensorflow/tfjs-node');
    tf.ready().then(() => {
      const core = require('@tensorflow/tfjs-core');
      const got = [
        tf.getBackend(), tf.backend().binding.TF_Version,
        tf.Tensor === core.Tensor,
      ];
      if (got.join() !== '${expected}') {
        throw new Error('backend, TensorFlow, shares tfjs-core: ' + got);
      }
      const version = tf.version['tfjs-node'];
      console.log('@tensorflow/tfjs-node ' + version + ", ${summary}");
    });`;
  return tryRun('check', process.execPath, ['-e', js])?.trim();
}

/**
 * pip's configured indexes, the first replacing the public one (unreachable
 * here, and slow to fail).
 */
function pipIndexes() {
  const cfg =
      tryRun('pip-config', 'python3', ['-m', 'pip', 'config', 'list']) ?? '';
  const urls = (cfg.match(/index-url='[^']*'/g) ??
                []).flatMap((m) => m.slice(11, -1).split(/\s+/));
  return Array.from(new Set(urls))
      .flatMap((url, i) => [i ? '--extra-index-url' : '--index-url', url]);
}

/**
 * Assembles the package in a temp dir, builds its addon, then renames the dir
 * to `built`.
 */
function build() {
  const tmp = `${built}.tmp`, deps = join(tmp, 'deps'),
        stage = join(cache, 'stage');
  [tmp, stage].forEach(rm);
  [join(deps, 'lib'), stage].forEach(
      (dir) => fs.mkdirSync(dir, {recursive: true}));
  const tfjsNode = `@tensorflow/tfjs-node@${TFJS_NODE}`;
  log(`fetching ${tfjsNode} and its dependencies from the npm registry`);
  run('npm-pack', 'npm', ['pack', `@tensorflow/tfjs-node@${TFJS_NODE}`],
      {cwd: stage});
  run('untar', 'tar',
      [
        '-xzf', `tensorflow-tfjs-node-${TFJS_NODE}.tgz`, '-C', tmp,
        '--strip-components=1'
      ],
      {cwd: stage});
  // Its dependencies but @tensorflow/*, which must be the repo's single copies.
  const all = JSON.parse(fs.readFileSync(join(tmp, 'package.json'), 'utf8'))
                  .dependencies;
  const dependencies = Object.fromEntries(
      Object.entries(all).filter(([name]) => !name.startsWith('@tensorflow/')));
  fs.writeFileSync(
      join(stage, 'package.json'),
      JSON.stringify({private: true, dependencies}));
  run('npm-deps', 'npm',
      [
        'install', '--ignore-scripts', '--no-package-lock', '--no-audit',
        '--no-fund', '--omit=dev', '--omit=peer', '--loglevel=warn'
      ],
      {cwd: stage});
  fs.renameSync(join(stage, 'node_modules'), join(tmp, 'node_modules'));

  const wheelName = `tensorflow-cpu ${TF}`;
  log(`fetching the ${wheelName} wheel; unpacking libtensorflow and headers`);
  // The wheel is cp311; the C libraries in it do not depend on Python's
  // version.
  run('pip', 'python3', [
    '-m', 'pip', 'download', '--no-deps',
    '--only-binary=:all:', '--python-version', '3.11', '--progress-bar', 'off',
    '--disable-pip-version-check', ...pipIndexes(), '-d', stage,
    `tensorflow-cpu==${TF}`
  ]);
  const wheel = fs.readdirSync(stage).find((f) => f.endsWith('.whl')) ??
      fail('pip downloaded no wheel', 'pip');
  const unzip = 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); ' +
      'z.extractall(sys.argv[2], [n for n in z.namelist() if n.startswith(tuple(sys.argv[3:]))])';
  run('unzip', 'python3', [
    '-c', unzip, join(stage, wheel), stage,
    ...[...LIBS, ...HEADERS.map((h) => `include/${h}`)].map(
        (p) => `tensorflow/${p}`)
  ]);
  fs.renameSync(join(stage, 'tensorflow/include'), join(deps, 'include'));
  for (const lib of LIBS)
    fs.renameSync(join(stage, 'tensorflow', lib), join(deps, 'lib', lib));
  rm(stage);  // with the 270 MB wheel
  // The names binding.gyp links (-ltensorflow -ltensorflow_framework) and the
  // one install.js looks for.
  fs.symlinkSync(LIBS[0], join(deps, 'lib/libtensorflow.so'));
  fs.symlinkSync(LIBS[1], join(deps, 'lib/libtensorflow_framework.so'));
  fs.symlinkSync(
      LIBS[0],
      require(join(tmp, 'scripts/deps-constants.js')).depsLibTensorFlowPath);

  // From source (no try at the CDN's prebuilt addon) with the repo's node-gyp,
  // against this Node's own headers (node-gyp would download them).
  const nodedir =
      process.env.npm_config_nodedir ?? resolve(process.execPath, '../..');
  log('building the addon with tfjs-node\'s install.js and node-gyp ' +
      `(nodedir=${nodedir})`);
  run('build', process.execPath, ['scripts/install.js'], {
    cwd: tmp,
    env: {
      ...process.env,
      npm_config_build_from_source: 'true',
      npm_config_nodedir: nodedir,
      npm_config_node_gyp:
          require.resolve('node-gyp/bin/node-gyp.js', {paths: [root]}),
      PATH: `${join(tmp, 'node_modules/.bin')}:${process.env.PATH}`
    }
  });
  // Objects and Makefiles that name `tmp` (node-pre-gyp builds in
  // build-tmp-napi-v<N>).
  for (const dir of fs.readdirSync(tmp))
    if (/^build(-tmp-napi-v\d+)?$/.test(dir)) rm(join(tmp, dir));
  fs.renameSync(tmp, built);
}

/**
 * Hard-links the built package into node_modules, or copies it where that is
 * another filesystem.
 */
function install() {
  rm(pkg);
  if (tryRun('install', 'cp', ['-al', built, pkg]) === undefined)
    run('install', 'cp', ['-a', `${built}/.`, pkg]);
}

const [key, stamped] =
    fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8').split('\n') : [];
if (key === stampKey) {
  log(`already installed: ${stamped}`);
  process.exit(0);
}
fs.mkdirSync(logs, {recursive: true});
// One run at a time: flock(1) locks the open file, which this process holds
// until it exits.
/** @type {import('child_process').SpawnSyncOptions} */
const lockOpts = {
  stdio: ['ignore', 'ignore', 'inherit', fs.openSync(join(cache, '.lock'), 'w')]
};
if (spawnSync('flock', ['-n', '3'], lockOpts).status === 1) {
  log('waiting for another setup:tfjs-node run');
  spawnSync('flock', ['3'], lockOpts);
}
let summary = fs.existsSync(pkg) ? check() : undefined;
if (!summary) {
  if (fs.existsSync(pkg))
    log('node_modules/@tensorflow/tfjs-node does not load; reinstalling it');
  if (fs.existsSync(built))
    log('reusing the build in .cache/tfjs-node');
  else
    build();
  install();
  summary = check();
}
if (!summary) {
  rm(built);  // so that the next run builds afresh
  fail('require(\'@tensorflow/tfjs-node\') fails after the install', 'check');
}
fs.writeFileSync(stamp, `${stampKey}\n${summary}\n`);
log(`${summary} (${process.uptime().toFixed(1)} s)`);
