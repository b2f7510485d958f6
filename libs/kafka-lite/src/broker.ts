import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { API_HANDLERS, SUPPORTED_APIS } from './apis/registry';
import { BrokerContext } from './broker-context';
import { BrokerOptions, resolveOptions } from './config';
import { GroupCoordinator } from './groups/group-coordinator';
import { Connection } from './network/connection';
import { CacheBudget } from './storage/cache-budget';
import { OffsetStore } from './storage/offset-store';
import { TopicStore } from './storage/topic-store';

const CLEAN_SHUTDOWN_MARKER = '.clean-shutdown';
const LOCK_FILE = '.lock';

/** A running broker. */
export interface RunningBroker {
  /** Bootstrap servers for clients, e.g. ['127.0.0.1:39123']. */
  readonly brokers: string[];
  /** The port the broker listens on. */
  readonly port: number;
  /** Stops accepting connections, closes clients and flushes state to disk. */
  stop(): Promise<void>;
}

/** Starts a broker and resolves once it accepts connections. */
export async function startBroker(options: BrokerOptions = {}): Promise<RunningBroker> {
  const opts = resolveOptions(options);
  const logger = opts.logger;
  let verifyTail = false;
  if (opts.dataDir) {
    fs.mkdirSync(opts.dataDir, { recursive: true });
    acquireLock(opts.dataDir);
    const marker = path.join(opts.dataDir, CLEAN_SHUTDOWN_MARKER);
    // Without the marker the previous run died: check every batch at the tail of each log.
    verifyTail = !fs.existsSync(marker);
    fs.rmSync(marker, { force: true });
  }
  const topics = new TopicStore({
    dataDir: opts.dataDir,
    segmentBytes: opts.segmentBytes,
    fsync: opts.fsync,
    cache: opts.dataDir ? new CacheBudget(opts.cacheBytes) : null,
    verifyTail,
    onTruncated: (file, valid, size) =>
      logger.warn(
        size < 0
          ? `removed ${file} after a torn log`
          : `truncated torn tail of ${file}: ${size} -> ${valid} bytes`,
      ),
  });
  const offsets = new OffsetStore(
    opts.dataDir ? path.join(opts.dataDir, 'groups', 'offsets.log') : null,
    opts.fsync,
  );
  try {
    topics.load();
    const cut = offsets.load();
    if (cut > 0) logger.warn(`truncated ${cut} torn bytes from the offsets log`);
  } catch (err) {
    releaseLock(opts.dataDir);
    throw err;
  }
  const groups = new GroupCoordinator(
    {
      minSessionTimeoutMs: opts.minSessionTimeoutMs,
      maxSessionTimeoutMs: opts.maxSessionTimeoutMs,
      initialRebalanceDelayMs: opts.initialRebalanceDelayMs,
      logger,
    },
    offsets,
  );
  const ctx = new BrokerContext(opts, topics, offsets, groups, SUPPORTED_APIS);
  const connections = new Set<Connection>();
  const server = net.createServer({ noDelay: true }, (socket) => {
    try {
      const conn = new Connection(socket, ctx, API_HANDLERS);
      connections.add(conn);
      socket.once('close', () => connections.delete(conn));
    } catch (err) {
      logger.error(`could not set up connection: ${(err as Error).message}`);
      socket.destroy();
    }
  });
  server.on('error', (err) => logger.error(`server error: ${err.message}`));

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port, opts.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    groups.close();
    topics.close();
    offsets.close();
    releaseLock(opts.dataDir);
    throw err;
  }
  const port = (server.address() as net.AddressInfo).port;
  ctx.port = port;

  const retentionTimer = setInterval(() => {
    const now = Date.now();
    for (const topic of topics.list()) {
      for (const p of topic.partitions) {
        try {
          p.log.applyRetention(now, ctx.retentionMs(topic), ctx.retentionBytes(topic));
        } catch (err) {
          logger.error(`retention for ${topic.name}-${p.index} failed: ${(err as Error).message}`);
        }
      }
    }
  }, opts.retentionCheckIntervalMs);
  retentionTimer.unref();

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      clearInterval(retentionTimer);
      ctx.markStopping();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const conn of connections) conn.close();
      await closed;
      groups.close();
      topics.close();
      offsets.close();
      if (opts.dataDir) {
        fs.writeFileSync(path.join(opts.dataDir, CLEAN_SHUTDOWN_MARKER), new Date().toISOString());
        releaseLock(opts.dataDir);
      }
    })();
    return stopping;
  };

  return { brokers: [`${opts.advertisedHost}:${port}`], port, stop };
}

/** Refuses to open a data directory another live broker process is using. */
function acquireLock(dataDir: string): void {
  const file = path.join(dataDir, LOCK_FILE);
  try {
    const pid = Number(fs.readFileSync(file, 'utf8'));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(`data directory ${dataDir} is in use by process ${pid}`);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.writeFileSync(file, String(process.pid));
}

function releaseLock(dataDir: string | null): void {
  if (dataDir) fs.rmSync(path.join(dataDir, LOCK_FILE), { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process whose parent has not reaped it yet still answers signal 0.
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX] /.test(stat);
  } catch {
    return true;
  }
}
