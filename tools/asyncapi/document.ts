import 'reflect-metadata';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_PARTITIONS,
  TOPIC_KEYS,
  TOPICS,
  type Topic,
} from '../../libs/contracts/src/events/topics';
import { EVENT_HEADERS } from '../../libs/contracts/src/events/envelope';
import { handledEventsOf } from '../../libs/platform/messaging/src/handles-event';
import { contractSchemas, type ContractSchema, type JsonSchema } from './contract-schemas';

/** The repository root. */
export const ROOT = join(__dirname, '../..');

/** Consumer group of the gateway's outbound webhooks: it reads every topic. */
export const WEBHOOKS_GROUP = 'gateway-webhooks';

/** Every event type of every topic, as `TOPICS` lists them right now. */
export function topicEvents(): { topic: Topic; producer: string; type: string }[] {
  return (Object.keys(TOPICS) as Topic[]).flatMap((topic) =>
    TOPICS[topic].events.map((type: string) => ({ topic, producer: TOPICS[topic].producer, type })),
  );
}

/**
 * The services whose event handlers (`messaging/*.handlers.ts`, in a feature folder or not) handle
 * an event type in their own consumer group: read from the handlers' `@HandlesEvent` metadata, so
 * the catalog follows the code. Handlers of an extra group (the gateway's webhooks) are left out.
 */
export function consumersByType(root: string = ROOT): Map<string, string[]> {
  const result = new Map<string, string[]>();
  const appsDir = join(root, 'apps');
  for (const app of readdirSync(appsDir).sort()) {
    const src = join(appsDir, app, 'src');
    if (!existsSync(src)) continue;
    const files = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((f) => /(^|\/)messaging\/[^/]+\.handlers\.ts$/.test(f))
      .sort();
    for (const file of files) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- handler classes, loaded for their metadata
      const exported = Object.values(require(join(src, file)) as Record<string, unknown>);
      for (const handler of exported) {
        const handled = typeof handler === 'function' ? handledEventsOf(handler) : undefined;
        if (!handled || handled.group) continue;
        for (const type of handled.types) {
          const list = result.get(type) ?? [];
          if (!list.includes(app)) list.push(app);
          result.set(type, list);
        }
      }
    }
  }
  return result;
}

const SAMPLE_TIME = '2026-11-24T08:30:00.000Z';
const SAMPLE_ID = '3f0b6c1e-8a52-4d3e-9b7a-1c2d3e4f5a6b';

/** A plausible value for a schema, for the document's examples and the catalog. */
export function sampleOf(schema: JsonSchema, name = ''): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.anyOf) return sampleOf(schema.anyOf[0], name);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      if (schema.format === 'date-time') return SAMPLE_TIME;
      if (/Id$|^id$/.test(name)) return SAMPLE_ID;
      if (name === 'currency') return 'CNY';
      if (name === 'sku' || name === 'giftSku') return 'TEA-LONGJING-250G';
      return name || 'text';
    case 'number':
    case 'integer':
      return /amount$|Amount$/.test(name) ? 12_900 : 1;
    case 'boolean':
      return true;
    case 'array':
      return schema.items ? [sampleOf(schema.items, name.replace(/s$/, ''))] : [];
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(schema.properties ?? {}))
        out[key] = sampleOf(value, key);
      if (!schema.properties && typeof schema.additionalProperties === 'object')
        out.key = sampleOf(schema.additionalProperties);
      return out;
    }
    default:
      return null;
  }
}

/** What a topic's Kafka key is, as the document and the catalog say it. */
function keyText(topic: Topic): string {
  const key = TOPIC_KEYS[topic];
  return key ? key.charAt(0).toUpperCase() + key.slice(1) + '.' : 'The aggregate id (`subject`).';
}

function envelopeSchema(topic: Topic, event: ContractSchema): JsonSchema {
  return {
    type: 'object',
    description: 'The event envelope (EVENTS.md "Envelope").',
    required: [
      'id',
      'type',
      'version',
      'source',
      'subject',
      'occurredAt',
      'correlationId',
      'causationId',
      'data',
    ],
    properties: {
      id: {
        type: 'string',
        format: 'uuid',
        description: 'Unique per event; consumers deduplicate on it.',
      },
      type: { type: 'string', const: event.type },
      version: {
        type: 'integer',
        const: event.version,
        description: 'Version of the `data` schema.',
      },
      source: {
        type: 'string',
        const: TOPICS[topic].producer,
        description: 'The producing service.',
      },
      subject: {
        type: 'string',
        description: TOPIC_KEYS[topic]
          ? `The aggregate id; the Kafka message key is ${TOPIC_KEYS[topic]}.`
          : 'The aggregate id; also the Kafka message key.',
      },
      occurredAt: { type: 'string', format: 'date-time' },
      correlationId: {
        type: 'string',
        description:
          'The journey: the order id for every event of an order journey, else the X-Request-Id.',
      },
      causationId: { type: 'string', description: 'The event or request that caused this one.' },
      data: { description: event.description, ...event.schema },
    },
  };
}

