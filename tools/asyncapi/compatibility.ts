import type { JsonSchema } from './contract-schemas';

function typesOf(schema: JsonSchema): string[] {
  if (schema.type === undefined) return [];
  return typeof schema.type === 'string' ? [schema.type] : [...schema.type];
}

/**
 * What a change from `released` to `next` breaks for a consumer written against `released`:
 * a removed or retyped field, a field that may now be missing, a new required field, a new enum
 * value or union branch. Empty when `next` is a compatible evolution (new optional fields,
 * descriptions, narrower types).
 */
export function breakingChanges(released: JsonSchema, next: JsonSchema, path = 'data'): string[] {
  const problems: string[] = [];
  const was = typesOf(released);
  const now = typesOf(next);
  const widened = now.filter(
    (t) => !was.includes(t) && !(t === 'integer' && was.includes('number')),
  );
  if (was.length > 0 && widened.length > 0) {
    problems.push(`${path}: retyped from ${was.join('|')} to ${now.join('|') || 'any'}`);
  }
  if (was.length > 0 && now.length === 0 && !next.anyOf) problems.push(`${path}: no longer typed`);
  if (released.const !== undefined && next.const !== released.const) {
    problems.push(
      `${path}: constant changed from ${String(released.const)} to ${String(next.const)}`,
    );
  }
  if (released.enum) {
    const added = (next.enum ?? []).filter((v) => !released.enum!.includes(v));
    if (!next.enum && next.const === undefined) problems.push(`${path}: no longer an enumeration`);
    if (added.length > 0) problems.push(`${path}: new enum values ${added.join(', ')}`);
  }
  const oldProps = released.properties ?? {};
  const newProps = next.properties ?? {};
  const oldRequired = new Set(released.required ?? []);
  const newRequired = new Set(next.required ?? []);
  for (const [name, schema] of Object.entries(oldProps)) {
    const at = `${path}.${name}`;
    if (!(name in newProps)) {
      problems.push(`${at}: removed`);
      continue;
    }
    if (oldRequired.has(name) && !newRequired.has(name))
      problems.push(`${at}: no longer required (may be missing)`);
    problems.push(...breakingChanges(schema, newProps[name], at));
  }
  for (const name of newRequired) {
    if (!oldRequired.has(name)) problems.push(`${path}.${name}: new required field`);
  }
  if (released.items && next.items)
    problems.push(...breakingChanges(released.items, next.items, `${path}[]`));
  if (
    typeof released.additionalProperties === 'object' &&
    typeof next.additionalProperties === 'object'
  ) {
    problems.push(
      ...breakingChanges(released.additionalProperties, next.additionalProperties, `${path}{}`),
    );
  }
  if (released.anyOf || next.anyOf) {
    const before = released.anyOf ?? [released];
    const after = next.anyOf ?? [next];
    if (after.length > before.length)
      problems.push(`${path}: new union branches (${before.length} → ${after.length})`);
    if (released.anyOf && next.anyOf) {
      before
        .slice(0, after.length)
        .forEach((branch, i) =>
          problems.push(...breakingChanges(branch, after[i], `${path}<${i}>`)),
        );
    }
  }
  return problems;
}
