import { DomainError } from '@emporium/contracts';

/** A service this request depends on did not answer (503: the client may retry). */
export class UpstreamUnavailableError extends DomainError {
  readonly status = 503;
}

/** GETs or POSTs JSON to another service, turning a failure into a 503 with `what` named. */
export async function callService<T>(what: string, url: string, init?: { method: 'POST'; body: unknown }): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init?.method ?? 'GET',
      headers: init ? { 'content-type': 'application/json' } : undefined,
      body: init ? JSON.stringify(init.body) : undefined,
      signal: AbortSignal.timeout(5_000),
    });
  } catch {
    throw new UpstreamUnavailableError(`${what}-unavailable`, `The ${what} service did not answer; retry shortly`);
  }
  if (!res.ok) {
    throw new UpstreamUnavailableError(`${what}-unavailable`, `The ${what} service answered ${res.status}`);
  }
  return (await res.json()) as T;
}
