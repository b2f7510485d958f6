// `npm run test:drills`: the long form of the resilience drills and the fuzz run (issue #13): the
// same suites `npm test` runs, with longer checkout streams and 10 minutes of fuzzing.
// DRILL_SECONDS, DRILL_CUSTOMERS and FUZZ_SECONDS override the defaults below.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSupportedNode } from './lib/supported-node.cjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await ensureSupportedNode(root);
const env = {
  DRILL_SECONDS: '60',
  DRILL_CUSTOMERS: '8',
  FUZZ_SECONDS: '600',
  FUZZ_SEED: String(Date.now()),
  ...process.env,
  NX_DAEMON: 'false',
};
if (spawnSync('node', ['tools/build.mjs'], { cwd: root, stdio: 'inherit' }).status !== 0)
  process.exit(1);
const run = spawnSync(
  'npx',
  [
    'jest',
    '--selectProjects',
    'e2e',
    '--runInBand',
    '--testPathPatterns',
    'apps/e2e/src/(drills/.*|fuzz)\\.e2e-spec\\.ts',
    ...process.argv.slice(2),
  ],
  { cwd: root, env, stdio: 'inherit' },
);
process.exit(run.status ?? 1);
