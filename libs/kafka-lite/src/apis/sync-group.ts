import { ApiKey } from '../protocol/api-keys';
import { Writer } from '../protocol/writer';
import { ApiHandler } from './api-handler';

/** SyncGroup v0-3: the leader's assignments are handed to every member. */
export const syncGroupHandler: ApiHandler = {
  apiKey: ApiKey.SyncGroup,
  minVersion: 0,
  maxVersion: 3,
  async handle(ctx, r) {
    const v = ctx.header.apiVersion;
    const groupId = r.string();
    const generationId = r.int32();
    const memberId = r.string();
    if (v >= 3) r.nullableString(); // groupInstanceId
    const assignments = new Map<string, Buffer>();
    r.array((ar) => assignments.set(ar.string(), Buffer.from(ar.bytes())));
    const result = await ctx.broker.groups.sync(groupId, generationId, memberId, assignments);
    const w = new Writer(64 + result.assignment.length);
    if (v >= 1) w.int32(0);
    w.int16(result.errorCode).bytes(result.assignment);
    return w;
  },
};
