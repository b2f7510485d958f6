import { readFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { TOPICS, type Topic } from '../libs/contracts/src/events/topics';
import { contractSchemas, type ContractSchema, type JsonSchema } from './asyncapi/contract-schemas';
import { buildDocument } from './asyncapi/document';
import { readSnapshot, verdictOf } from './asyncapi/snapshots';
import { DOCUMENT_PATH, renderDocument } from './asyncapi';

interface AsyncApiMessage {
  readonly payload: JsonSchema;
  readonly headers: JsonSchema;
  readonly examples: readonly { readonly payload: unknown; readonly headers: unknown }[];
}
interface AsyncApiDocument {
  readonly channels: Record<string, { address: string; messages: Record<string, unknown> }>;
  readonly components: { messages: Record<string, AsyncApiMessage> };
}

const REGENERATE = 'run `npx tsx tools/asyncapi.ts`';
// Read at run time: event types added to TOPICS while this suite exists are checked too.
const topicEvents = (Object.keys(TOPICS) as Topic[]).flatMap((topic) =>
  (TOPICS[topic].events as readonly string[]).map((type) => [type, topic] as const),
);
const text = readFileSync(DOCUMENT_PATH, 'utf8');
const document = parse(text) as AsyncApiDocument;
let contracts: ContractSchema[];

beforeAll(() => {
  contracts = contractSchemas();
});

describe('docs/asyncapi.yaml', () => {
  it('parses as AsyncAPI 3.0 without errors', async () => {
    const { document: parsed, diagnostics } = await new Parser().parse(text);
    const errors = diagnostics
      .filter((d) => d.severity === 0)
      .map((d) => `${d.path.join('.')}: ${d.message}`);
    expect(errors).toEqual([]);
    expect(parsed?.version()).toBe('3.0.0');
  });

  it.each(topicEvents)('describes %s on %s', (type, topic) => {
    const declared = contracts.some((c) => c.type === type);
    if (!declared) {
      throw new Error(
        `${type} is on ${topic} in TOPICS but has no data contract: add its …V1 interface to EventDataMap (libs/contracts/src/events/event-data.ts), then ${REGENERATE}`,
      );
    }
    if (!document.components.messages[type] || !document.channels[topic]?.messages[type]) {
      throw new Error(`${type} is missing from docs/asyncapi.yaml: ${REGENERATE}`);
    }
    expect(document.channels[topic].address).toBe(topic);
  });

  it('describes no event type that TOPICS does not list', () => {
    const known = new Set(topicEvents.map(([type]) => type));
    const stale = Object.keys(document.components.messages).filter(
      (t) => t !== 'deadLetter' && !known.has(t),
    );
    expect(stale).toEqual([]);
  });

  it('is what the typed contracts generate (no hand edits, no drift)', () => {
    // Consumers are read from the services' handlers for the catalog; a new handler elsewhere
    // must not fail this suite, so only the contract part is compared.
    const withoutConsumers = (yaml: string) =>
      JSON.stringify(parse(yaml), (key, value: unknown) =>
        key === 'x-consumers' ? undefined : value,
      );
    const fresh = renderDocument(buildDocument(contracts).document);
    if (withoutConsumers(fresh) !== withoutConsumers(text)) {
      throw new Error(
        `docs/asyncapi.yaml differs from the contracts in libs/contracts: ${REGENERATE}`,
      );
    }
  });

  it("accepts each message's own example", () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const failures = Object.entries(document.components.messages).flatMap(([type, message]) =>
      (message.examples ?? []).flatMap((example) =>
        (['payload', 'headers'] as const).flatMap((part) => {
          const validate = ajv.compile(message[part]);
          return validate(example[part])
            ? []
            : [`${type} ${part}: ${ajv.errorsText(validate.errors)}`];
        }),
      ),
    );
    expect(failures).toEqual([]);
  });
});

describe('released data schemas (docs/asyncapi/<type>.v<version>.json)', () => {
  it('hold a snapshot of every event type at its current version', () => {
    const unreleased = contracts
      .filter((c) => verdictOf(c, readSnapshot(c.type, c.version)).kind === 'unreleased')
      .map((c) => `${c.type} v${c.version}`);
    if (unreleased.length > 0)
      throw new Error(`No released schema for ${unreleased.join(', ')}: ${REGENERATE}`);
  });

  it('change only compatibly unless the version is bumped', () => {
    const breaking = contracts.flatMap((c) => {
      const verdict = verdictOf(c, readSnapshot(c.type, c.version));
      return verdict.kind === 'breaking'
        ? [`${c.type} v${c.version} (${c.typeName}):\n    ${verdict.problems.join('\n    ')}`]
        : [];
    });
    if (breaking.length > 0) {
      throw new Error(
        `Breaking changes without a new version; declare a …V${'{n+1}'} data type and publish it as version n+1:\n  ${breaking.join('\n  ')}`,
      );
    }
  });
});
