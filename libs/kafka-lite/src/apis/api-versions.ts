import { ApiKey } from '../protocol/api-keys';
import { ErrorCode } from '../protocol/error-codes';
import { Writer } from '../protocol/writer';
import { ApiVersionRange } from '../broker-context';
import { ApiHandler } from './api-handler';

/** Highest ApiVersions version implemented (v3+ is flexible). */
export const API_VERSIONS_MAX = 2;

/**
 * Encodes the ApiVersions response body. For a request version we do not implement, Kafka
 * answers UNSUPPORTED_VERSION with a v0-shaped body listing its ranges, so the client can retry
 * with a version both sides know (librdkafka relies on this).
 */
export function encodeApiVersions(
  apis: readonly ApiVersionRange[],
  version: number,
  errorCode: ErrorCode = ErrorCode.NONE,
): Writer {
  const w = new Writer(16 + apis.length * 6);
  w.int16(errorCode);
  w.array(apis, (w2, a) => w2.int16(a.apiKey).int16(a.minVersion).int16(a.maxVersion));
  if (version >= 1) w.int32(0);
  return w;
}

/** ApiVersions v0-2. */
export const apiVersionsHandler: ApiHandler = {
  apiKey: ApiKey.ApiVersions,
  minVersion: 0,
  maxVersion: API_VERSIONS_MAX,
  handle(ctx) {
    return encodeApiVersions(ctx.broker.supportedApis, ctx.header.apiVersion);
  },
};
