import { readFileSync } from 'node:fs';
import { join } from 'node:path';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a CommonJS helper of the README's commands
const { atLeast, oldestSupported } = require('./supported-node.cjs') as {
  atLeast: (version: string, minimum: string) => boolean;
  oldestSupported: (root: string) => string;
};

const ROOT = join(__dirname, '../..');
const major = (version: string) => Number(version.split('.')[0]);

describe('the supported Node', () => {
  it('compares versions part by part', () => {
    expect(atLeast('22.15.0', '22.15.0')).toBe(true);
    expect(atLeast('22.16.0', '22.15.9')).toBe(true);
    expect(atLeast('24.0.0', '22.15.0')).toBe(true);
    expect(atLeast('22.14.9', '22.15.0')).toBe(false);
    expect(atLeast('20.20.2', '22.15.0')).toBe(false);
    expect(atLeast('22.9.0', '22.15.0')).toBe(false);
  });

  it('is a release line still maintained (22 or later) in engines, .nvmrc and the image', () => {
    const oldest = oldestSupported(ROOT);
    const pinned = readFileSync(join(ROOT, '.nvmrc'), 'utf8').trim();
    const images = [
      ...readFileSync(join(ROOT, 'Dockerfile'), 'utf8').matchAll(/^FROM node:(\d+)/gm),
    ];
    expect(major(oldest)).toBeGreaterThanOrEqual(22);
    expect(atLeast(pinned, oldest)).toBe(true);
    expect(images.length).toBeGreaterThan(0);
    for (const [, image] of images) expect(image).toBe(String(major(pinned)));
  });
});
