import type { OpenApiPart } from '@emporium/contracts';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { ApiRoute } from '../../domain/api-routes';
import { API_PREFIX } from '../api-prefix';

type Operation = Record<string, unknown> & {
  responses?: Record<string, unknown>;
  parameters?: { name: string; in: string }[];
};

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

const IDEMPOTENT_POSTS = new Set([
  'POST /orders',
  'POST /payments/{id}/confirm',
  'POST /payments/{id}/refunds',
  'POST /transfers',
  'POST /purchase-orders/{id}/receipts',
]);

// Path parameters are named differently on either side (`{id}` / `{idOrSlug}`): compare places.
const shape = (path: string) => path.replace(/\{\w+\}/g, '{}');
const parameterNames = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);

/** Where the owner serves a route: services without `/api/v1`, the gateway as the public path. */
const ownerPath = (route: ApiRoute) =>
  route.owner === 'gateway' && !route.root ? API_PREFIX + route.path : route.path;

const operationIdOf = (route: ApiRoute) =>
  `${route.method.toLowerCase()}${route.path
    .replace(/\{(\w+)\}/g, 'By-$1')
    .replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`;

function findOperation(part: OpenApiPart, route: ApiRoute): Operation | undefined {
  const wanted = shape(ownerPath(route));
  for (const [path, item] of Object.entries(part.paths)) {
    const operation = shape(path) === wanted ? item[route.method.toLowerCase()] : undefined;
    if (operation) {
      // A copy with the public names of the path's parameters.
      const copy = structuredClone(operation) as Operation;
      const names = new Map(
        parameterNames(path).map((name, i) => [name, parameterNames(route.path)[i]]),
      );
      for (const parameter of copy.parameters ?? []) {
        if (parameter.in === 'path') parameter.name = names.get(parameter.name) ?? parameter.name;
      }
      return copy;
    }
  }
  return undefined;
}

// What the edge adds to every operation: who may call it, and the answers the edge gives itself.
function addEdgeAnswers(route: ApiRoute, operation: Operation): void {
  const key = `${route.method} ${route.path}`;
  operation.summary ??= route.summary;
  operation['x-emporium-owner'] = route.owner;
  const parameters = (operation.parameters ??= []);
  if (IDEMPOTENT_POSTS.has(key)) {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: true,
      schema: { type: 'string' },
    } as never);
  }
  if (route.path.startsWith('/cart')) {
    parameters.push({
      name: 'X-Cart-Token',
      in: 'header',
      required: false,
      schema: { type: 'string' },
    } as never);
  }
  if (route.access !== 'public') {
    operation.security = [{ bearer: [] }];
    operation['x-emporium-roles'] =
      route.access === 'authenticated' ? 'any signed-in user' : route.access;
  }
  const responses = (operation.responses ??= {});
  responses['400'] ??= problem('Invalid input: malformed JSON, unknown fields, wrong values');
  if (route.access !== 'public') responses['401'] ??= problem('No valid access token');
  if (Array.isArray(route.access)) responses['403'] ??= problem('The role may not do this');
  if (route.path.includes('{')) responses['404'] ??= problem('Not found, or not yours');
  if (route.method !== 'GET') responses['413'] ??= problem('Body over 1 MiB');
  responses['429'] ??= problem('Rate limited; see Retry-After');
  if (route.owner !== 'gateway') responses['503'] ??= problem('The owning service is unavailable');
}

/**
 * The public document: for each route of the gateway, its owner's operation (the gateway's own, or
 * the service's the gateway forwards to), with the edge's additions. A route whose owner documents
 * no such operation is an error, never an invented entry.
 */
export function publicDocument(
  base: OpenAPIObject,
  routes: readonly ApiRoute[],
  parts: Readonly<Record<string, OpenApiPart>>,
): OpenAPIObject {
  const paths: Record<string, Record<string, Operation>> = {};
  const schemas: Record<string, unknown> = {};
  const problems: string[] = [];
  const used = new Set<string>();
  for (const route of routes) {
    const part = parts[route.owner];
    const operation = part && findOperation(part, route);
    if (!operation) {
      problems.push(`${route.method} ${route.path}: ${route.owner} documents no such operation`);
      continue;
    }
    used.add(route.owner);
    if (route.owner !== 'gateway') {
      operation.operationId = operationIdOf(route);
      operation.tags = [route.owner];
    }
    addEdgeAnswers(route, operation);
    const path = (route.root ? '' : API_PREFIX) + route.path;
    (paths[path] ??= {})[route.method.toLowerCase()] = operation;
  }
  for (const owner of used) {
    for (const [name, schema] of Object.entries(parts[owner].components.schemas)) {
      if (name in schemas && JSON.stringify(schemas[name]) !== JSON.stringify(schema)) {
        problems.push(`schema ${name}: ${owner} defines it otherwise than another part`);
      }
      schemas[name] ??= schema;
    }
  }
  if (problems.length > 0) {
    throw new Error(
      `The OpenAPI parts do not fit the gateway's routes (npm run openapi):\n${problems.join('\n')}`,
    );
  }
  return {
    ...base,
    paths: paths as OpenAPIObject['paths'],
    components: {
      ...base.components,
      schemas: Object.fromEntries(
        Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)),
      ) as never,
    },
  };
}
