import { ApiKey } from '../protocol/api-keys';
import { Writer } from '../protocol/writer';
import { ApiHandler } from './api-handler';

/** DeleteGroups v0-1: removes empty groups and their committed offsets. */
export const deleteGroupsHandler: ApiHandler = {
  apiKey: ApiKey.DeleteGroups,
  minVersion: 0,
  maxVersion: 1,
  handle(ctx, r) {
    const groupIds = r.array((gr) => gr.string());
    const results = groupIds.map((groupId) => ({
      groupId,
      errorCode: ctx.broker.groups.deleteGroup(groupId),
    }));
    const w = new Writer(64 + results.length * 48).int32(0);
    w.array(results, (gw, g) => gw.string(g.groupId).int16(g.errorCode));
    return w;
  },
};
