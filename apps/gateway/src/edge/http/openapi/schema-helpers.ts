/** A JSON Schema (OpenAPI 3.1 dialect) as plain data. */
export type Schema = Readonly<Record<string, unknown>>;

/** A reference to a component schema. */
export const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });

export const str: Schema = { type: 'string' };
export const uuid: Schema = { type: 'string', format: 'uuid' };
export const int: Schema = { type: 'integer' };
export const num: Schema = { type: 'number' };
export const bool: Schema = { type: 'boolean' };
export const time: Schema = { type: 'string', format: 'date-time' };
export const money: Schema = ref('Money');
export const anyObject: Schema = { type: 'object', additionalProperties: true };

/** A string of one of `values`. */
export const oneOf = (...values: string[]): Schema => ({ type: 'string', enum: values });

/** An array of `items`. */
export const arr = (items: Schema): Schema => ({ type: 'array', items });

/**
 * An object of `properties`; names ending in `?` are optional, the others required. Unknown
 * properties are refused in requests (`closed`) and allowed in answers (fields may be added).
 */
export function obj(properties: Record<string, Schema>, { closed = false } = {}): Schema {
  const props: Record<string, Schema> = {};
  const required: string[] = [];
  for (const [key, schema] of Object.entries(properties)) {
    const optional = key.endsWith('?');
    const name = optional ? key.slice(0, -1) : key;
    props[name] = schema;
    if (!optional) required.push(name);
  }
  return {
    type: 'object',
    properties: props,
    ...(required.length ? { required } : {}),
    ...(closed ? { additionalProperties: false } : {}),
  };
}

/** A request body object: unknown fields refused (API.md: 400). */
export const body = (properties: Record<string, Schema>): Schema =>
  obj(properties, { closed: true });

/** API.md's list envelope. */
export const page = (item: Schema): Schema =>
  obj({ items: arr(item), nextCursor: { type: ['string', 'null'] }, 'total?': int });
