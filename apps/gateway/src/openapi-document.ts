import type { OpenAPIObject } from '@nestjs/swagger';
import { OpenApiDocument } from './edge/http/openapi/openapi.service';

/**
 * The OpenAPI document `GET /api/v1/openapi.json` serves, built in-process without connecting to
 * anything: the client generator (tools/client.ts) reads the public API from here.
 */
export function gatewayOpenApiDocument(): OpenAPIObject {
  return new OpenApiDocument().value;
}
