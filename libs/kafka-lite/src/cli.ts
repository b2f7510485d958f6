import { parseArgs } from 'node:util';
import { startBroker } from './broker';
import { LogLevel } from './logger';

const USAGE = `Usage: kafka-lite [--port 9092] [--host 127.0.0.1] [--data-dir DIR] [--partitions 6]
                  [--log-level silent|error|warn|info|debug] [--fsync]

A single-node Kafka-protocol broker for development and tests (not for production).
Without --data-dir everything is kept in memory.`;

const LEVELS: readonly LogLevel[] = ['silent', 'error', 'warn', 'info', 'debug'];

/** Runs the broker from command-line arguments until SIGINT/SIGTERM. */
export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '9092' },
      host: { type: 'string', default: '127.0.0.1' },
      'advertised-host': { type: 'string' },
      'data-dir': { type: 'string' },
      partitions: { type: 'string', default: '6' },
      'log-level': { type: 'string', default: 'info' },
      fsync: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const logLevel = values['log-level'] as LogLevel;
  if (!LEVELS.includes(logLevel)) {
    throw new Error(`--log-level must be one of ${LEVELS.join(', ')}`);
  }
  const broker = await startBroker({
    port: Number(values.port),
    host: values.host,
    advertisedHost: values['advertised-host'],
    dataDir: values['data-dir'],
    defaultPartitions: Number(values.partitions),
    fsync: values.fsync,
    logLevel,
  });
  const where = values['data-dir'] ? `data in ${values['data-dir']}` : 'in memory';
  process.stdout.write(`kafka-lite listening on ${broker.brokers[0]} (${where})\n`);

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`kafka-lite: ${signal} received, stopping\n`);
    broker.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`kafka-lite: stop failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(
      `kafka-lite: ${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`,
    );
    process.exit(1);
  });
}
