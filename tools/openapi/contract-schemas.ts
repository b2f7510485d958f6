import { join } from 'node:path';
import { createGenerator, type Definition } from 'ts-json-schema-generator';

const ROOT = join(__dirname, '../..');

/** A JSON Schema (the OpenAPI 3.1 dialect) as plain data. */
export type Schema = Record<string, unknown>;

const DEFINITIONS = '#/definitions/';
const COMPONENTS = '#/components/schemas/';

// `Page<OrderView>` is no valid component name: such a definition takes the name it is registered
// under in ApiSchemas (`OrderViewPage`), or its letters joined by underscores.
function componentName(definition: string, registered: ReadonlyMap<string, string>): string {
  return (
    registered.get(definition) ?? definition.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/_$/, '')
  );
}

function withRefs(value: unknown, rename: (definition: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => withRefs(item, rename));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) =>
      key === '$ref' && typeof item === 'string' && item.startsWith(DEFINITIONS)
        ? [key, COMPONENTS + rename(decodeURIComponent(item.slice(DEFINITIONS.length)))]
        : [key, withRefs(item, rename)],
    ),
  );
}

// A string alias with a format (`Uuid`, `IsoDateTime`) is written where it is used, not referenced.
const isFormatAlias = (schema: Schema) =>
  schema.type === 'string' &&
  typeof schema.format === 'string' &&
  Object.keys(schema).every((key) => ['type', 'format', 'description'].includes(key));

function withAliasesInlined(value: unknown, aliases: Readonly<Record<string, Schema>>): unknown {
  if (Array.isArray(value)) return value.map((item) => withAliasesInlined(item, aliases));
  if (value === null || typeof value !== 'object') return value;
  const { $ref, ...rest } = value as Schema;
  const alias = typeof $ref === 'string' ? aliases[$ref.slice(COMPONENTS.length)] : undefined;
  const inlined = Object.fromEntries(
    Object.entries(rest).map(([key, item]) => [key, withAliasesInlined(item, aliases)]),
  );
  if (alias) return { type: alias.type, format: alias.format, ...inlined };
  return $ref === undefined ? inlined : { $ref, ...inlined };
}

/**
 * The component schemas of the answers of the public API: the types registered in `ApiSchemas`
 * (libs/contracts/src/api-schemas.ts) under their registered names, and every type they use,
 * converted by ts-json-schema-generator.
 */
export function contractSchemas(): Record<string, Schema> {
  const generated = createGenerator({
    path: join(ROOT, 'libs/contracts/src/api-schemas.ts'),
    tsconfig: join(ROOT, 'tsconfig.base.json'),
    type: 'ApiSchemas',
    expose: 'export',
    jsDoc: 'extended',
    // Answers may gain fields (API.md); a client must not refuse one it does not know yet.
    additionalProperties: true,
    skipTypeCheck: true,
  }).createSchema('ApiSchemas');
  const definitions = generated.definitions as Record<string, Definition>;
  const registry = definitions.ApiSchemas.properties as Record<string, Definition>;
  const registered = new Map<string, string>();
  for (const [name, schema] of Object.entries(registry)) {
    const ref = schema.$ref?.startsWith(DEFINITIONS)
      ? decodeURIComponent(schema.$ref.slice(DEFINITIONS.length))
      : undefined;
    if (ref !== undefined && ref !== name && !registered.has(ref)) registered.set(ref, name);
  }
  const rename = (definition: string) => componentName(definition, registered);
  const schemas: Record<string, Schema> = {};
  for (const [name, schema] of Object.entries(definitions)) {
    if (name === 'ApiSchemas') continue;
    schemas[rename(name)] = withRefs(schema, rename) as Schema;
  }
  for (const [name, schema] of Object.entries(registry)) {
    schemas[name] ??= withRefs(schema, rename) as Schema;
  }
  const aliases = Object.fromEntries(
    Object.entries(schemas).filter(([, schema]) => isFormatAlias(schema)),
  );
  return Object.fromEntries(
    Object.entries(schemas)
      .filter(([name]) => !(name in aliases))
      .map(([name, schema]) => [name, withAliasesInlined(schema, aliases) as Schema]),
  );
}
