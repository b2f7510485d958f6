import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import { ApiHandler } from './api-handler';

/** Group operations bitfield (Read, Delete, Describe) reported when a v3+ client asks. */
const ALL_GROUP_OPERATIONS = (1 << 3) | (1 << 6) | (1 << 8);
const NOT_REQUESTED = -2147483648;

/** DescribeGroups v0-4. Unknown groups are reported in the Dead state, as Kafka does. */
export const describeGroupsHandler: ApiHandler = {
  apiKey: ApiKey.DescribeGroups,
  minVersion: 0,
  maxVersion: 4,
  handle(ctx, r) {
    const v = ctx.header.apiVersion;
    const groupIds = r.array((gr) => gr.string());
    const includeOps = v >= 3 ? r.boolean() : false;
    const groups = groupIds.map((id) => ctx.broker.groups.describe(id));
    const w = new Writer(256);
    if (v >= 1) w.int32(0);
    w.array(groups, (gw, g) => {
      gw.int16(ErrorCode.NONE)
        .string(g.groupId)
        .string(g.state)
        .string(g.protocolType)
        .string(g.protocolData);
      gw.array(g.members, (mw, m) => {
        mw.string(m.memberId);
        if (v >= 4) mw.nullableString(m.groupInstanceId);
        mw.string(m.clientId).string(m.clientHost).bytes(m.metadata).bytes(m.assignment);
      });
      if (v >= 3) gw.int32(includeOps ? ALL_GROUP_OPERATIONS : NOT_REQUESTED);
    });
    return w;
  },
};