function headersSchema(event: ContractSchema): JsonSchema {
  return {
    type: 'object',
    required: [EVENT_HEADERS.type, EVENT_HEADERS.version, EVENT_HEADERS.contentType],
    properties: {
      [EVENT_HEADERS.type]: { type: 'string', const: event.type },
      [EVENT_HEADERS.version]: { type: 'string', const: String(event.version) },
      [EVENT_HEADERS.contentType]: { type: 'string', const: 'application/json' },
      [EVENT_HEADERS.traceparent]: {
        type: 'string',
        description: 'W3C trace context of the causing request or event.',
      },
      [EVENT_HEADERS.requestId]: {
        type: 'string',
        description: 'The X-Request-Id of the request that started the journey.',
      },
    },
  };
}

/** An event type of `TOPICS` that has no data contract in `EventDataMap`. */
export interface MissingContract {
  readonly topic: Topic;
  readonly type: string;
}

/** The AsyncAPI 3.0 document of the platform's topics, and the event types it cannot describe. */
export function buildDocument(contracts: readonly ContractSchema[] = contractSchemas()) {
  const byType = new Map(contracts.map((c) => [c.type, c]));
  const consumers = consumersByType();
  const missing: MissingContract[] = [];
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const topic of Object.keys(TOPICS) as Topic[]) {
    const { producer, events } = TOPICS[topic];
    const channelMessages: Record<string, unknown> = {};
    for (const type of events as readonly string[]) {
      const contract = byType.get(type);
      if (!contract) {
        missing.push({ topic, type });
        continue;
      }
      const payload = envelopeSchema(topic, contract);
      const headers = headersSchema(contract);
      messages[type] = {
        name: type,
        title: type,
        summary: contract.description ?? type,
        contentType: 'application/json',
        headers,
        payload,
        correlationId: { location: '$message.payload#/correlationId' },
        bindings: {
          kafka: {
            key: { type: 'string', description: keyText(topic) },
            bindingVersion: '0.5.0',
          },
        },
        examples: [
          {
            name: `${type}-example`,
            headers: sampleOf(headers),
            payload: { ...(sampleOf(payload) as object), subject: SAMPLE_ID },
          },
        ],
        'x-data-type': contract.typeName,
        'x-version': contract.version,
        'x-producer': producer,
        'x-consumers': consumers.get(type) ?? [],
      };
      channelMessages[type] = { $ref: `#/components/messages/${type}` };
    }
    channels[topic] = {
      address: topic,
      title: topic,
      description: TOPIC_KEYS[topic]
        ? `Events of the \`${topic.split('.')[1]}\` aggregate, produced by ${producer}; keyed by ${TOPIC_KEYS[topic]}.`
        : `Events of the \`${topic.split('.')[1]}\` aggregate, produced by ${producer}; keyed by the aggregate id so one aggregate's events keep their order.`,
      ...(TOPIC_KEYS[topic] ? { 'x-key': keyText(topic) } : {}),
      messages: channelMessages,
      bindings: { kafka: { topic, partitions: DEFAULT_PARTITIONS, bindingVersion: '0.5.0' } },
      'x-producer': producer,
    };
    operations[`${topic}.publish`] = {
      action: 'send',
      title: `${producer} publishes on ${topic}`,
      channel: { $ref: `#/channels/${topic}` },
      messages: Object.keys(channelMessages).map((type) => ({
        $ref: `#/channels/${topic}/messages/${type}`,
      })),
    };
  }
  channels.deadLetters = {
    address: '{consumerGroup}.dlq',
    title: 'Dead letters',
    description:
      'A message a consumer group could not handle after its retries, with the original key, value and headers.',
    parameters: {
      consumerGroup: { description: 'The consumer group (a service name, or `gateway-webhooks`).' },
    },
    messages: { deadLetter: { $ref: '#/components/messages/deadLetter' } },
  };
  messages.deadLetter = {
    name: 'deadLetter',
    title: 'Dead letter',
    summary: 'The original message as consumed, plus why it was dead-lettered.',
    headers: {
      type: 'object',
      required: [
        'dlq-error',
        'dlq-attempts',
        'dlq-consumer-group',
        'dlq-original-topic',
        'dlq-original-partition',
        'dlq-original-offset',
        'dlq-failed-at',
      ],
      properties: Object.fromEntries(
        [
          'dlq-error',
          'dlq-attempts',
          'dlq-consumer-group',
          'dlq-original-topic',
          'dlq-original-partition',
          'dlq-original-offset',
          'dlq-failed-at',
        ].map((h) => [h, { type: 'string' }]),
      ),
    },
    payload: {
      description: 'The original message value, byte for byte (normally an event envelope).',
    },
  };
  operations['deadLetters.publish'] = {
    action: 'send',
    title: 'Consumers dead-letter what they cannot handle',
    channel: { $ref: '#/channels/deadLetters' },
    messages: [{ $ref: '#/channels/deadLetters/messages/deadLetter' }],
  };
  const document = {
    asyncapi: '3.0.0',
    info: {
      title: 'Emporium integration events',
      version: '1.0.0',
      description:
        'The integration events of the Emporium platform on Kafka (EVENTS.md). Every message value is a JSON envelope; `data` is described per event type and versioned by `version`. Consumers ignore fields they do not know. Generated by `tools/asyncapi.ts` from the typed contracts in `libs/contracts/src/events`.',
      license: { name: 'Apache-2.0' },
    },
    defaultContentType: 'application/json',
    servers: {
      development: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        description: 'kafka-lite from `npm start` (or `npx kafka-lite`)',
      },
    },
    channels,
    operations,
    components: { messages },
  };
  return { document, missing };
}
