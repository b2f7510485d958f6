import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answers } from './infrastructure';
import { eventually } from './boot-service';
import { freePort } from './platform-processes';

/** A kafka-lite broker in a process of its own, which a test can stop and start again. */
export interface KafkaProcess {
  readonly brokers: string;
  readonly port: number;
  readonly dataDir: string;
  readonly output: string[];
  /** Stops the broker (`SIGTERM` lets it close its logs; `SIGKILL` does not). */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and data directory; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops it and removes its data directory. */
  destroy(): Promise<void>;
}

const BIN = join(__dirname, '../../../node_modules/.bin/kafka-lite');

/** Starts kafka-lite (`libs/kafka-lite`, as `npm start` runs it) on a free port with a fresh data dir. */
export async function startKafkaProcess(): Promise<KafkaProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'kafka-lite-drill-'));
  const output: string[] = [];
  let child: ChildProcess | undefined;

  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  const start = async () => {
    if (running()) throw new Error('kafka-lite is still running');
    const started = spawn(
      BIN,
      ['--port', String(port), '--data-dir', dataDir, '--log-level', 'warn'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    started.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    started.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child = started;
    await eventually(
      async () => {
        if (started.exitCode !== null) throw new Error(`kafka-lite exited:\n${output.join('')}`);
        return answers('127.0.0.1', port, 500);
      },
      { timeoutMs: 30_000, intervalMs: 100, what: 'kafka-lite to listen' },
    );
  };
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    if (!running()) return;
    const current = child!;
    const done = new Promise<void>((resolve) => current.once('exit', () => resolve()));
    const force = setTimeout(() => current.kill('SIGKILL'), 10_000);
    current.kill(signal);
    await done;
    clearTimeout(force);
  };
  await start();
  return {
    brokers: `127.0.0.1:${port}`,
    port,
    dataDir,
    output,
    stop,
    start,
    async destroy() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
