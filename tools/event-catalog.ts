// Renders the human event catalog, one page per topic, from docs/asyncapi.yaml into docs/events/.
//   npx tsx tools/event-catalog.ts
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const ROOT = join(__dirname, '..');

/** Where the catalog is written. */
export const CATALOG_DIR = join(ROOT, 'docs/events');

/** The JSON Schema shapes the catalog reads. */
interface Schema {
  readonly type?: string | readonly string[];
  readonly description?: string;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: Schema | boolean;
  readonly items?: Schema;
  readonly anyOf?: readonly Schema[];
}

interface Message {
  readonly name: string;
  readonly summary?: string;
  readonly payload: Schema;
  readonly examples?: readonly { readonly payload: unknown }[];
  readonly 'x-version'?: number;
  readonly 'x-data-type'?: string;
  readonly 'x-producer'?: string;
  readonly 'x-consumers'?: readonly string[];
}

/** The parts of the AsyncAPI document the catalog is made of. */
export interface CatalogSource {
  readonly info: { readonly title: string; readonly description?: string };
  readonly channels: Readonly<
    Record<
      string,
      {
        readonly address: string;
        readonly description?: string;
        readonly 'x-producer'?: string;
        readonly 'x-key'?: string;
        readonly messages: Readonly<Record<string, { readonly $ref: string }>>;
      }
    >
  >;
  readonly components: { readonly messages: Readonly<Record<string, Message>> };
}

function typeText(s: Schema): string {
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum) return s.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  if (s.anyOf) return s.anyOf.map(typeText).join(' \\| ');
  const types =
    s.type === undefined ? ['any'] : typeof s.type === 'string' ? [s.type] : [...s.type];
  return types
    .map((t) =>
      t === 'array' && s.items
        ? `${typeText(s.items)}[]`
        : t === 'string' && s.format
          ? `string (${s.format})`
          : t,
    )
    .join(' \\| ');
}

function cell(text: string | undefined): string {
  return (text ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Flattens a schema into `path | type | required | description` rows. */
export function fieldRows(schema: Schema, prefix = '', rows: string[] = []): string[] {
  if (schema.anyOf && schema.anyOf.every((b) => b.properties)) {
    schema.anyOf.forEach((branch, i) => {
      const tag = Object.entries(branch.properties ?? {}).find(([, p]) => p.const !== undefined);
      rows.push(
        `| ${prefix || '(data)'} | *variant ${i + 1}${tag ? `: ${tag[0]} = ${JSON.stringify(tag[1].const)}` : ''}* | | |`,
      );
      fieldRows({ ...branch }, prefix, rows);
    });
    return rows;
  }
  const required = new Set(schema.required ?? []);
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    rows.push(
      `| \`${path}\` | ${typeText(property)} | ${required.has(name) ? 'yes' : ''} | ${cell(property.description)} |`,
    );
    if (property.properties) fieldRows(property, path, rows);
    else if (property.items?.properties) fieldRows(property.items, `${path}[]`, rows);
    else if (property.items?.anyOf || property.anyOf)
      fieldRows(property.items ?? property, property.items ? `${path}[]` : path, rows);
  }
  return rows;
}

function messageSection(message: Message): string {
  const data = message.payload.properties?.data ?? {};
  const example = message.examples?.[0]?.payload;
  const consumers = message['x-consumers'] ?? [];
  return [
    `## \`${message.name}\` (version ${message['x-version'] ?? 1})`,
    '',
    cell(message.summary),
    '',
    `- data type: \`${message['x-data-type'] ?? '?'}\` in \`libs/contracts/src/events\``,
    `- consumers: ${[...consumers, 'gateway webhooks (`gateway-webhooks`, for subscribed integrators)'].join(', ')}`,
    '',
    '| field (`data.`…) | type | required | description |',
    '|---|---|---|---|',
    ...fieldRows(data),
    '',
    '<details><summary>Example</summary>',
    '',
    '```json',
    JSON.stringify(example, null, 2),
    '```',
    '',
    '</details>',
    '',
  ].join('\n');
}

/** A channel's key as a list item says it: lower-case, no full stop. */
function keyOf(key: string | undefined): string {
  if (!key) return 'the aggregate id (`subject`)';
  return (key.charAt(0).toLowerCase() + key.slice(1)).replace(/\.$/, '');
}

/** The catalog's files (name → Markdown) for an AsyncAPI document. */
export function renderCatalog(doc: CatalogSource): Map<string, string> {
  const files = new Map<string, string>();
  const index = [
    '# Event catalog',
    '',
    `Generated from \`docs/asyncapi.yaml\` by \`tools/event-catalog.ts\`; do not edit by hand. The envelope, headers, keys and delivery guarantees are in [EVENTS.md](../EVENTS.md) and the [AsyncAPI document](../asyncapi.yaml).`,
    '',
    '| topic | producer | events |',
    '|---|---|---|',
  ];
  for (const channel of Object.values(doc.channels)) {
    const names = Object.keys(channel.messages);
    if (!channel['x-producer']) continue; // the dead-letter channel is not a topic of events
    const page = `${channel.address}.md`;
    index.push(
      `| [\`${channel.address}\`](${page}) | ${channel['x-producer']} | ${names.map((n) => `\`${n}\``).join(', ')} |`,
    );
    const consumers = [
      ...new Set(names.flatMap((n) => doc.components.messages[n]?.['x-consumers'] ?? [])),
    ];
    files.set(
      page,
      [
        `# \`${channel.address}\``,
        '',
        cell(channel.description),
        '',
        `- producer: **${channel['x-producer']}**`,
        `- consumers: ${consumers.length > 0 ? consumers.join(', ') : 'none inside the platform'}; plus the gateway's webhooks`,
        `- key: ${keyOf(channel['x-key'])}; value: the JSON envelope; headers \`event-type\`, \`event-version\`, \`content-type\`, \`traceparent\`, \`x-request-id\``,
        '',
        ...names.map(
          (n) =>
            `- [\`${n}\`](#${n.replace(/\./g, '')}-version-${doc.components.messages[n]?.['x-version'] ?? 1})`,
        ),
        '',
        ...names.map((n) => messageSection(doc.components.messages[n])),
        `[All topics](README.md)`,
        '',
      ].join('\n'),
    );
  }
  index.push(
    '',
    'Dead letters: `<consumer-group>.dlq`, the original message plus `dlq-*` headers.',
    '',
  );
  files.set('README.md', index.join('\n'));
  return files;
}

function main(): void {
  const doc = parse(readFileSync(join(ROOT, 'docs/asyncapi.yaml'), 'utf8')) as CatalogSource;
  const files = renderCatalog(doc);
  mkdirSync(CATALOG_DIR, { recursive: true });
  for (const old of readdirSync(CATALOG_DIR)) if (!files.has(old)) rmSync(join(CATALOG_DIR, old));
  for (const [name, text] of files) writeFileSync(join(CATALOG_DIR, name), text);
  console.log(`wrote ${files.size} pages into docs/events/`);
}

if (require.main === module) main();
