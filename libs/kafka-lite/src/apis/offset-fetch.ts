import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import { ApiHandler } from './api-handler';

/** OffsetFetch v1-5 (v2+: a null topic list returns every committed offset of the group). */
export const offsetFetchHandler: ApiHandler = {
  apiKey: ApiKey.OffsetFetch,
  minVersion: 1,
  maxVersion: 5,
  handle(ctx, r) {
    const v = ctx.header.apiVersion;
    const groupId = r.string();
    const requested =
      v >= 2
        ? r.nullableArray((tr) => ({ name: tr.string(), partitions: tr.array((pr) => pr.int32()) }))
        : r.array((tr) => ({ name: tr.string(), partitions: tr.array((pr) => pr.int32()) }));
    const offsets = ctx.broker.offsets;
    let topics: { name: string; partitions: number[] }[];
    if (requested === null) {
      topics = [...offsets.forGroup(groupId)].map(([name, parts]) => ({
        name,
        partitions: [...parts.keys()],
      }));
    } else {
      topics = requested;
    }
    const w = new Writer(64 + topics.length * 64);
    if (v >= 3) w.int32(0);
    w.array(topics, (tw, t) => {
      tw.string(t.name);
      tw.array(t.partitions, (pw, partition) => {
        const c = offsets.get(groupId, t.name, partition);
        pw.int32(partition).int64(c ? c.offset : -1);
        if (v >= 5) pw.int32(c ? c.leaderEpoch : -1);
        pw.nullableString(c?.metadata ?? '').int16(ErrorCode.NONE); // null: stored by an older version
      });
    });
    if (v >= 2) w.int16(ErrorCode.NONE);
    return w;
  },
};
