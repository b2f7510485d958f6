import type { KeyObject } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes each key as a PEM file in a fresh temporary folder, as secrets are mounted; answers the paths. */
export async function writeKeyFiles<K extends string>(
  keys: Record<K, KeyObject>,
): Promise<Record<K, string>> {
  const dir = await mkdtemp(join(tmpdir(), 'payments-keys-'));
  const paths = {} as Record<K, string>;
  for (const [name, key] of Object.entries(keys) as [K, KeyObject][]) {
    const pem =
      key.type === 'private'
        ? key.export({ type: 'pkcs8', format: 'pem' })
        : key.export({ type: 'spki', format: 'pem' });
    paths[name] = join(dir, `${name}.pem`);
    await writeFile(paths[name], pem, { mode: 0o600 });
  }
  return paths;
}
