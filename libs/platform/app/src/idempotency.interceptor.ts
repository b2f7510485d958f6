import { createHash } from 'node:crypto';
import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { DataSource } from 'typeorm';
import { BadRequestError, ConflictError, type Identity } from '@emporium/contracts';
import { IDEMPOTENT } from '@emporium/platform-http';

const KEY_HEADER = 'idempotency-key';
const VALID_KEY = /^[\x21-\x7e]{1,255}$/;
/** How long a response is replayed; a key older than this starts afresh. */
const RETENTION = '24 hours';
/** A request still unfinished after this long died with its process; a retry may take it over. */
const ABANDONED = '60 seconds';

interface StoredKey {
  request_hash: string;
  status_code: number | null;
  response: unknown;
}

type IdempotentRequest = FastifyRequest & { identity?: Identity };

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` are the same request. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Makes `@Idempotent()` routes safe to retry. The key is scoped to the caller and the route; the
 * first request stores its response, a repeat with the same body gets it replayed (with
 * `Idempotent-Replayed: true`), a repeat with another body or while the first is still running is
 * a 409. A request that fails forgets its key, so the client may retry it.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly db: DataSource,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (
      context.getType() !== 'http' ||
      !this.reflector.get<boolean>(IDEMPOTENT, context.getHandler())
    ) {
      return next.handle();
    }
    return from(this.run(context, next));
  }

  private async run(context: ExecutionContext, next: CallHandler): Promise<unknown> {
    const request = context.switchToHttp().getRequest<IdempotentRequest>();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const key = request.headers[KEY_HEADER];
    if (typeof key !== 'string' || !VALID_KEY.test(key)) {
      throw new BadRequestError(
        'idempotency-key-required',
        'This request needs an Idempotency-Key header of 1 to 255 visible ASCII characters',
      );
    }
    const scope = `${request.identity?.userId ?? 'anonymous'} ${request.method} ${request.routeOptions.url ?? request.url}`;
    const hash = createHash('sha256')
      .update(canonical({ params: request.params, body: request.body }))
      .digest('hex');

    const claimed = await this.claim(scope, key, hash);
    if (!claimed) {
      const [stored] = (await this.db.query(
        'SELECT request_hash, status_code, response FROM idempotency_keys WHERE scope = $1 AND key = $2',
        [scope, key],
      )) as StoredKey[];
      if (!stored) return this.run(context, next); // the first request failed and let go meanwhile
      if (stored.request_hash !== hash) {
        throw new ConflictError(
          'idempotency-key-reused',
          'This Idempotency-Key was used with a different request',
        );
      }
      if (stored.status_code === null) {
        throw new ConflictError(
          'idempotency-request-in-progress',
          'A request with this Idempotency-Key is still being processed; retry shortly',
        );
      }
      void reply.status(stored.status_code).header('idempotent-replayed', 'true');
      return stored.response;
    }

    try {
      const response = await lastValueFrom(next.handle(), { defaultValue: undefined });
      await this.db.query(
        'UPDATE idempotency_keys SET status_code = $3, response = $4 WHERE scope = $1 AND key = $2',
        [scope, key, reply.statusCode, JSON.stringify(response ?? null)],
      );
      return response;
    } catch (error) {
      await this.db.query('DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2', [
        scope,
        key,
      ]);
      throw error;
    }
  }

  /** True when this request holds the key: new, expired, or abandoned by a crashed process. */
  private async claim(scope: string, key: string, hash: string): Promise<boolean> {
    const rows = (await this.db.query(
      `INSERT INTO idempotency_keys AS k (scope, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (scope, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, status_code = NULL, response = NULL, created_at = now()
         WHERE k.created_at < now() - interval '${RETENTION}'
            OR (k.status_code IS NULL AND k.created_at < now() - interval '${ABANDONED}' AND k.request_hash = EXCLUDED.request_hash)
       RETURNING 1`,
      [scope, key, hash],
    )) as unknown[];
    if (rows.length > 0 && Math.random() < 0.01) {
      await this.db.query(
        `DELETE FROM idempotency_keys WHERE created_at < now() - interval '${RETENTION}'`,
      );
    }
    return rows.length > 0;
  }
}
