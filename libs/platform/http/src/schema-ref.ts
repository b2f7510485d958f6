import type { ApiSchemaName } from '@emporium/contracts';

/** A reference to the OpenAPI schema of a contract type, for `@ApiProperty({ items: … })`. */
export const schemaRef = (name: ApiSchemaName) => ({ $ref: `#/components/schemas/${name}` });
