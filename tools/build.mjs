// Compiles apps/*/src and libs/**/src to dist/ with swc (decorator metadata kept, tsconfig path
// aliases rewritten to relative imports), mirroring the source tree, and copies the assets code
// reads at run time (Lua scripts, OpenAPI documents) beside it. Type checking is
// `npm run typecheck`; this only emits, so it takes seconds.
import { copyFile, mkdir, readdir, rename, rm, writeFile, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { transformFile } from '@swc/core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
// Built aside and swapped in at the end, so processes started from dist/ meanwhile never see it half written.
const out = `${dist}.building-${process.pid}`;
const { compilerOptions } = JSON.parse(await readFile(join(root, 'tsconfig.base.json'), 'utf8'));
const swcOptions = createRequire(import.meta.url)('./lib/swc-options.cjs');
const TEST_FILE = /\.(spec|int-spec|e2e-spec|browser-spec)\.ts$/;
// Files code loads beside itself, e.g. apps/orders/src/persistence/flash-sale-gate.lua, and the
// OpenAPI documents of libs/contracts/openapi/ that the gateway merges.
const ASSET = /\.lua$|\.openapi\.json$/;

async function* sources(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'test') yield* sources(path);
    } else if (
      entry.name.endsWith('.ts') &&
      !entry.name.endsWith('.d.ts') &&
      !TEST_FILE.test(entry.name)
    ) {
      yield path;
    } else if (ASSET.test(entry.name)) {
      yield path;
    }
  }
}

async function compile(file) {
  if (ASSET.test(file)) {
    const target = join(out, relative(root, file));
    await mkdir(dirname(target), { recursive: true });
    return copyFile(file, target);
  }
  const { code, map } = await transformFile(file, {
    ...swcOptions,
    jsc: { ...swcOptions.jsc, baseUrl: root, paths: compilerOptions.paths },
  });
  const target = join(out, relative(root, file)).replace(/\.ts$/, '.js');
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, `${code}\n//# sourceMappingURL=${target.split('/').pop()}.map\n`);
  await writeFile(`${target}.map`, map);
}

const started = Date.now();
await rm(out, { recursive: true, force: true });
const files = [];
for (const top of ['apps', 'libs'])
  for await (const file of sources(join(root, top))) files.push(file);
const apps = files.filter((f) => !relative(root, f).startsWith('apps/e2e/'));
for (let i = 0; i < apps.length; i += 32) await Promise.all(apps.slice(i, i + 32).map(compile));
const previous = `${dist}.previous-${process.pid}`;
await rename(dist, previous).catch((error) => {
  if (error.code !== 'ENOENT') throw error;
});
await rename(out, dist);
await rm(previous, { recursive: true, force: true });
console.log(`built ${apps.length} files into dist/ in ${Date.now() - started} ms`);
