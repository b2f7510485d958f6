import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { TOPICS, type Topic } from '../libs/contracts/src/events/topics';
import { CATALOG_DIR, renderCatalog, type CatalogSource } from './event-catalog';

const doc = parse(readFileSync(join(__dirname, '../docs/asyncapi.yaml'), 'utf8')) as CatalogSource;
const pages = renderCatalog(doc);

describe('the event catalog (docs/events)', () => {
  it.each(Object.keys(TOPICS) as Topic[])(
    'has a page for %s naming its producer and every event',
    (topic) => {
      const page = pages.get(`${topic}.md`);
      expect(page).toBeDefined();
      expect(page).toContain(`producer: **${TOPICS[topic].producer}**`);
      for (const type of TOPICS[topic].events as readonly string[])
        expect(page).toContain(`## \`${type}\``);
    },
  );

  it('lists the fields of an event with their types and an example', () => {
    const page = pages.get('orders.order.md')!;
    expect(page).toContain(
      '| `reason` | `OUT_OF_STOCK` \\| `PAYMENT_FAILED` \\| `PAYMENT_TIMEOUT` \\| `CUSTOMER` | yes |',
    );
    expect(page).toContain('"type": "order.cancelled"');
  });

  it('is up to date with docs/asyncapi.yaml', () => {
    const stale = [...pages].filter(([name, text]) => {
      const path = join(CATALOG_DIR, name);
      return !existsSync(path) || readFileSync(path, 'utf8') !== text;
    });
    if (stale.length > 0) {
      throw new Error(
        `docs/events is out of date (${stale.map(([n]) => n).join(', ')}): run \`npx tsx tools/event-catalog.ts\``,
      );
    }
  });
});
