import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import { ApiHandler } from './api-handler';

/** InitProducerId v0-1 for idempotent producers; transactional ids are refused. */
export const initProducerIdHandler: ApiHandler = {
  apiKey: ApiKey.InitProducerId,
  minVersion: 0,
  maxVersion: 1,
  handle(ctx, r) {
    const transactionalId = r.nullableString();
    r.int32(); // transactionTimeoutMs
    const w = new Writer(32).int32(0);
    if (transactionalId !== null) return w.int16(ErrorCode.INVALID_REQUEST).int64(-1).int16(-1);
    return w.int16(ErrorCode.NONE).int64(ctx.broker.topics.allocateProducerId()).int16(0);
  },
};
