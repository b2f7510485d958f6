import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import { ApiHandler } from './api-handler';

/** ListGroups v0-2. */
export const listGroupsHandler: ApiHandler = {
  apiKey: ApiKey.ListGroups,
  minVersion: 0,
  maxVersion: 2,
  handle(ctx) {
    const v = ctx.header.apiVersion;
    const groups = ctx.broker.groups.list();
    const w = new Writer(64 + groups.length * 48);
    if (v >= 1) w.int32(0);
    w.int16(ErrorCode.NONE);
    w.array(groups, (gw, g) => gw.string(g.groupId).string(g.protocolType));
    return w;
  },
};
