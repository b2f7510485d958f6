import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import { ApiHandler } from './api-handler';

const LATEST = -1;
const EARLIEST = -2;

/** ListOffsets v1-5: latest (-1), earliest (-2) or the first offset at or after a timestamp. */
export const listOffsetsHandler: ApiHandler = {
  apiKey: ApiKey.ListOffsets,
  minVersion: 1,
  maxVersion: 5,
  async handle(ctx, r) {
    const v = ctx.header.apiVersion;
    r.int32(); // replicaId
    if (v >= 2) r.int8(); // isolationLevel
    const topics = r.array((tr) => ({
      name: tr.string(),
      partitions: tr.array((pr) => {
        const index = pr.int32();
        if (v >= 4) pr.int32(); // currentLeaderEpoch
        return { index, timestamp: pr.int64() };
      }),
    }));
    const results = [];
    for (const t of topics) {
      const partitions = [];
      for (const p of t.partitions) {
        const log = ctx.broker.topics.partition(t.name, p.index)?.log;
        let errorCode: number = ErrorCode.NONE;
        let offset = -1;
        let timestamp = -1;
        if (!log) {
          errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        } else if (p.timestamp === LATEST) {
          offset = log.logEndOffset;
        } else if (p.timestamp === EARLIEST) {
          offset = log.logStartOffset;
        } else {
          const found = await log.offsetForTimestamp(p.timestamp);
          if (found) ({ offset, timestamp } = found);
        }
        partitions.push({ index: p.index, errorCode, offset, timestamp });
      }
      results.push({ name: t.name, partitions });
    }
    const w = new Writer(64 + results.length * 64);
    if (v >= 2) w.int32(0);
    w.array(results, (tw, t) => {
      tw.string(t.name);
      tw.array(t.partitions, (pw, p) => {
        pw.int32(p.index).int16(p.errorCode).int64(p.timestamp).int64(p.offset);
        if (v >= 4) pw.int32(p.offset >= 0 ? 0 : -1);
      });
    });
    return w;
  },
};
