const OUTAGE_CODES = new Set([
  '53300',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const OUTAGE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connection is closed|Connection is closed|max retries per request limit/i;

/**
 * Whether an operation failed because Postgres or Redis could not be reached (connection refused
 * or reset, no pooled connection in time, a Redis command out of reconnection tries, the server
 * shutting down or out of connections: SQLSTATE class 08, 57P01-57P03 and 53300) rather than because of what was asked: a consumer waits it
 * out, an HTTP request gets a 503 its client may retry.
 */
export function isInfrastructureOutage(error: unknown): boolean {
  for (
    let e = error as
        { code?: unknown; driverError?: unknown; cause?: unknown; message?: unknown } | undefined,
      depth = 0;
    e && depth < 4;
    depth++
  ) {
    const code = typeof e.code === 'string' ? e.code : undefined;
    if (code && (OUTAGE_CODES.has(code) || code.startsWith('08') || /^57P0[123]$/.test(code)))
      return true;
    if (typeof e.message === 'string' && OUTAGE_MESSAGES.test(e.message)) return true;
    e = (e.driverError ?? e.cause) as typeof e;
  }
  return false;
}
