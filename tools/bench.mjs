// `npm run bench [name…]`: builds, then runs every scenario under bench/<name>/run.ts (or the named
// ones), each printing one JSON line per measurement with its same-run baseline.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureInstalled } from './lib/ensure-installed.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
ensureInstalled(root);
if (spawnSync(process.execPath, ['tools/build.mjs'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
const benchDir = join(root, 'bench');
const wanted = process.argv.slice(2);
const scenarios = (existsSync(benchDir) ? readdirSync(benchDir) : [])
  .filter((name) => existsSync(join(benchDir, name, 'run.ts')))
  .filter((name) => wanted.length === 0 || wanted.includes(name));
if (scenarios.length === 0) {
  console.error(wanted.length ? `No bench/<name>/run.ts for: ${wanted.join(', ')}` : 'No scenarios in bench/');
  process.exit(1);
}
let failed = 0;
for (const name of scenarios) {
  console.error(`▶ bench/${name}`);
  // swc keeps the decorator metadata that services booted inside a scenario need.
  const run = spawnSync(process.execPath, ['--require', '@swc-node/register', join('bench', name, 'run.ts')], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.json' },
  });
  if (run.status !== 0) failed += 1;
}
process.exit(failed ? 1 : 0);
