import pino, { type Logger } from 'pino';
import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import { currentContext } from './context';
import { traceIdOf } from './traceparent';

/** The process's JSON logger: service name, request and trace ids on every line, secrets redacted. */
export function createRootLogger(service: string, level: string): Logger {
  return pino({
    level,
    base: { service },
    messageKey: 'msg',
    mixin() {
      const context = currentContext();
      if (!context) return {};
      return { requestId: context.requestId, traceId: traceIdOf(context.traceparent) };
    },
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-emporium-identity"]',
        'req.headers["x-signature"]',
      ],
      censor: '[redacted]',
    },
  });
}

const CREDENTIAL_PARAMS = new Set([
  'ticket',
  'password',
  'secret',
  'clientsecret',
  'signature',
  'sig',
  'apikey',
]);

function isCredentialParam(name: string): boolean {
  let decoded = name;
  try {
    decoded = decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    // Not valid percent-encoding: judged as written.
  }
  const bare = decoded.toLowerCase().replace(/[-_\s]/g, '');
  return bare.endsWith('token') || CREDENTIAL_PARAMS.has(bare);
}

/**
 * `url` with the value of each credential in its query (`access_token`, `token`, `refreshToken`,
 * `ticket`, `password`, …) replaced by `[redacted]`, for logs.
 */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q === -1) return url;
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq !== -1 && isCredentialParam(pair.slice(0, eq))
        ? `${pair.slice(0, eq)}=[redacted]`
        : pair;
    });
  return `${url.slice(0, q)}?${query.join('&')}`;
}

/** nestjs-pino options around `logger`: one line per request, health and metrics probes quiet. */
export function loggerParams(logger: Logger): Params {
  return {
    exclude: ['healthz', 'readyz', 'metrics'].map((path) => ({ method: RequestMethod.GET, path })),
    pinoHttp: {
      logger,
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          // EventSource streams carry their credential in the query string.
          url: redactUrl(req.url),
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}
