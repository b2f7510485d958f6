import {
  Catch,
  HttpException,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from '@emporium/contracts';
import { isInfrastructureOutage } from '@emporium/platform-persistence';
import {
  STATUS_PROBLEMS,
  ValidationFailedError,
  problemType,
  type FieldError,
  type ProblemDetails,
} from './problem';

interface Mapped {
  status: number;
  code?: string;
  detail?: string;
  errors?: readonly FieldError[];
  /** Extra problem members a domain error carries (never one of the standard ones). */
  extensions?: Readonly<Record<string, unknown>>;
  headers?: Record<string, string>;
  /** Log it although it has a detail (a failure of ours, not of the request). */
  log?: boolean;
}

function detailOf(response: unknown): string | undefined {
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown } | null)?.message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : undefined;
}

function map(exception: unknown): Mapped {
  if (exception instanceof ValidationFailedError) {
    return {
      status: 400,
      code: 'validation-failed',
      detail: 'The request is invalid',
      errors: exception.errors,
    };
  }
  if (exception instanceof DomainError) {
    return {
      status: exception.status,
      code: exception.code,
      detail: exception.message,
      extensions: exception.extensions,
    };
  }
  if (exception instanceof HttpException) {
    return { status: exception.getStatus(), detail: detailOf(exception.getResponse()) };
  }
  // Errors raised by Fastify before a route runs (bad JSON, body too large, wrong content type).
  const fastifyError = exception as { statusCode?: unknown; code?: unknown; message?: unknown };
  if (
    typeof fastifyError?.statusCode === 'number' &&
    fastifyError.statusCode >= 400 &&
    fastifyError.statusCode < 500 &&
    typeof fastifyError.code === 'string' &&
    fastifyError.code.startsWith('FST_')
  ) {
    return { status: fastifyError.statusCode, detail: String(fastifyError.message) };
  }
  // Postgres refuses text it cannot store (a NUL byte, an invalid encoding) before changing
  // anything: that is bad input, not a server fault.
  const sqlState =
    (exception as { driverError?: { code?: unknown }; code?: unknown } | null)?.driverError?.code ??
    (exception as { code?: unknown } | null)?.code;
  if (sqlState === '22021' || sqlState === '22P05') {
    return {
      status: 400,
      code: 'invalid-text',
      detail: 'The request contains characters that cannot be stored (such as NUL)',
    };
  }
  // The database or Redis out of reach (or out of connections) is not the request's fault and
  // usually passes: 503 with Retry-After tells clients and the gateway to try again.
  if (isInfrastructureOutage(exception)) {
    return {
      status: 503,
      detail: 'A backing service is briefly unavailable; retry shortly',
      headers: { 'retry-after': '1' },
      log: true,
    };
  }
  return { status: 500 };
}

/** Renders every error as `application/problem+json`; unexpected errors are logged, never shown. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const mapped = map(exception);
    const known =
      STATUS_PROBLEMS[mapped.status] ?? STATUS_PROBLEMS[mapped.status >= 500 ? 500 : 400];
    if (mapped.status >= 500 && (!mapped.detail || mapped.log)) {
      this.logger.error(
        { err: exception, requestId: request.id },
        exception instanceof Error ? exception.message : 'Unhandled error',
      );
    }
    const body: ProblemDetails = {
      ...mapped.extensions,
      type: problemType(mapped.code ?? known.code),
      title: known.title,
      status: mapped.status,
      detail:
        mapped.detail ??
        (mapped.status >= 500 ? 'The server could not complete the request' : known.title),
      instance: request.url,
      requestId: String(request.id),
      ...(mapped.errors ? { errors: mapped.errors } : {}),
    };
    void reply
      .status(mapped.status)
      .headers({ ...mapped.headers, 'content-type': 'application/problem+json' })
      .send(body);
  }
}
