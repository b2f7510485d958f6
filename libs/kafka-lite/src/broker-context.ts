import { ResolvedOptions } from './config';
import { GroupCoordinator } from './groups/group-coordinator';
import { Logger } from './logger';
import { ErrorCode } from './protocol/error-codes';
import { OffsetStore } from './storage/offset-store';
import { Topic, TopicStore, topicNameError } from './storage/topic-store';

/** Topic-level configs Kafka knows; CreateTopics refuses others with INVALID_CONFIG. */
const KNOWN_TOPIC_CONFIGS = new Set([
  'cleanup.policy',
  'compression.type',
  'delete.retention.ms',
  'file.delete.delay.ms',
  'flush.messages',
  'flush.ms',
  'follower.replication.throttled.replicas',
  'index.interval.bytes',
  'leader.replication.throttled.replicas',
  'local.retention.bytes',
  'local.retention.ms',
  'max.compaction.lag.ms',
  'max.message.bytes',
  'message.downconversion.enable',
  'message.format.version',
  'message.timestamp.after.max.ms',
  'message.timestamp.before.max.ms',
  'message.timestamp.difference.max.ms',
  'message.timestamp.type',
  'min.cleanable.dirty.ratio',
  'min.compaction.lag.ms',
  'min.insync.replicas',
  'preallocate',
  'remote.storage.enable',
  'retention.bytes',
  'retention.ms',
  'segment.bytes',
  'segment.index.bytes',
  'segment.jitter.ms',
  'segment.ms',
  'unclean.leader.election.enable',
]);

/** An API version range advertised in ApiVersions. */
export interface ApiVersionRange {
  apiKey: number;
  minVersion: number;
  maxVersion: number;
}

/** Result of a topic creation attempt. */
export interface CreateTopicOutcome {
  errorCode: ErrorCode;
  errorMessage: string | null;
  topic?: Topic;
}

/** Shared state every API handler works with. */
export class BrokerContext {
  private stopping = false;
  private readonly stopListeners = new Set<() => void>();
  port = 0;

  constructor(
    readonly options: ResolvedOptions,
    readonly topics: TopicStore,
    readonly offsets: OffsetStore,
    readonly groups: GroupCoordinator,
    readonly supportedApis: readonly ApiVersionRange[],
  ) {}

  get logger(): Logger {
    return this.options.logger;
  }

  get nodeId(): number {
    return this.options.nodeId;
  }

  get advertisedHost(): string {
    return this.options.advertisedHost;
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /** Registers a callback for broker shutdown; returns an unregister function. */
  onStop(fn: () => void): () => void {
    this.stopListeners.add(fn);
    return () => this.stopListeners.delete(fn);
  }

  markStopping(): void {
    this.stopping = true;
    for (const fn of [...this.stopListeners]) fn();
    this.stopListeners.clear();
  }

  /** Validates and (unless validateOnly) creates a topic, the way CreateTopics does. */
  createTopic(
    name: string,
    numPartitions: number,
    replicationFactor: number,
    configs: Record<string, string | null>,
    validateOnly = false,
  ): CreateTopicOutcome {
    const fail = (errorCode: ErrorCode, errorMessage: string): CreateTopicOutcome => ({
      errorCode,
      errorMessage,
    });
    const nameError = topicNameError(name);
    if (nameError) return fail(ErrorCode.INVALID_TOPIC_EXCEPTION, nameError);
    if (this.topics.get(name)) {
      return fail(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${name}' already exists.`);
    }
    const partitions = numPartitions === -1 ? this.options.defaultPartitions : numPartitions;
    if (partitions < 1) {
      return fail(ErrorCode.INVALID_PARTITIONS, 'Number of partitions must be larger than 0.');
    }
    if (partitions > this.options.maxPartitionsPerTopic) {
      return fail(
        ErrorCode.INVALID_PARTITIONS,
        `Number of partitions must be at most ${this.options.maxPartitionsPerTopic}.`,
      );
    }
    if (replicationFactor !== -1 && replicationFactor < 1) {
      return fail(
        ErrorCode.INVALID_REPLICATION_FACTOR,
        'Replication factor must be larger than 0.',
      );
    }
    if (replicationFactor > 1) {
      return fail(
        ErrorCode.INVALID_REPLICATION_FACTOR,
        `Unable to replicate the partition ${replicationFactor} time(s): The target replication factor of ${replicationFactor} cannot be reached because only 1 broker(s) are registered.`,
      );
    }
    const clean: Record<string, string> = {};
    for (const [key, value] of Object.entries(configs)) {
      if (!KNOWN_TOPIC_CONFIGS.has(key)) {
        return fail(ErrorCode.INVALID_CONFIG, `Unknown topic config name: ${key}`);
      }
      if (value === null)
        return fail(
          ErrorCode.INVALID_REQUEST,
          `Null value not supported for topic configs: ${key}`,
        );
      clean[key] = value;
    }
    const tsType = clean['message.timestamp.type'];
    if (tsType !== undefined && tsType !== 'CreateTime' && tsType !== 'LogAppendTime') {
      return fail(
        ErrorCode.INVALID_CONFIG,
        `Invalid value ${tsType} for configuration message.timestamp.type`,
      );
    }
    for (const key of [
      'max.message.bytes',
      'min.insync.replicas',
      'retention.ms',
      'retention.bytes',
      'segment.bytes',
    ]) {
      if (clean[key] !== undefined && !/^-?\d+$/.test(clean[key])) {
        return fail(
          ErrorCode.INVALID_CONFIG,
          `Invalid value ${clean[key]} for configuration ${key}`,
        );
      }
    }
    if (validateOnly) return { errorCode: ErrorCode.NONE, errorMessage: null };
    const topic = this.topics.create(name, partitions, clean);
    this.logger.info(`created topic ${name} with ${partitions} partition(s)`);
    return { errorCode: ErrorCode.NONE, errorMessage: null, topic };
  }

  /** Deletes a topic, its data and every group's committed offsets for it. */
  deleteTopic(name: string): boolean {
    if (!this.topics.delete(name)) return false;
    this.offsets.deleteTopic(name);
    this.logger.info(`deleted topic ${name}`);
    return true;
  }

  /** max.message.bytes of a topic. */
  maxMessageBytes(topic: Topic): number {
    return intConfig(topic, 'max.message.bytes') ?? this.options.maxMessageBytes;
  }

  /** min.insync.replicas of a topic (only 1 can ever be satisfied here). */
  minInsyncReplicas(topic: Topic): number {
    return intConfig(topic, 'min.insync.replicas') ?? 1;
  }

  retentionMs(topic: Topic): number {
    return intConfig(topic, 'retention.ms') ?? this.options.retentionMs;
  }

  retentionBytes(topic: Topic): number {
    return intConfig(topic, 'retention.bytes') ?? this.options.retentionBytes;
  }

  usesLogAppendTime(topic: Topic): boolean {
    return topic.configs['message.timestamp.type'] === 'LogAppendTime';
  }
}

function intConfig(topic: Topic, key: string): number | undefined {
  const v = topic.configs[key];
  return v === undefined ? undefined : Number(v);
}
