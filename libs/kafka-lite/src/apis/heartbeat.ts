import { ApiKey } from '../protocol/api-keys';
import { Writer } from '../protocol/writer';
import { ApiHandler } from './api-handler';

/** Heartbeat v0-3 (REBALANCE_IN_PROGRESS tells members to rejoin). */
export const heartbeatHandler: ApiHandler = {
  apiKey: ApiKey.Heartbeat,
  minVersion: 0,
  maxVersion: 3,
  handle(ctx, r) {
    const v = ctx.header.apiVersion;
    const groupId = r.string();
    const generationId = r.int32();
    const memberId = r.string();
    if (v >= 3) r.nullableString(); // groupInstanceId
    const errorCode = ctx.broker.groups.heartbeat(groupId, generationId, memberId);
    const w = new Writer(8);
    if (v >= 1) w.int32(0);
    return w.int16(errorCode);
  },
};
