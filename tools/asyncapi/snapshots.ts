import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ContractSchema, JsonSchema } from './contract-schemas';
import { breakingChanges } from './compatibility';
import { ROOT } from './document';

/** Where released data schemas are kept, one file per event type and version. */
export const SNAPSHOT_DIR = join(ROOT, 'docs/asyncapi');

/** A released data schema. */
export interface SchemaSnapshot {
  readonly type: string;
  readonly version: number;
  readonly dataType: string;
  readonly schema: JsonSchema;
}

/** `docs/asyncapi/order.placed.v1.json`. */
export function snapshotPath(type: string, version: number, dir: string = SNAPSHOT_DIR): string {
  return join(dir, `${type}.v${version}.json`);
}

/** The released snapshot of a type's version, if any. */
export function readSnapshot(
  type: string,
  version: number,
  dir: string = SNAPSHOT_DIR,
): SchemaSnapshot | undefined {
  const path = snapshotPath(type, version, dir);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as SchemaSnapshot) : undefined;
}

/** Every snapshot file in the directory. */
export function listSnapshots(dir: string = SNAPSHOT_DIR): SchemaSnapshot[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as SchemaSnapshot);
}

/** How a contract stands against its released snapshot. */
export type SnapshotVerdict =
  | { readonly kind: 'unreleased' }
  | { readonly kind: 'same' }
  | { readonly kind: 'compatible' }
  | { readonly kind: 'breaking'; readonly problems: readonly string[] };

/** Compares a contract's current data schema with the snapshot released under the same version. */
export function verdictOf(
  contract: ContractSchema,
  snapshot: SchemaSnapshot | undefined,
): SnapshotVerdict {
  if (!snapshot) return { kind: 'unreleased' };
  if (JSON.stringify(snapshot.schema) === JSON.stringify(contract.schema)) return { kind: 'same' };
  const problems = breakingChanges(snapshot.schema, contract.schema);
  return problems.length > 0 ? { kind: 'breaking', problems } : { kind: 'compatible' };
}

/** The snapshot file content of a contract. */
export function snapshotOf(contract: ContractSchema): string {
  const snapshot: SchemaSnapshot = {
    type: contract.type,
    version: contract.version,
    dataType: contract.typeName,
    schema: contract.schema,
  };
  return `${JSON.stringify(snapshot, null, 2)}\n`;
}
