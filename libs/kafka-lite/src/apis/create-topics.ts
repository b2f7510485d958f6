import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import { ApiHandler } from './api-handler';

/** CreateTopics v0-4. Replication factor can only be 1 (or -1 for the default). */
export const createTopicsHandler: ApiHandler = {
  apiKey: ApiKey.CreateTopics,
  minVersion: 0,
  maxVersion: 4,
  handle(ctx, r) {
    const v = ctx.header.apiVersion;
    const topics = r.array((tr) => ({
      name: tr.string(),
      numPartitions: tr.int32(),
      replicationFactor: tr.int16(),
      assignments: tr.array((ar) => ({
        partition: ar.int32(),
        brokers: ar.array((b) => b.int32()),
      })),
      configs: tr.array((cr) => ({ name: cr.string(), value: cr.nullableString() })),
    }));
    r.int32(); // timeoutMs
    const validateOnly = v >= 1 ? r.boolean() : false;
    const counts = new Map<string, number>();
    for (const t of topics) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);

    const results = topics.map((t) => {
      const fail = (
        errorCode: number,
        errorMessage: string,
      ): { name: string; errorCode: number; errorMessage: string | null } => ({
        name: t.name,
        errorCode,
        errorMessage,
      });
      if ((counts.get(t.name) ?? 0) > 1) {
        return fail(ErrorCode.INVALID_REQUEST, 'Duplicate topic in request.');
      }
      let numPartitions = t.numPartitions;
      let replicationFactor = t.replicationFactor;
      if (t.assignments.length > 0) {
        if (numPartitions !== -1 || replicationFactor !== -1) {
          return fail(
            ErrorCode.INVALID_REQUEST,
            'Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.',
          );
        }
        const sorted = t.assignments.map((a) => a.partition).sort((a, b) => a - b);
        const bad = t.assignments.some(
          (a) => a.brokers.length !== 1 || a.brokers[0] !== ctx.broker.nodeId,
        );
        if (bad || sorted.some((p, i) => p !== i)) {
          return fail(
            ErrorCode.INVALID_REPLICA_ASSIGNMENT,
            `Replica assignment must place each partition on broker ${ctx.broker.nodeId} only.`,
          );
        }
        numPartitions = t.assignments.length;
        replicationFactor = 1;
      }
      const configs: Record<string, string | null> = {};
      for (const c of t.configs) configs[c.name] = c.value;
      const outcome = ctx.broker.createTopic(
        t.name,
        numPartitions,
        replicationFactor,
        configs,
        validateOnly,
      );
      return { name: t.name, errorCode: outcome.errorCode, errorMessage: outcome.errorMessage };
    });

    const w = new Writer(64 + results.length * 64);
    if (v >= 2) w.int32(0);
    w.array(results, (tw, t) => {
      tw.string(t.name).int16(t.errorCode);
      if (v >= 1) tw.nullableString(t.errorMessage);
    });
    return w;
  },
};
