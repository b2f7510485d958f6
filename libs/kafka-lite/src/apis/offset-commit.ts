import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import { OffsetCommitEntry } from '../storage/offset-store';
import { ApiHandler } from './api-handler';

/** offset.metadata.max.bytes */
const MAX_METADATA_BYTES = 4096;

/** OffsetCommit v2-7: validated against the group's generation, then stored durably. */
export const offsetCommitHandler: ApiHandler = {
  apiKey: ApiKey.OffsetCommit,
  minVersion: 2,
  maxVersion: 7,
  handle(ctx, r) {
    const v = ctx.header.apiVersion;
    const groupId = r.string();
    const generationId = r.int32();
    const memberId = r.string();
    if (v >= 7) r.nullableString(); // groupInstanceId
    if (v <= 4) r.int64(); // retentionTimeMs
    const topics = r.array((tr) => ({
      name: tr.string(),
      partitions: tr.array((pr) => {
        const partition = pr.int32();
        const offset = pr.int64();
        const leaderEpoch = v >= 6 ? pr.int32() : -1;
        // Kafka keeps a null as "no metadata", which OffsetFetch then answers as "".
        return { partition, offset, leaderEpoch, metadata: pr.nullableString() ?? '' };
      }),
    }));
    const broker = ctx.broker;
    const groupError = groupId
      ? broker.groups.validateCommit(groupId, generationId, memberId)
      : ErrorCode.INVALID_GROUP_ID;
    const accepted: OffsetCommitEntry[] = [];
    const results = topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => {
        let errorCode: number = groupError;
        if (errorCode === ErrorCode.NONE) {
          if (!broker.topics.partition(t.name, p.partition)) {
            errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
          } else if (Buffer.byteLength(p.metadata) > MAX_METADATA_BYTES) {
            errorCode = ErrorCode.OFFSET_METADATA_TOO_LARGE;
          } else accepted.push({ topic: t.name, ...p });
        }
        return { index: p.partition, errorCode };
      }),
    }));
    try {
      broker.offsets.commit(groupId, accepted);
    } catch (err) {
      broker.logger.error(`offset commit for group ${groupId} failed: ${(err as Error).message}`);
      for (const t of results)
        for (const p of t.partitions) {
          if (p.errorCode === ErrorCode.NONE) p.errorCode = ErrorCode.COORDINATOR_NOT_AVAILABLE;
        }
    }
    const w = new Writer(64 + results.length * 64);
    if (v >= 3) w.int32(0);
    w.array(results, (tw, t) => {
      tw.string(t.name);
      tw.array(t.partitions, (pw, p) => pw.int32(p.index).int16(p.errorCode));
    });
    return w;
  },
};
