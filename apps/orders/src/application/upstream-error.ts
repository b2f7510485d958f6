import { DomainError } from '@emporium/contracts';
import {
  ServiceAnswerError,
  ServiceClient,
  ServiceUnavailableError,
} from '@emporium/platform-http';

/** A service this request depends on did not answer (503: the client may retry). */
export class UpstreamUnavailableError extends DomainError {
  readonly status = 503;
}

/** A client of the service `what` at `baseUrl` (platform-http: breaker, deadline, trace, metrics). */
export function serviceClientOf(what: string, baseUrl: string): ServiceClient {
  return new ServiceClient({ service: what, baseUrl, timeoutMs: 5_000 });
}

/** GETs or POSTs JSON to another service, turning a failure into a 503 with `what` named. */
export async function callService<T>(
  client: ServiceClient,
  what: string,
  path: string,
  init?: { method: 'POST'; body: unknown },
): Promise<T> {
  try {
    return await client.json<T>(init?.method ?? 'GET', path, init?.body);
  } catch (error) {
    if (error instanceof ServiceAnswerError) {
      throw new UpstreamUnavailableError(
        `${what}-unavailable`,
        `The ${what} service answered ${error.status}`,
      );
    }
    if (error instanceof ServiceUnavailableError) {
      throw new UpstreamUnavailableError(
        `${what}-unavailable`,
        `The ${what} service did not answer; retry shortly`,
      );
    }
    throw error;
  }
}
