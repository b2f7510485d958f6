import {
  createServer,
  request,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the simulators see it: method, path, query, headers and the exact body bytes. */
export interface SimulatorRequest {
  readonly method: string;
  readonly path: string;
  /** The path with its query exactly as sent (what a request signature covers). */
  readonly target: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** What a simulator answers. */
export interface SimulatorAnswer {
  readonly status: number;
  readonly headers?: Record<string, string>;
  readonly body: string | Buffer;
}

/** The business day (Asia/Shanghai, `YYYY-MM-DD`) of an instant: statements cover one. */
export const shanghaiDay = (at: Date): string =>
  new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** The day after `day` (`YYYY-MM-DD`). */
export const dayAfter = (day: string): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

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
      target: req.url ?? '/',
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

/** A notification a simulator sent, with every answer it got. */
export interface SentNotification {
  /** Our reference of the payment it is about (`out_trade_no`). */
  readonly outTradeNo: string;
  readonly body: string;
  readonly headers: Record<string, string>;
  readonly answers: (Delivery | { readonly error: string })[];
}

/** What the shopper does at the provider, and how the notification goes. */
export interface ShopperAction {
  /** `pay` (default) or `close` (the trade times out unpaid). */
  readonly outcome?: 'pay' | 'close';
  /** False: the notification is held back (late), so only a query tells. */
  readonly notify?: boolean;
  /** The amount the notification reports, in fen, when it should differ from the trade's. */
  readonly reportedTotal?: number;
}

/**
 * What the simulators share: an HTTP server on 127.0.0.1, and notifications repeated on a schedule
 * until the receiver acknowledges them (as the providers do, over hours; the simulators over
 * seconds), timers that never hold the process.
 */
export abstract class ProviderSimulator {
  readonly notifications: SentNotification[] = [];
  /** While true every request is answered 503, as a provider in an outage (tests set it). */
  unavailable = false;
  private server?: Server;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly retryDelaysMs: readonly number[]) {}

  /** Listens on 127.0.0.1 (`port` 0: any free one); resolves with its base URL. */
  async start(port = 0): Promise<string> {
    const server = createServer(
      (req, res) =>
        void serveSimulated(req, res, (r) =>
          this.unavailable
            ? jsonAnswer(503, { code: 'SYSTEM_ERROR', message: 'the provider is unavailable' })
            : this.route(r),
        ),
    );
    this.server = server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return this.url;
  }

  /** Its base URL once started. */
  get url(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('The simulator is not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  protected abstract route(request: SimulatorRequest): Promise<SimulatorAnswer> | SimulatorAnswer;

  /** The shopper scans `code` (the QR code the API handed out) and acts; answers the trade's ref. */
  protected abstract scan(
    code: string,
    action: ShopperAction,
  ): { outTradeNo: string; state: string };

  /**
   * The shopper's side, as a phone would play it: `POST /sim/scan` with JSON
   * `{ code, outcome?, notify?, reportedTotal? }`; undefined for any other request.
   */
  protected shopper(r: SimulatorRequest): SimulatorAnswer | undefined {
    if (r.method !== 'POST' || r.path !== '/sim/scan') return undefined;
    let input: ShopperAction & { code?: unknown };
    try {
      input = JSON.parse(r.body || '{}') as typeof input;
    } catch {
      return jsonAnswer(400, { message: 'The body is not JSON' });
    }
    if (typeof input.code !== 'string') return jsonAnswer(400, { message: '`code` is required' });
    try {
      return jsonAnswer(200, this.scan(input.code, input));
    } catch (error) {
      return jsonAnswer(409, { message: (error as Error).message });
    }
  }

  /** Whether the receiver's answer acknowledges the notification. */
  protected abstract acknowledged(answer: Delivery): boolean;

  /** Posts `sent` to `url` now, and again on the schedule until it is acknowledged. */
  protected deliver(url: string, sent: SentNotification, tries = 0): void {
    this.notifications.push(sent);
    this.retry(url, sent, tries);
  }

  private retry(url: string, sent: SentNotification, tries: number): void {
    post(url, sent.body, sent.headers)
      .then(
        (answer) => {
          sent.answers.push(answer);
          return this.acknowledged(answer);
        },
        (error: unknown) => {
          sent.answers.push({ error: String(error) });
          return false;
        },
      )
      .then(
        (done) => {
          if (done || tries >= this.retryDelaysMs.length || !this.server?.listening) return;
          const timer = setTimeout(() => {
            this.timers.delete(timer);
            this.retry(url, sent, tries + 1);
          }, this.retryDelaysMs[tries]);
          timer.unref();
          this.timers.add(timer);
        },
        () => undefined,
      );
  }
}
