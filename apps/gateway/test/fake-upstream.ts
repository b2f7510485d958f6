import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { INTERNAL_IDENTITY_HEADER, verifyInternalIdentity } from '@emporium/platform-auth';

/** What the fake service saw of one request. */
export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** A real HTTP server standing in for a service: echoes requests, with a few scripted failures. */
export interface FakeUpstream {
  readonly url: string;
  readonly seen: SeenRequest[];
  close(): Promise<void>;
}

/**
 * Starts the fake. `/products/boom` answers a plain-text 500, any path ending in `/missing` a problem 404,
 * `?hang=1` never answers, the first `?flaky=<n>` request loses its connection; everything else echoes the request and the verified identity as JSON.
 */
export async function startFakeUpstream(internalSecret: string): Promise<FakeUpstream> {
  const seen: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        if (req.url!.includes('hang=1')) return; // never answers
        // The first request of a `flaky=<n>` URL loses its connection before any answer.
        if (req.url!.includes('flaky=') && seen.filter((r) => r.url === req.url).length === 1) {
          req.socket.destroy();
          return;
        }
        if (req.url === '/products/boom') {
          res
            .writeHead(500, { 'content-type': 'text/plain' })
            .end('Error: at Object.<anonymous> (/srv/catalog.js:1)');
          return;
        }
        if (req.url!.endsWith('/missing')) {
          res.writeHead(404, { 'content-type': 'application/problem+json' }).end(
            JSON.stringify({
              type: 'urn:emporium:problem:not-found-here',
              title: 'Not Found',
              status: 404,
              detail: 'Not found',
              instance: req.url,
            }),
          );
          return;
        }
        const header = req.headers[INTERNAL_IDENTITY_HEADER];
        const identity =
          typeof header === 'string'
            ? await verifyInternalIdentity(header, internalSecret).catch(() => 'forged')
            : null;
        res
          .writeHead(200, {
            'content-type': 'application/json',
            'x-cart-token': 'cart-1',
            'set-cookie': 'secret=1',
          })
          .end(JSON.stringify({ method: req.method, url: req.url, identity, body }));
      })();
    });
  });
  // Like the services (65 s), longer than the gateway's pooled connections live (30 s): Node's
  // default of 5 s lets a reused connection close under a request on a busy machine.
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port nothing listens on: a stopped service. */
export async function aClosedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
