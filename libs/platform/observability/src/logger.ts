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
          url: req.url,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  };
}
