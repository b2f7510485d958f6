import { request, type IncomingMessage, type ServerResponse } from 'node:http';

/** A request as the simulators see it: method, path, query, headers and the exact body bytes. */
export interface SimulatorRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** What a simulator answers. */
export interface SimulatorAnswer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body: string;
}

/** A JSON answer. */
export const jsonAnswer = (status: number, value: unknown): SimulatorAnswer => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(value),
});

/** Reads a whole request, hands it to `route` and writes its answer (500 with the message on a throw). */
export async function serveSimulated(
  req: IncomingMessage,
  res: ServerResponse,
  route: (request: SimulatorRequest) => Promise<SimulatorAnswer> | SimulatorAnswer,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = new URL(req.url ?? '/', 'http://simulator');
  let answer: SimulatorAnswer;
  try {
    answer = await route({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    });
  } catch (error) {
    answer = jsonAnswer(500, { message: error instanceof Error ? error.message : String(error) });
  }
  res.writeHead(answer.status, answer.headers ?? {});
  res.end(answer.body);
}

/** What a notification's receiver answered. */
export interface Delivery {
  readonly status: number;
  readonly body: string;
}

/** Posts `body` to `url` as a provider's notification would arrive (loopback only in practice). */
export function post(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs = 5_000,
): Promise<Delivery> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}
