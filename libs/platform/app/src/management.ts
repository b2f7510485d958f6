import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { metricsRegistry } from '@emporium/platform-observability';
import { HealthController } from './health.controller';

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body);
}

async function answer(
  health: HealthController,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    send(res, 405, 'text/plain', 'only GET\n');
  } else if (path === '/healthz') {
    send(res, 200, 'application/json', JSON.stringify(health.alive()));
  } else if (path === '/readyz') {
    const report = await health.readiness();
    send(res, report.status, 'application/json', JSON.stringify(report.body));
  } else if (path === '/metrics') {
    send(res, 200, 'text/plain; version=0.0.4', await metricsRegistry.metrics());
  } else {
    send(res, 404, 'text/plain', 'not found: /healthz, /readyz, /metrics\n');
  }
}

/**
 * Serves `/healthz`, `/readyz` and `/metrics` of `app` on a port of their own (MANAGEMENT_PORT),
 * for the kubelet and Prometheus: not routed by the ingress nor published by compose, so the state
 * of the dependencies is not shown to the internet. It stops with the process.
 */
export async function serveManagement(
  app: NestFastifyApplication,
  options: { port: number; host: string },
): Promise<Server> {
  const health = app.get(HealthController);
  const server = createServer((req, res) => {
    answer(health, req, res).catch((error: unknown) => {
      process.stderr.write(
        `management ${req.url}: ${error instanceof Error ? error.stack : String(error)}\n`,
      );
      if (!res.headersSent) send(res, 500, 'text/plain', 'failed\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Never what keeps the process alive: the drain on SIGTERM ends it as before.
  server.unref();
  return server;
}
