// A webhook receiver for Emporium's outbound webhooks, with nothing but Node built-ins.
//   WEBHOOK_SECRET=whsec_... PORT=4000 npx tsx examples/integrator/webhook-receiver.ts
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';

/** The result of checking an `X-Signature` header. */
export type SignatureCheck = 'ok' | 'missing' | 'malformed' | 'expired' | 'mismatch';

/** The event envelope Emporium POSTs (EVENTS.md). */
export interface Envelope {
  readonly id: string;
  readonly type: string;
  readonly version: number;
  readonly subject: string;
  readonly occurredAt: string;
  readonly data: Record<string, unknown>;
}

/**
 * Checks `X-Signature: t=<unix>,v1=<hex>` against the raw body: HMAC-SHA256 of `"<t>.<body>"`
 * with the webhook's secret, compared in constant time, `t` at most `toleranceSeconds` away
 * (so a captured request cannot be replayed later).
 */
export function verifySignature(
  header: string | undefined,
  rawBody: Buffer | string,
  secret: string,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = 300,
): SignatureCheck {
  if (!header) return 'missing';
  const parts = new Map(header.split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isSafeInteger(t) || !/^[0-9a-f]{64}$/.test(v1)) return 'malformed';
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return 'expired';
  const expected = createHmac('sha256', secret).update(`${t}.`).update(rawBody).digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex')) ? 'ok' : 'mismatch';
}

/**
 * An HTTP server that accepts signed deliveries: 401 for a bad signature, 204 once `onEvent`
 * returned. Deliveries are retried until they get a 2xx, so `onEvent` may see an event twice:
 * deduplicate on `X-Emporium-Delivery` or the envelope `id`.
 */
export function createReceiver(
  secret: string,
  onEvent: (event: Envelope, deliveryId: string) => Promise<void> | void,
): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const check = verifySignature(req.headers['x-signature'] as string | undefined, raw, secret);
      if (req.method !== 'POST') return void res.writeHead(405).end();
      if (check !== 'ok')
        return void res
          .writeHead(401, { 'content-type': 'text/plain' })
          .end(`signature ${check}\n`);
      let event: Envelope;
      try {
        event = JSON.parse(raw.toString('utf8')) as Envelope;
      } catch {
        return void res.writeHead(400).end();
      }
      Promise.resolve(onEvent(event, String(req.headers['x-emporium-delivery'] ?? '')))
        .then(() => res.writeHead(204).end())
        .catch(() => res.writeHead(500).end()); // Emporium retries later
    });
  });
}

if (require.main === module) {
  const secret = process.env.WEBHOOK_SECRET;
  if (!secret) {
    console.error('Set WEBHOOK_SECRET to the secret shown when the webhook was created.');
    process.exit(1);
  }
  const port = Number(process.env.PORT ?? 4000);
  const seen = new Set<string>();
  const server = createReceiver(secret, (event, deliveryId) => {
    if (seen.has(event.id)) return; // a retry of something already handled
    seen.add(event.id);
    console.log(
      `${event.occurredAt}  ${event.type.padEnd(24)} ${event.subject}  (delivery ${deliveryId})`,
    );
  });
  server.listen(port, '127.0.0.1', () =>
    console.log(`webhook receiver on http://127.0.0.1:${port}/webhooks`),
  );
  process.on('SIGINT', () => server.close(() => process.exit(0)));
}
