import { randomBytes, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PartitionProducers } from '../producers/producer-state';
import { BatchHeader } from '../protocol/record-batch';
import { writeFileAtomic } from './atomic-file';
import { CacheBudget } from './cache-budget';
import { PartitionLog } from './partition-log';

const METADATA_FILE = 'metadata.json';
const TOPICS_DIR = 'topics';
/** Producer ids are reserved on disk in blocks so a restart never hands out an id twice. */
const PRODUCER_ID_BLOCK = 1000;
const LEGAL_TOPIC = /^[a-zA-Z0-9._-]+$/;
/** Longest legal topic name (Kafka's limit, leaving room for the partition suffix). */
export const MAX_TOPIC_NAME_LENGTH = 249;

/** One partition: its log and idempotent-producer state. */
export interface Partition {
  readonly index: number;
  readonly log: PartitionLog;
  readonly producers: PartitionProducers;
}

/** A topic and its partitions. */
export interface Topic {
  readonly name: string;
  readonly id: string;
  readonly partitions: Partition[];
  readonly configs: Record<string, string>;
}

interface PersistedTopic {
  name: string;
  id: string;
  partitions: number;
  configs: Record<string, string>;
}

interface PersistedMetadata {
  clusterId: string;
  producerIdBlockEnd: number;
  topics: PersistedTopic[];
}

/** Settings for the topic store. */
export interface TopicStoreOptions {
  dataDir: string | null;
  segmentBytes: number;
  fsync: boolean;
  cache: CacheBudget | null;
  /** Verify the CRC of each partition's last segment on open (previous run did not stop cleanly). */
  verifyTail: boolean;
  onTruncated?: (file: string, validBytes: number, fileBytes: number) => void;
}

/** Returns why a topic name is illegal, or null if it is fine. */
export function topicNameError(name: string): string | null {
  if (name.length === 0) return "Topic name is illegal, it can't be empty";
  if (name === '.' || name === '..') return 'Topic name cannot be "." or ".."';
  if (name.length > MAX_TOPIC_NAME_LENGTH) {
    return `Topic name is illegal, it can't be longer than ${MAX_TOPIC_NAME_LENGTH} characters`;
  }
  if (!LEGAL_TOPIC.test(name)) {
    return `Topic name "${name}" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'`;
  }
  return null;
}

/**
 * Topics, their partition logs, the cluster id and producer-id allocation. Topic metadata lives
 * in one JSON file replaced atomically; each partition's log lives in `topics/<name>-<index>/`.
 */
export class TopicStore {
  private readonly topics = new Map<string, Topic>();
  private clusterIdValue = randomBytes(16).toString('base64url');
  private producerIdBlockEnd = 0;
  private nextProducerId = 0;

  constructor(private readonly options: TopicStoreOptions) {}

  get clusterId(): string {
    return this.clusterIdValue;
  }

  /** Loads persisted topics and recovers their logs. */
  load(): void {
    const dir = this.options.dataDir;
    if (!dir) return;
    fs.mkdirSync(path.join(dir, TOPICS_DIR), { recursive: true });
    const file = path.join(dir, METADATA_FILE);
    let meta: PersistedMetadata | null = null;
    if (fs.existsSync(file)) meta = JSON.parse(fs.readFileSync(file, 'utf8')) as PersistedMetadata;
    if (meta) {
      this.clusterIdValue = meta.clusterId;
      this.producerIdBlockEnd = meta.producerIdBlockEnd;
      this.nextProducerId = meta.producerIdBlockEnd;
      for (const t of meta.topics) this.openTopic(t.name, t.id, t.partitions, t.configs);
    }
    // Partition directories not in the metadata belong to deleted topics or an interrupted create.
    const live = new Set<string>();
    for (const t of this.topics.values()) {
      t.partitions.forEach((p) => live.add(partitionDirName(t.name, p.index)));
    }
    for (const name of fs.readdirSync(path.join(dir, TOPICS_DIR))) {
      if (!live.has(name)) {
        fs.rmSync(path.join(dir, TOPICS_DIR, name), { recursive: true, force: true });
      }
    }
    for (const t of this.topics.values()) {
      for (const p of t.partitions) {
        this.nextProducerId = Math.max(this.nextProducerId, p.producers.maxProducerId() + 1);
      }
    }
    this.persist();
  }

  private openTopic(
    name: string,
    id: string,
    partitions: number,
    configs: Record<string, string>,
  ): Topic {
    const topic: Topic = { name, id, partitions: [], configs: { ...configs } };
    for (let i = 0; i < partitions; i++) topic.partitions.push(this.openPartition(name, i));
    this.topics.set(name, topic);
    return topic;
  }

  private openPartition(topic: string, index: number): Partition {
    const producers = new PartitionProducers();
    const dir = this.options.dataDir
      ? path.join(this.options.dataDir, TOPICS_DIR, partitionDirName(topic, index))
      : null;
    const log = PartitionLog.open(topic, index, {
      dir,
      segmentBytes: this.options.segmentBytes,
      fsync: this.options.fsync,
      cache: this.options.cache,
      verifyTail: this.options.verifyTail,
      onRecoveredBatch: (h: BatchHeader) => producers.record(h, h.baseOffset),
      onTruncated: this.options.onTruncated,
    });
    return { index, log, producers };
  }

  get(name: string): Topic | undefined {
    return this.topics.get(name);
  }

  list(): Topic[] {
    return [...this.topics.values()];
  }

  partition(topic: string, index: number): Partition | undefined {
    return this.topics.get(topic)?.partitions[index];
  }

  /** Creates a topic; the caller has validated the name and arguments. */
  create(name: string, partitions: number, configs: Record<string, string>): Topic {
    const topic = this.openTopic(name, randomUUID(), partitions, configs);
    this.persist();
    return topic;
  }

  /** Deletes a topic and its data. */
  delete(name: string): boolean {
    const topic = this.topics.get(name);
    if (!topic) return false;
    this.topics.delete(name);
    this.persist();
    for (const p of topic.partitions) p.log.destroy();
    return true;
  }

  /** Grows a topic to `count` partitions. */
  addPartitions(name: string, count: number): void {
    const topic = this.topics.get(name);
    if (!topic) return;
    for (let i = topic.partitions.length; i < count; i++) {
      topic.partitions.push(this.openPartition(name, i));
    }
    this.persist();
  }

  /** Hands out a new producer id; ids are reserved on disk in blocks before use. */
  allocateProducerId(): number {
    if (this.nextProducerId >= this.producerIdBlockEnd) {
      this.producerIdBlockEnd = this.nextProducerId + PRODUCER_ID_BLOCK;
      this.persist();
    }
    return this.nextProducerId++;
  }

  private persist(): void {
    const dir = this.options.dataDir;
    if (!dir) return;
    const meta: PersistedMetadata = {
      clusterId: this.clusterIdValue,
      producerIdBlockEnd: this.producerIdBlockEnd,
      topics: this.list().map((t) => ({
        name: t.name,
        id: t.id,
        partitions: t.partitions.length,
        configs: t.configs,
      })),
    };
    writeFileAtomic(path.join(dir, METADATA_FILE), JSON.stringify(meta, null, 2));
  }

  close(): void {
    for (const t of this.topics.values()) for (const p of t.partitions) p.log.close();
  }
}

function partitionDirName(topic: string, index: number): string {
  return `${topic}-${index}`;
}
