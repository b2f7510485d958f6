import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import { ApiHandler } from './api-handler';

const KEY_TYPE_GROUP = 0;

/** FindCoordinator v0-2: this broker coordinates every group; transactions are not supported. */
export const findCoordinatorHandler: ApiHandler = {
  apiKey: ApiKey.FindCoordinator,
  minVersion: 0,
  maxVersion: 2,
  handle(ctx, r) {
    const v = ctx.header.apiVersion;
    r.string(); // key
    const keyType = v >= 1 ? r.int8() : KEY_TYPE_GROUP;
    const broker = ctx.broker;
    const supported = keyType === KEY_TYPE_GROUP;
    const w = new Writer(64);
    if (v >= 1) w.int32(0);
    w.int16(supported ? ErrorCode.NONE : ErrorCode.INVALID_REQUEST);
    if (v >= 1) w.nullableString(supported ? null : 'kafka-lite does not support transactions');
    w.int32(supported ? broker.nodeId : -1)
      .string(supported ? broker.advertisedHost : '')
      .int32(supported ? broker.port : -1);
    return w;
  },
};
