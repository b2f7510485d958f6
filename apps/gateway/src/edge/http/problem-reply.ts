import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Identity } from '@emporium/contracts';
import { STATUS_PROBLEMS, problemType, type ProblemDetails } from '@emporium/platform-http';

declare module 'fastify' {
  interface FastifyRequest {
    /** The end user, once the gateway verified their access token. */
    identity?: Identity;
  }
}

/** The problem document the platform's filter would render, for answers sent from hooks. */
export function problemOf(
  request: FastifyRequest,
  status: number,
  code: string,
  detail: string,
): ProblemDetails {
  const known = STATUS_PROBLEMS[status] ?? STATUS_PROBLEMS[status >= 500 ? 500 : 400];
  return {
    type: problemType(code),
    title: known.title,
    status,
    detail,
    instance: request.url,
    requestId: String(request.id),
  };
}

/** Answers `request` with a problem+json document (and extra headers) from a hook or raw route. */
export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
  headers: Record<string, string> = {},
): FastifyReply {
  return reply
    .code(status)
    .headers(headers)
    .header('content-type', 'application/problem+json')
    .send(problemOf(request, status, code, detail));
}
