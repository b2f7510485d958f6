// `npm test`: makes the machine ready (npm dependencies, the system programs the tests drive, a
// running PostgreSQL and Redis), then lint, typecheck, build, and every test layer (unit, integration,
// e2e, browser), plus the kafka-lite compatibility check with kcat. A check that cannot run fails with
// its reason; none is skipped. Ends with one line "N passed, N failed" over all layers.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureInstalled } from './lib/ensure-installed.mjs';
import { ensureDataServices, ensurePrograms } from './lib/machine-ready.mjs';
import { ensureSupportedNode } from './lib/supported-node.cjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await ensureSupportedNode(root);
ensureInstalled(root);
ensurePrograms();
const dataServices = await ensureDataServices(root, { startRedis: true });

const env = {
  ...process.env,
  ...dataServices.env,
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  // Colour only where a terminal shows it (each step sees the terminal itself): forced, it also
  // reached the output of commands whose output is read, such as the kcat check's free port.
  ...(process.env.CI ? { FORCE_COLOR: '0' } : {}),
};
const results = join(root, 'tmp', 'test-results');
mkdirSync(results, { recursive: true });
let passed = 0;
let failed = 0;
const failures = [];

// Asynchronous on purpose: the embedded PostgreSQL writes its log to a pipe this process reads, and
// a blocked event loop would leave the pipe full and every server process stuck writing to it.
async function step(name, command, args) {
  const started = Date.now();
  console.log(`\n▶ ${name}`);
  const child = spawn(command, args, { cwd: root, env, stdio: 'inherit' });
  const status = await new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const ok = status === 0;
  console.log(`${ok ? '✔' : '✘'} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (!ok) failures.push(name);
  return ok;
}

async function jestLayer(layer, extra = []) {
  const output = join(results, `${layer}.json`);
  await step(`${layer} tests`, 'npx', [
    'jest',
    '--selectProjects',
    layer,
    '--json',
    `--outputFile=${output}`,
    ...extra,
  ]);
  if (!existsSync(output)) return;
  const report = JSON.parse(readFileSync(output, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
}

await step('lint', 'npm', ['run', '--silent', 'lint']);
await step('typecheck', 'npm', ['run', '--silent', 'typecheck']);
const built = await step('build', 'node', ['tools/build.mjs']);
await jestLayer('unit');
await jestLayer('integration', ['--maxWorkers=2']);
if (built) await jestLayer('e2e', ['--runInBand']);
if (built) await jestLayer('browser', ['--runInBand']);

const compat = join(root, '..', 'shared', 'tools', 'kafka-compat.sh');
if (existsSync(compat)) {
  if (await step('kafka-lite compatibility (kcat)', 'bash', [compat])) passed += 1;
  else failed += 1;
}

await dataServices.stop();
console.log(failures.length ? `\nFailed steps: ${failures.join(', ')}` : '\nEvery step passed.');
console.log(`${passed} passed, ${failed} failed`);
process.exit(failures.length ? 1 : 0);
