import { Logger, LogLevel, createConsoleLogger } from './logger';

/** Options for startBroker. Every field is optional; defaults follow Kafka's where it has one. */
export interface BrokerOptions {
  /** TCP port; 0 picks a free one. Default 0. */
  port?: number;
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Host name given to clients in Metadata/FindCoordinator. Default: host (127.0.0.1 for wildcards). */
  advertisedHost?: string;
  /** Directory for logs, offsets and metadata; without it everything is kept in memory. */
  dataDir?: string;
  /** Partitions of auto-created topics and of CreateTopics with -1. Default 6. */
  defaultPartitions?: number;
  /** Create unknown topics on Metadata requests (auto.create.topics.enable). Default true. */
  autoCreateTopics?: boolean;
  /** Broker id reported to clients. Default 1. */
  nodeId?: number;
  /** Largest request frame accepted; bigger ones close the connection. Default 100 MiB. */
  maxFrameBytes?: number;
  /** Largest record batch accepted (message.max.bytes). Default 1048588. */
  maxMessageBytes?: number;
  /** Largest number of partitions a topic may have. Default 10000. */
  maxPartitionsPerTopic?: number;
  /** Segment file size before rolling a new one (log.segment.bytes). Default 64 MiB. */
  segmentBytes?: number;
  /** Memory for caching recently written batches of file-backed logs. Default 64 MiB. */
  cacheBytes?: number;
  /** fdatasync every append and offset commit. Default false (data survives a process crash). */
  fsync?: boolean;
  /** Retention by age (log.retention.ms); -1 keeps forever. Default 7 days. */
  retentionMs?: number;
  /** Retention by size per partition (log.retention.bytes); -1 is unlimited. Default -1. */
  retentionBytes?: number;
  /** How often retention runs. Default 60 s. */
  retentionCheckIntervalMs?: number;
  /** group.min.session.timeout.ms. Default 6000. */
  minSessionTimeoutMs?: number;
  /** group.max.session.timeout.ms. Default 1800000. */
  maxSessionTimeoutMs?: number;
  /** group.initial.rebalance.delay.ms. Default 0 (Kafka's is 3000; 0 is the usual dev setting). */
  initialRebalanceDelayMs?: number;
  /** Log level for the built-in stderr logger. Default 'warn'. */
  logLevel?: LogLevel;
  /** Custom logger (overrides logLevel). */
  logger?: Logger;
}

/** Options with every default applied. */
export type ResolvedOptions = Required<Omit<BrokerOptions, 'dataDir' | 'logger' | 'logLevel'>> & {
  dataDir: string | null;
  logger: Logger;
};

const WILDCARDS = new Set(['0.0.0.0', '::', '']);

/** Applies defaults and checks ranges. */
export function resolveOptions(options: BrokerOptions): ResolvedOptions {
  const host = options.host ?? '127.0.0.1';
  const resolved: ResolvedOptions = {
    port: options.port ?? 0,
    host,
    advertisedHost: options.advertisedHost ?? (WILDCARDS.has(host) ? '127.0.0.1' : host),
    dataDir: options.dataDir ?? null,
    defaultPartitions: options.defaultPartitions ?? 6,
    autoCreateTopics: options.autoCreateTopics ?? true,
    nodeId: options.nodeId ?? 1,
    maxFrameBytes: options.maxFrameBytes ?? 100 * 1024 * 1024,
    maxMessageBytes: options.maxMessageBytes ?? 1048588,
    maxPartitionsPerTopic: options.maxPartitionsPerTopic ?? 10000,
    segmentBytes: options.segmentBytes ?? 64 * 1024 * 1024,
    cacheBytes: options.cacheBytes ?? 64 * 1024 * 1024,
    fsync: options.fsync ?? false,
    retentionMs: options.retentionMs ?? 7 * 24 * 3600 * 1000,
    retentionBytes: options.retentionBytes ?? -1,
    retentionCheckIntervalMs: options.retentionCheckIntervalMs ?? 60_000,
    minSessionTimeoutMs: options.minSessionTimeoutMs ?? 6000,
    maxSessionTimeoutMs: options.maxSessionTimeoutMs ?? 1_800_000,
    initialRebalanceDelayMs: options.initialRebalanceDelayMs ?? 0,
    logger: options.logger ?? createConsoleLogger(options.logLevel ?? 'warn'),
  };
  if (!Number.isInteger(resolved.port) || resolved.port < 0 || resolved.port > 65535) {
    throw new RangeError(`invalid port ${resolved.port}`);
  }
  if (!Number.isInteger(resolved.defaultPartitions) || resolved.defaultPartitions < 1) {
    throw new RangeError(`defaultPartitions must be a positive integer`);
  }
  return resolved;
}
