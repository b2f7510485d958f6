import type { OpenAPIObject } from '@nestjs/swagger';
import type { ServiceEntry } from '@emporium/platform-app';
import { controllersOf, openApiDocumentOf } from '@emporium/platform-app';
import type { InfrastructureConfig } from '@emporium/platform-config';
import { analyticsEntry } from '../../apps/analytics/src/app.module';
import { catalogEntry } from '../../apps/catalog/src/app.module';
import { customerServiceEntry } from '../../apps/customer-service/src/app.module';
import { gatewayEntry } from '../../apps/gateway/src/app.module';
import { logisticsEntry } from '../../apps/logistics/src/app.module';
import { ordersEntry } from '../../apps/orders/src/app.module';
import { paymentsEntry } from '../../apps/payments/src/app.module';
import { contractSchemas, type Schema } from './contract-schemas';
import { loadDtoMetadata } from './plugin-metadata';

/** The processes that serve a part of the public API, by the owner name of the gateway's routes. */
const PARTS: Record<string, ServiceEntry<InfrastructureConfig>> = {
  gateway: gatewayEntry,
  catalog: catalogEntry,
  logistics: logisticsEntry,
  orders: ordersEntry,
  payments: paymentsEntry,
  'customer-service': customerServiceEntry,
  analytics: analyticsEntry,
} as unknown as Record<string, ServiceEntry<InfrastructureConfig>>;

const REF = /"\$ref":"#\/components\/schemas\/([^"]+)"/g;

// The contract schemas a document refers to, and those they refer to in turn.
function referencedSchemas(
  document: unknown,
  contracts: Readonly<Record<string, Schema>>,
): Record<string, Schema> {
  const found: Record<string, Schema> = {};
  const pending = [...JSON.stringify(document).matchAll(REF)].map((m) => m[1]);
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (name in found || !(name in contracts)) continue;
    found[name] = contracts[name];
    pending.push(...[...JSON.stringify(found[name]).matchAll(REF)].map((m) => m[1]));
  }
  return found;
}

const sortedByName = <T>(record: Readonly<Record<string, T>>): Record<string, T> =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));

/**
 * Each part's OpenAPI document, as its own controllers and DTOs declare it: what the gateway
 * merges into the public document (libs/contracts/openapi/<part>.openapi.json).
 */
export async function serviceDocuments(): Promise<Record<string, OpenAPIObject>> {
  await loadDtoMetadata();
  const contracts = contractSchemas();
  const documents: Record<string, OpenAPIObject> = {};
  for (const [name, entry] of Object.entries(PARTS)) {
    const config = entry.loadConfig({ NODE_ENV: 'development', LOG_LEVEL: 'silent' });
    const document = openApiDocumentOf(controllersOf(entry.appModule(config)), {
      title: `Emporium ${name}`,
      version: '1',
    });
    // The platform's validation pipe refuses fields a request DTO does not declare
    // (forbidNonWhitelisted); answers may gain fields.
    const own = Object.fromEntries(
      Object.entries((document.components?.schemas ?? {}) as Record<string, Schema>).map(
        ([name, schema]) => [
          name,
          name.endsWith('Dto') ? { ...schema, additionalProperties: false } : schema,
        ],
      ),
    );
    const clash = Object.keys(own).filter((schema) => schema in contracts);
    if (clash.length > 0) throw new Error(`${name}: DTOs named like contract types: ${clash}`);
    // Every part answers its errors as problem documents (the platform's filter).
    const answers = { ...document, problem: { $ref: '#/components/schemas/Problem' } };
    document.components = {
      schemas: sortedByName({ ...own, ...referencedSchemas(answers, contracts) }) as never,
    };
    documents[name] = document;
  }
  return documents;
}
