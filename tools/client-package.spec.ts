import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const run = (command: string, args: string[], cwd: string) => {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
};

// What a frontend team gets from `npm pack libs/client` (npm publish packs the same files): the
// package is installed into a consumer's node_modules, type-checked against and run.
describe('the @emporium/client package', () => {
  // Inside the repository's tmp/ so that its two dependencies resolve from the root node_modules.
  mkdirSync(join(ROOT, 'tmp'), { recursive: true });
  const consumer = mkdtempSync(join(ROOT, 'tmp', 'client-consumer-'));
  const installed = join(consumer, 'node_modules', '@emporium', 'client');
  afterAll(() => rmSync(consumer, { recursive: true, force: true }));

  beforeAll(() => {
    run('npm', ['pack', '--silent', '--pack-destination', consumer], join(ROOT, 'libs/client'));
    const tarball = readdirSync(consumer).find((name) => name.endsWith('.tgz'))!;
    mkdirSync(installed, { recursive: true });
    run('tar', ['-xzf', join(consumer, tarball), '-C', installed, '--strip-components=1'], ROOT);
  }, 120_000);

  it('holds only its build, README and package.json', () => {
    expect(readdirSync(installed).sort()).toEqual(['README.md', 'dist', 'package.json']);
    expect(readdirSync(join(installed, 'dist'))).toEqual(
      expect.arrayContaining(['index.js', 'index.d.ts', 'schema.d.ts']),
    );
  });

  it('type-checks a storefront call against the API types and runs it', () => {
    writeFileSync(
      join(consumer, 'shop.ts'),
      `import { createEmporiumClient, type components } from '@emporium/client';
type Summary = components['schemas']['ProductSummary'];
const client = createEmporiumClient({
  baseUrl: 'http://shop.example',
  fetch: async (request) =>
    new Response(JSON.stringify({ items: [], nextCursor: null, seen: request.url }), {
      headers: { 'content-type': 'application/json' },
    }),
});
void client.GET('/api/v1/products', { params: { query: { q: 'tea' } } }).then(({ data }) => {
  const items: Summary[] | undefined = data?.items;
  console.log(JSON.stringify({ items, seen: (data as { seen?: string } | undefined)?.seen }));
});
`,
    );
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          target: 'ES2022',
          module: 'node16',
          moduleResolution: 'node16',
          lib: ['ES2023', 'DOM'],
          types: [],
          skipLibCheck: false,
        },
        files: ['shop.ts'],
      }),
    );
    run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', '.'], consumer);
    expect(JSON.parse(run(process.execPath, ['shop.js'], consumer))).toEqual({
      items: [],
      seen: 'http://shop.example/api/v1/products?q=tea',
    });
  });
});
