// The README's commands run on a Node release that is still supported: package.json's `engines`.
// Started by an older Node (20 is past its end of life), they fetch the release `.nvmrc` names
// from the npm registry — `node-<os>-<cpu>` ships the official binary — into .data/node, and run again under
// it, with its directory first on PATH so that npm, npx and every child process use it too.
// Node built-ins only: this runs before anything is installed.
const { spawn, spawnSync } = require('node:child_process');
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

const parts = (version) => version.replace(/^v/, '').split('.').map(Number);
const major = (version) => parts(version)[0];

/** True when `version` is at least `minimum` (both `major.minor.patch`). */
function atLeast(version, minimum) {
  const [a, b] = [parts(version), parts(minimum)];
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

/** The oldest Node package.json's `engines` accepts (`>=22.15.0` → `22.15.0`). */
function oldestSupported(root) {
  const range = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines.node;
  const match = /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(range.trim());
  if (!match) throw new Error(`package.json engines.node must read ">=x.y.z", not "${range}"`);
  return match[1];
}

/**
 * Returns at once on a Node that `engines` accepts; otherwise runs the calling script again under
 * `.nvmrc`'s release and never returns (the process ends with the script's code).
 */
async function ensureSupportedNode(root) {
  if (atLeast(process.versions.node, oldestSupported(root))) return;
  const wanted = readFileSync(join(root, '.nvmrc'), 'utf8').trim();
  const pkg = `node-${process.platform}-${process.arch}`;
  const prefix = join(root, '.data', 'node', wanted);
  const bin = join(prefix, 'node_modules', pkg, 'bin');
  if (!existsSync(join(bin, 'node'))) {
    console.log(
      `Node ${process.versions.node} is past its support; fetching Node ${wanted} (${pkg}) into .data/node…`,
    );
    const install = spawnSync(
      'npm',
      [
        'install',
        '--prefix',
        prefix,
        '--no-save',
        '--no-package-lock',
        '--no-audit',
        '--no-fund',
        `${pkg}@${wanted}`,
      ],
      { stdio: 'inherit' },
    );
    if (install.status !== 0 || !existsSync(join(bin, 'node'))) {
      console.error(
        `Could not fetch ${pkg}@${wanted} from the npm registry; install Node ${major(wanted)} and run again.`,
      );
      process.exit(1);
    }
  }
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` };
  const child = spawn(join(bin, 'node'), process.argv.slice(1), { stdio: 'inherit', env });
  // A terminal's Ctrl-C reaches the child as well; a signal sent to this process alone is passed on.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
    process.on(signal, () => child.kill(signal));
  const code = await new Promise((resolve) =>
    child.on('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0))),
  );
  process.exit(code);
}

module.exports = { atLeast, oldestSupported, ensureSupportedNode };
