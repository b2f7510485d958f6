import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import { Topic } from '../storage/topic-store';
import { ApiHandler } from './api-handler';

/** Bitfield of topic operations reported when a v8 client asks (all allowed: there are no ACLs). */
const ALL_TOPIC_OPERATIONS = 0b0000_1101_1111_1000;
const ALL_CLUSTER_OPERATIONS = 0b0001_1111_1010_0000;
const NOT_REQUESTED = -2147483648;

interface TopicEntry {
  errorCode: ErrorCode;
  name: string;
  topic?: Topic;
}

/** Metadata v0-8, with topic auto-creation. */
export const metadataHandler: ApiHandler = {
  apiKey: ApiKey.Metadata,
  minVersion: 0,
  maxVersion: 8,
  handle(ctx, r) {
    const v = ctx.header.apiVersion;
    const requested = r.nullableArray((t) => t.string());
    const allowAutoCreate = v >= 4 ? r.boolean() : true;
    const includeClusterOps = v >= 8 ? r.boolean() : false;
    const includeTopicOps = v >= 8 ? r.boolean() : false;
    const broker = ctx.broker;

    let entries: TopicEntry[];
    // v0 asks for every topic with an empty list; v1+ uses null for that.
    if (requested === null || (v === 0 && requested.length === 0)) {
      entries = broker.topics
        .list()
        .map((topic) => ({ errorCode: ErrorCode.NONE, name: topic.name, topic }));
    } else {
      entries = [...new Set(requested)].map((name) => {
        const topic = broker.topics.get(name);
        if (topic) return { errorCode: ErrorCode.NONE, name, topic };
        if (broker.options.autoCreateTopics && allowAutoCreate) {
          const created = broker.createTopic(name, -1, -1, {});
          if (created.topic) return { errorCode: ErrorCode.NONE, name, topic: created.topic };
          return { errorCode: created.errorCode, name };
        }
        return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, name };
      });
    }

    const w = new Writer(256 + entries.length * 128);
    if (v >= 3) w.int32(0);
    w.int32(1).int32(broker.nodeId).string(broker.advertisedHost).int32(broker.port);
    if (v >= 1) w.nullableString(null);
    if (v >= 2) w.nullableString(broker.topics.clusterId);
    if (v >= 1) w.int32(broker.nodeId);
    w.array(entries, (tw, e) => {
      tw.int16(e.errorCode).string(e.name);
      if (v >= 1) tw.boolean(false);
      const partitions = e.topic?.partitions ?? [];
      tw.array(partitions, (pw, p) => {
        pw.int16(ErrorCode.NONE).int32(p.index).int32(broker.nodeId);
        if (v >= 7) pw.int32(0);
        pw.int32(1).int32(broker.nodeId);
        pw.int32(1).int32(broker.nodeId);
        if (v >= 5) pw.int32(0);
      });
      if (v >= 8) tw.int32(includeTopicOps ? ALL_TOPIC_OPERATIONS : NOT_REQUESTED);
    });
    if (v >= 8) w.int32(includeClusterOps ? ALL_CLUSTER_OPERATIONS : NOT_REQUESTED);
    return w;
  },
};
