import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// The generator reads the services' decorator metadata, which only swc keeps, so it runs as the
// command a developer types, in its checking mode.
const check = () =>
  spawnSync(
    process.execPath,
    ['--require', '@swc-node/register', join(__dirname, 'openapi.ts'), '--check'],
    { cwd: join(__dirname, '..'), encoding: 'utf8', timeout: 120_000 },
  );

describe('libs/contracts/openapi', () => {
  it("holds each part's document as its controllers, DTOs and contract types say (else: npm run openapi)", () => {
    const run = check();
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('libs/contracts/openapi is up to date');
    expect(run.status).toBe(0);
  });
});
