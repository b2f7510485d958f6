import { Injectable, type INestApplication, type OnApplicationBootstrap } from '@nestjs/common';
import { ApplicationConfig, HttpAdapterHost, ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { API_ROUTES, type ApiRoute } from '../../domain/api-routes';
import { API_PREFIX } from '../api-prefix';
import { COMPONENT_SCHEMAS, QUERY_PARAMETERS, REQUEST_BODIES, RESPONSES } from './contract-schemas';
import { ref, type Schema } from './schema-helpers';

type Operation = Record<string, unknown> & {
  responses?: Record<string, unknown>;
  parameters?: unknown[];
};

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});

const IDEMPOTENT_POSTS = new Set([
  'POST /orders',
  'POST /payments/{id}/confirm',
  'POST /payments/{id}/refunds',
]);

const DESCRIPTION = `The Emporium public REST API (API.md). Money is { amount, currency } in integer minor units (fen).
Errors are RFC 9457 application/problem+json. Lists answer { items, nextCursor }.

Promotion stacking (the pricing engine, applied level by level, each on what the previous left):
1. FLASH_SALE sets the unit price of the units granted at the flash price (quota and per-customer
   limit checked atomically when the order is placed); the rest of the line stays at list price.
2. Item level: PERCENT_OFF and AMOUNT_OFF without a coupon code.
3. Order level: THRESHOLD_OFF without a coupon code (base: the targeted lines after item discounts;
   the best reached tier applies).
4. Coupon item level, then 5. coupon order level: the same kinds with a couponCode on the cart.
6. GIFT: every reached gift promotion adds its gift at zero price while it is in stock.
Within a level, stackable promotions combine (PERCENT_OFF, then AMOUNT_OFF, then THRESHOLD_OFF); a
non-stackable one never combines, and whichever gives the customer the larger discount wins (all
stackables together, or the best non-stackable alone). Order-level discounts are allocated to lines
in proportion to their value, so the lines' discounts add up exactly to the order's discount; a
percentage is rounded half-up per line.`;

/** The OpenAPI 3.1 document of the whole public API: the gateway's own routes and every proxied one. */
@Injectable()
export class OpenApiDocument implements OnApplicationBootstrap {
  private document?: OpenAPIObject;

  constructor(
    private readonly modules: ModulesContainer,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  onApplicationBootstrap(): void {
    this.document = this.build();
  }

  /** The document (built once, at start). */
  get value(): OpenAPIObject {
    this.document ??= this.build();
    return this.document;
  }

  private build(): OpenAPIObject {
    const config = new DocumentBuilder()
      .setTitle('Emporium API')
      .setDescription(DESCRIPTION)
      .setVersion('1')
      .setOpenAPIVersion('3.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .build();
    // The scanner needs only these three members of the application; the gateway's controllers
    // are read from the module container, so the document is built from the running module.
    const view = {
      container: { getModules: () => this.modules, isGlobalModule: () => false },
      config: new ApplicationConfig(),
      getHttpAdapter: () => this.adapterHost.httpAdapter,
    } as unknown as INestApplication;
    const document = SwaggerModule.createDocument(view, config);
    document.components = {
      ...document.components,
      schemas: { ...COMPONENT_SCHEMAS, ...document.components?.schemas } as never,
    };
    const paths = document.paths as Record<string, Record<string, Operation>>;
    for (const route of API_ROUTES) {
      const path = (route.root ? '' : API_PREFIX) + route.path;
      const method = route.method.toLowerCase();
      paths[path] ??= {};
      const operation = (paths[path][method] ??= this.operationOf(route));
      this.addCommon(route, operation);
    }
    return document;
  }

  private operationOf(route: ApiRoute): Operation {
    const key = `${route.method} ${route.path}`;
    const answer = RESPONSES[key] ?? { status: 200, schema: { type: 'object' } as Schema };
    const request = REQUEST_BODIES[key];
    const parameters = [
      ...[...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
        name: m[1],
        in: 'path',
        required: true,
        schema: { type: 'string' },
      })),
      ...Object.entries(QUERY_PARAMETERS[key] ?? {}).map(([name, schema]) => ({
        name,
        in: 'query',
        required: false,
        schema,
      })),
    ];
    if (IDEMPOTENT_POSTS.has(key)) {
      parameters.push({
        name: 'Idempotency-Key',
        in: 'header',
        required: true,
        schema: { type: 'string' },
      });
    }
    if (route.path.startsWith('/cart')) {
      parameters.push({
        name: 'X-Cart-Token',
        in: 'header',
        required: false,
        schema: { type: 'string' },
      });
    }
    return {
      operationId: `${route.method.toLowerCase()}${route.path.replace(/\{(\w+)\}/g, 'By-$1').replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))}`,
      summary: route.summary,
      tags: [route.owner],
      parameters,
      ...(request
        ? { requestBody: { required: true, content: { 'application/json': { schema: request } } } }
        : {}),
      responses: {
        [answer.status]: answer.schema
          ? {
              description: 'Success',
              content: { [answer.contentType ?? 'application/json']: { schema: answer.schema } },
            }
          : { description: 'Done, no content' },
      },
    };
  }

  private addCommon(route: ApiRoute, operation: Operation): void {
    operation.summary ??= route.summary;
    operation['x-emporium-owner'] = route.owner;
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
    if (route.owner !== 'gateway')
      responses['503'] ??= problem('The owning service is unavailable');
  }
}
