import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import { ApiHandler } from './api-handler';

/** CreatePartitions v0-1: grows a topic; existing partitions keep their data. */
export const createPartitionsHandler: ApiHandler = {
  apiKey: ApiKey.CreatePartitions,
  minVersion: 0,
  maxVersion: 1,
  handle(ctx, r) {
    const topics = r.array((tr) => ({
      name: tr.string(),
      count: tr.int32(),
      assignments: tr.nullableArray((ar) => ar.array((b) => b.int32())),
    }));
    r.int32(); // timeoutMs
    const validateOnly = r.boolean();
    const broker = ctx.broker;
    const results = topics.map((t) => {
      const topic = broker.topics.get(t.name);
      const out = (
        errorCode: number,
        errorMessage: string | null = null,
      ): { name: string; errorCode: number; errorMessage: string | null } => ({
        name: t.name,
        errorCode,
        errorMessage,
      });
      if (!topic) {
        return out(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `The topic '${t.name}' does not exist.`);
      }
      const current = topic.partitions.length;
      if (t.count <= current) {
        return out(
          ErrorCode.INVALID_PARTITIONS,
          `Topic currently has ${current} partitions, which is higher than the requested ${t.count}.`,
        );
      }
      if (t.count > broker.options.maxPartitionsPerTopic) {
        return out(
          ErrorCode.INVALID_PARTITIONS,
          `Number of partitions must be at most ${broker.options.maxPartitionsPerTopic}.`,
        );
      }
      if (t.assignments !== null) {
        const ok =
          t.assignments.length === t.count - current &&
          t.assignments.every((a) => a.length === 1 && a[0] === broker.nodeId);
        if (!ok)
          return out(
            ErrorCode.INVALID_REPLICA_ASSIGNMENT,
            `Assignments must place each new partition on broker ${broker.nodeId}.`,
          );
      }
      if (!validateOnly) {
        broker.topics.addPartitions(t.name, t.count);
        broker.logger.info(`topic ${t.name} now has ${t.count} partition(s)`);
      }
      return out(ErrorCode.NONE);
    });
    const w = new Writer(64 + results.length * 64);
    w.int32(0);
    w.array(results, (tw, t) =>
      tw.string(t.name).int16(t.errorCode).nullableString(t.errorMessage),
    );
    return w;
  },
};
