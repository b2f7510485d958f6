import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import { ApiHandler } from './api-handler';

/** DeleteTopics v0-3. Data and committed offsets of the topic are removed. */
export const deleteTopicsHandler: ApiHandler = {
  apiKey: ApiKey.DeleteTopics,
  minVersion: 0,
  maxVersion: 3,
  handle(ctx, r) {
    const v = ctx.header.apiVersion;
    const names = r.array((tr) => tr.string());
    r.int32(); // timeoutMs
    const results = names.map((name) => ({
      name,
      errorCode: ctx.broker.deleteTopic(name)
        ? ErrorCode.NONE
        : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
    }));
    const w = new Writer(64 + results.length * 32);
    if (v >= 1) w.int32(0);
    w.array(results, (tw, t) => tw.string(t.name).int16(t.errorCode));
    return w;
  },
};
