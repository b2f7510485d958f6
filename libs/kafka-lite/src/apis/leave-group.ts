import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import { ApiHandler } from './api-handler';

/** LeaveGroup v0-3 (v3 removes a batch of members). */
export const leaveGroupHandler: ApiHandler = {
  apiKey: ApiKey.LeaveGroup,
  minVersion: 0,
  maxVersion: 3,
  handle(ctx, r) {
    const v = ctx.header.apiVersion;
    const groupId = r.string();
    const groups = ctx.broker.groups;
    const w = new Writer(64);
    if (v < 3) {
      const errorCode = groups.leave(groupId, r.string());
      if (v >= 1) w.int32(0);
      return w.int16(errorCode);
    }
    const members = r.array((mr) => ({
      memberId: mr.string(),
      groupInstanceId: mr.nullableString(),
    }));
    const results = members.map((m) => ({ ...m, errorCode: groups.leave(groupId, m.memberId) }));
    w.int32(0).int16(ErrorCode.NONE);
    w.array(results, (mw, m) =>
      mw.string(m.memberId).nullableString(m.groupInstanceId).int16(m.errorCode),
    );
    return w;
  },
};
