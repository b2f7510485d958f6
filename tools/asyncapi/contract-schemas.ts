import { join } from 'node:path';
import ts from 'typescript';

/** A JSON Schema (draft-07 subset, as AsyncAPI schemas use it). */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly format?: string;
  readonly enum?: readonly (string | number | boolean)[];
  readonly const?: string | number | boolean;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: JsonSchema | boolean;
  readonly items?: JsonSchema;
  readonly anyOf?: readonly JsonSchema[];
  readonly examples?: readonly unknown[];
  readonly [extension: `x-${string}`]: unknown;
}

/** The data contract of one event type, as declared in `EventDataMap`. */
export interface ContractSchema {
  readonly type: string;
  /** Name of the declared data type (`OrderPlacedV1`). */
  readonly typeName: string;
  /** From the `V<n>` suffix of the data type name: the envelope's `version`. */
  readonly version: number;
  readonly description?: string;
  readonly schema: JsonSchema;
}

/** Where the typed event contracts live. */
export const EVENTS_DIR = join(__dirname, '../../libs/contracts/src/events');

// ISO-8601 by convention (EVENTS.md "time"): `at`, `paidAt`, `occurredAt`…
const TIME_PROPERTY = /^(at|[a-z]+At)$/;

function docOf(symbol: ts.Symbol | undefined, checker: ts.TypeChecker): string | undefined {
  if (!symbol) return undefined;
  const text = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  return text || undefined;
}

class SchemaBuilder {
  constructor(private readonly checker: ts.TypeChecker) {}

  build(type: ts.Type, path: string, seen: readonly ts.Type[] = []): JsonSchema {
    const { checker } = this;
    if (seen.includes(type))
      throw new Error(`${path}: recursive types cannot be published as events`);
    const flags = type.flags;
    if (flags & ts.TypeFlags.String) return { type: 'string' };
    if (flags & ts.TypeFlags.Number) return { type: 'number' };
    if (flags & ts.TypeFlags.Boolean) return { type: 'boolean' };
    if (flags & ts.TypeFlags.Null) return { type: 'null' };
    if (flags & ts.TypeFlags.StringLiteral)
      return { type: 'string', const: (type as ts.StringLiteralType).value };
    if (flags & ts.TypeFlags.NumberLiteral)
      return { type: 'number', const: (type as ts.NumberLiteralType).value };
    if (flags & ts.TypeFlags.BooleanLiteral) {
      return { type: 'boolean', const: checker.typeToString(type) === 'true' };
    }
    if (type.isUnion()) return this.union(type, path, seen);
    if (checker.isArrayType(type)) {
      const [element] = checker.getTypeArguments(type as ts.TypeReference);
      return { type: 'array', items: this.build(element, `${path}[]`, [...seen, type]) };
    }
    if (checker.isTupleType(type))
      throw new Error(`${path}: tuples are not supported in event data`);
    if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) {
      throw new Error(`${path}: 'any' and 'unknown' have no schema; declare the type`);
    }
    if (flags & ts.TypeFlags.Object || type.isIntersection())
      return this.object(type, path, [...seen, type]);
    throw new Error(`${path}: unsupported type ${checker.typeToString(type)}`);
  }

  private union(type: ts.UnionType, path: string, seen: readonly ts.Type[]): JsonSchema {
    const members = type.types.filter((t) => !(t.flags & ts.TypeFlags.Undefined));
    const booleans = members.filter((t) => t.flags & ts.TypeFlags.BooleanLiteral);
    // TypeScript spells `boolean` as `true | false`.
    const rest = booleans.length === 2 ? members.filter((t) => !booleans.includes(t)) : members;
    const schemas = [
      ...(booleans.length === 2 ? [{ type: 'boolean' } as JsonSchema] : []),
      ...rest.map((t) => this.build(t, path, seen)),
    ];
    if (schemas.length === 1) return schemas[0];
    const literals = schemas.filter((s) => s.const !== undefined);
    const nullable = schemas.some((s) => s.type === 'null' && Object.keys(s).length === 1);
    const others = schemas.filter(
      (s) => s.const === undefined && !(s.type === 'null' && Object.keys(s).length === 1),
    );
    const parts: JsonSchema[] = [];
    if (literals.length > 0) {
      const types = [...new Set(literals.map((s) => s.type as string))];
      parts.push({
        type: types.length === 1 ? types[0] : types,
        enum: literals.map((s) => s.const!),
      });
    }
    parts.push(...others);
    if (parts.length === 1 && nullable && typeof parts[0].type === 'string' && !parts[0].enum) {
      return { ...parts[0], type: [parts[0].type, 'null'] };
    }
    if (parts.length === 1 && nullable && parts[0].enum) {
      return {
        ...parts[0],
        type: [...[parts[0].type as string].flat(), 'null'],
        enum: [...parts[0].enum, null as never],
      };
    }
    if (nullable) parts.push({ type: 'null' });
    return parts.length === 1 ? parts[0] : { anyOf: parts };
  }

  private object(type: ts.Type, path: string, seen: readonly ts.Type[]): JsonSchema {
    const { checker } = this;
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const property of checker.getPropertiesOfType(type)) {
      const name = property.getName();
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      if (!declaration) throw new Error(`${path}.${name}: no declaration`);
      const propertyType = checker.getTypeOfSymbolAtLocation(property, declaration);
      let schema = this.build(propertyType, `${path}.${name}`, seen);
      if (
        schema.type === 'string' &&
        TIME_PROPERTY.test(name) &&
        !schema.enum &&
        schema.const === undefined
      ) {
        schema = { ...schema, format: 'date-time' };
      }
      const description = docOf(property, checker);
      properties[name] = description ? { description, ...schema } : schema;
      if (!(property.flags & ts.SymbolFlags.Optional)) required.push(name);
    }
    const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
    return {
      type: 'object',
      ...(Object.keys(properties).length > 0 ? { properties } : {}),
      ...(required.length > 0 ? { required } : {}),
      ...(index ? { additionalProperties: this.build(index.type, `${path}[key]`, seen) } : {}),
    };
  }
}

/**
 * Derives a JSON Schema for the `data` of every event type declared in `EventDataMap`
 * (libs/contracts/src/events/event-data.ts) with the TypeScript compiler, so the published
 * schemas cannot drift from the types the services compile against.
 */
export function contractSchemas(eventsDir: string = EVENTS_DIR): ContractSchema[] {
  const entry = join(eventsDir, 'event-data.ts');
  const program = ts.createProgram([entry], {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.CommonJS,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entry);
  if (!source) throw new Error(`Cannot read ${entry}`);
  const map = source.statements.find(
    (s): s is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(s) && s.name.text === 'EventDataMap',
  );
  if (!map) throw new Error(`${entry} declares no EventDataMap`);
  const builder = new SchemaBuilder(checker);
  return map.members.map((member) => {
    if (!ts.isPropertySignature(member) || !member.type)
      throw new Error(`Unexpected member in EventDataMap`);
    const type = ts.isStringLiteral(member.name) ? member.name.text : member.name.getText(source);
    const typeName = member.type.getText(source);
    const version = /V(\d+)$/.exec(typeName);
    if (!version) throw new Error(`${type}: its data type ${typeName} does not end in V<version>`);
    const dataType = checker.getTypeFromTypeNode(member.type);
    const symbol = ts.isTypeReferenceNode(member.type)
      ? checker.getSymbolAtLocation(member.type.typeName)
      : undefined;
    const aliased =
      symbol && symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    return {
      type,
      typeName,
      version: Number(version[1]),
      description: docOf(aliased, checker),
      schema: builder.build(dataType, type),
    };
  });
}
