import { ApiKey } from '../protocol/api-keys';
import { Writer } from '../protocol/writer';
import { ApiHandler } from './api-handler';

/** JoinGroup v0-5 (v4+ hands a new member its id with MEMBER_ID_REQUIRED first). */
export const joinGroupHandler: ApiHandler = {
  apiKey: ApiKey.JoinGroup,
  minVersion: 0,
  maxVersion: 5,
  async handle(ctx, r) {
    const v = ctx.header.apiVersion;
    const groupId = r.string();
    const sessionTimeoutMs = r.int32();
    // v0 has no rebalance timeout; Kafka uses the session timeout for it.
    const rebalanceTimeoutMs = v >= 1 ? r.int32() : sessionTimeoutMs;
    const memberId = r.string();
    const groupInstanceId = v >= 5 ? r.nullableString() : null;
    const protocolType = r.string();
    const protocols = r.array((pr) => ({ name: pr.string(), metadata: Buffer.from(pr.bytes()) }));
    const result = await ctx.broker.groups.join({
      groupId,
      sessionTimeoutMs,
      rebalanceTimeoutMs,
      memberId,
      groupInstanceId,
      protocolType,
      protocols,
      clientId: ctx.header.clientId ?? '',
      clientHost: ctx.clientHost,
      requireKnownMemberId: v >= 4,
    });
    const w = new Writer(128);
    if (v >= 2) w.int32(0);
    w.int16(result.errorCode)
      .int32(result.generationId)
      .string(result.protocolName)
      .string(result.leader)
      .string(result.memberId);
    w.array(result.members, (mw, m) => {
      mw.string(m.memberId);
      if (v >= 5) mw.nullableString(m.groupInstanceId);
      mw.bytes(m.metadata);
    });
    return w;
  },
};
