/** Starts an in-process broker; see RunningBroker for the handle it resolves to. */
export { startBroker } from './broker';
/** Handle of a running broker. */
export type { RunningBroker } from './broker';
/** Options accepted by startBroker. */
export type { BrokerOptions } from './config';
/** Logger interface and level names for the broker's log output. */
export type { Logger, LogLevel } from './logger';
/** Kafka error codes the broker returns. */
export { ErrorCode } from './protocol/error-codes';
/** Kafka API keys the broker implements. */
export { ApiKey } from './protocol/api-keys';
/** RecordBatch v2 helpers (encode, decode, header parsing), handy for protocol-level tests. */
export { encodeRecordBatch, decodeRecords, readBatchHeader } from './protocol/record-batch';
/** Wire codec helpers, handy for protocol-level tests. */
export { Reader } from './protocol/reader';
/** Wire codec helpers, handy for protocol-level tests. */
export { Writer } from './protocol/writer';
