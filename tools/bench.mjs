// `npm run bench [name…]`: builds, then runs every scenario under bench/<name>/run.ts (or the named
// ones), each printing one JSON line per measurement with its same-run baseline, and writes them
// as a Markdown table to bench/results/<date>.md (<date>-<names>.md when scenarios are named).
//
// A scenario's header comment may carry tags:
//   @emporium-url  it can load a running platform through the public API (EMPORIUM_URL);
//   @manual        it is not part of the default set (e.g. the 30-minute soak), only run by name.
// With EMPORIUM_URL set (a gateway base URL such as http://127.0.0.1:3000) nothing is built or
// started, and only @emporium-url scenarios run; the others need direct database or broker access.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import benchReportModule from './lib/bench-report.cjs';
import { ensureInstalled } from './lib/ensure-installed.mjs';
import { ensureSupportedNode } from './lib/supported-node.cjs';

const { benchReport } = benchReportModule;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await ensureSupportedNode(root);
const target = process.env.EMPORIUM_URL;
ensureInstalled(root);
// Against a running platform nothing is started, so dist/ is not needed.
if (
  !target &&
  spawnSync(process.execPath, ['tools/build.mjs'], { cwd: root, stdio: 'inherit' }).status !== 0
)
  process.exit(1);
const benchDir = join(root, 'bench');
const wanted = process.argv.slice(2, 3).filter((a) => !a.startsWith('--'));
const tagged = (name, tag) =>
  new RegExp(`^\\s*(\\*|//)\\s*@${tag}\\b`, 'm').test(
    readFileSync(join(benchDir, name, 'run.ts'), 'utf8'),
  );
let scenarios = (existsSync(benchDir) ? readdirSync(benchDir) : [])
  .filter((name) => existsSync(join(benchDir, name, 'run.ts')))
  .filter((name) => (wanted.length === 0 ? !tagged(name, 'manual') : wanted.includes(name)));
if (scenarios.length === 0) {
  console.error(
    wanted.length ? `No bench/<name>/run.ts for: ${wanted.join(', ')}` : 'No scenarios in bench/',
  );
  process.exit(1);
}
if (target) {
  const skipped = scenarios.filter((name) => !tagged(name, 'emporium-url'));
  for (const name of skipped) {
    console.error(
      `– bench/${name} skipped: it starts its own processes and needs direct database or broker access, not only EMPORIUM_URL`,
    );
  }
  scenarios = scenarios.filter((name) => !skipped.includes(name));
  if (scenarios.length === 0) process.exit(1);
  console.error(`Loading the platform at ${target} (EMPORIUM_URL)`);
}
// Options such as --seconds 5 go to the scenario when one is named (each scenario has its own).
const options = wanted.length === 1 ? process.argv.slice(3) : [];

/** Runs one scenario; stdout is collected, stderr passes through, and a heartbeat shows it is alive. */
function runScenario(name) {
  return new Promise((resolve) => {
    const started = Date.now();
    // swc keeps the decorator metadata that services booted inside a scenario need.
    const child = spawn(
      process.execPath,
      ['--require', '@swc-node/register', join('bench', name, 'run.ts'), ...options],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.json' },
      },
    );
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      process.stdout.write(chunk);
    });
    const heartbeat = setInterval(
      () =>
        console.error(`  … bench/${name} running, ${Math.round((Date.now() - started) / 1000)} s`),
      60_000,
    );
    child.on('close', (code, signal) => {
      clearInterval(heartbeat);
      resolve({
        status: code ?? (signal ? 1 : 0),
        stdout,
        seconds: Math.round((Date.now() - started) / 1000),
      });
    });
  });
}

let failed = 0;
const lines = [];
// The machine may be shared: its load during the run belongs next to the numbers.
const loadAtStart = loadavg()[0];
for (const [i, name] of scenarios.entries()) {
  console.error(`▶ bench/${name} (${i + 1} of ${scenarios.length})`);
  const run = await runScenario(name);
  for (const line of run.stdout.split('\n')) {
    try {
      const parsed = JSON.parse(line);
      if (parsed && typeof parsed === 'object' && parsed.scenario) lines.push(parsed);
    } catch {
      // not a result line
    }
  }
  console.error(`  bench/${name} ${run.status === 0 ? 'done' : 'FAILED'} in ${run.seconds} s`);
  if (run.status !== 0) failed += 1;
}
if (lines.length > 0) {
  const date = new Date().toISOString().slice(0, 10);
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, 1-minute load average ${loadAtStart.toFixed(1)} at the start and ${loadavg()[0].toFixed(1)} at the end`;
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  // A partial run keeps its own file, so it never overwrites the day's full run.
  const suffix = [...(target ? ['emporium-url'] : []), ...wanted].join('-');
  const file = join('bench', 'results', `${date}${suffix ? `-${suffix}` : ''}.md`);
  writeFileSync(
    join(root, file),
    benchReport(lines, { date, machine, target: target ?? undefined }),
  );
  console.error(`Results: ${file}`);
}
process.exit(failed ? 1 : 0);
