// `npm run bench [name…]`: builds, then runs every scenario under bench/<name>/run.ts (or the named
// ones), each printing one JSON line per measurement with its same-run baseline, and writes them
// as a Markdown table to bench/results/<date>.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import benchReportModule from './lib/bench-report.cjs';
import { ensureInstalled } from './lib/ensure-installed.mjs';

const { benchReport } = benchReportModule;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
ensureInstalled(root);
if (spawnSync(process.execPath, ['tools/build.mjs'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
const benchDir = join(root, 'bench');
const wanted = process.argv.slice(2, 3).filter((a) => !a.startsWith('--'));
const scenarios = (existsSync(benchDir) ? readdirSync(benchDir) : [])
  .filter((name) => existsSync(join(benchDir, name, 'run.ts')))
  .filter((name) => wanted.length === 0 || wanted.includes(name));
if (scenarios.length === 0) {
  console.error(wanted.length ? `No bench/<name>/run.ts for: ${wanted.join(', ')}` : 'No scenarios in bench/');
  process.exit(1);
}
// Options such as --seconds 5 go to the scenario when one is named (each scenario has its own).
const options = wanted.length === 1 ? process.argv.slice(3) : [];
let failed = 0;
const lines = [];
for (const [i, name] of scenarios.entries()) {
  const started = Date.now();
  console.error(`▶ bench/${name} (${i + 1} of ${scenarios.length})`);
  // swc keeps the decorator metadata that services booted inside a scenario need.
  const run = spawnSync(process.execPath, ['--require', '@swc-node/register', join('bench', name, 'run.ts'), ...options], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.json' },
  });
  process.stdout.write(run.stdout ?? '');
  for (const line of (run.stdout ?? '').split('\n')) {
    try {
      const parsed = JSON.parse(line);
      if (parsed && typeof parsed === 'object' && parsed.scenario) lines.push(parsed);
    } catch {
      // not a result line
    }
  }
  console.error(`  bench/${name} ${run.status === 0 ? 'done' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s`);
  if (run.status !== 0) failed += 1;
}
if (lines.length > 0) {
  const date = new Date().toISOString().slice(0, 10);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  const file = join('bench', 'results', `${date}.md`);
  writeFileSync(join(root, file), benchReport(lines, { date, machine }));
  console.error(`Results: ${file}`);
}
process.exit(failed ? 1 : 0);
