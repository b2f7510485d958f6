import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// openapi-typescript loads ES modules that Jest cannot require, so the generator runs as the
// command a developer types, in its checking mode.
const check = () =>
  spawnSync(
    process.execPath,
    ['--require', '@swc-node/register', join(__dirname, 'client.ts'), '--check'],
    {
      cwd: join(__dirname, '..'),
      encoding: 'utf8',
      timeout: 120_000,
    },
  );

describe('libs/client/src/schema.d.ts', () => {
  it('is generated from the OpenAPI document the gateway serves today (else: npm run client)', () => {
    const run = check();
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('libs/client/src/schema.d.ts is up to date');
    expect(run.status).toBe(0);
  });
});
