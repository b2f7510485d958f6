/**
 * Dead letters of a consumer group: `npm run dlq -- list <group> [--limit N]` prints them;
 * `npm run dlq -- replay <group> [--limit N]` sends them back to their topics once (after the
 * cause is fixed). Brokers from KAFKA_BROKERS (default 127.0.0.1:9092): the embedded broker or a
 * real cluster.
 */
import { parseArgs } from 'node:util';
import { createKafka, listDeadLetters, replayDeadLetters } from '@emporium/platform-messaging';

const USAGE = 'usage: npm run dlq -- list|replay <consumer-group> [--limit N]';

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { limit: { type: 'string' } },
  });
  const [command, group] = positionals;
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (
    !group ||
    (command !== 'list' && command !== 'replay') ||
    (limit !== undefined && !(limit > 0))
  ) {
    console.error(USAGE);
    return 2;
  }
  const kafka = createKafka({
    brokers: process.env.KAFKA_BROKERS ?? '127.0.0.1:9092',
    clientId: 'emporium-dlq',
  });
  const letters =
    command === 'list'
      ? await listDeadLetters(kafka, group, limit)
      : await replayDeadLetters(kafka, group, limit);
  for (const letter of letters) console.log(JSON.stringify(letter));
  console.error(
    `${letters.length} dead letter(s) ${command === 'list' ? 'in' : 'replayed from'} ${group}.dlq`,
  );
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
