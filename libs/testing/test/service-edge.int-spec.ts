import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Type } from 'class-transformer';
import { IsInt, IsString, Length, Min, ValidateNested } from 'class-validator';
import { LoggerModule } from 'nestjs-pino';
import {
  BusinessRuleError,
  ConflictError,
  NotFoundError,
  type Identity,
} from '@emporium/contracts';
import {
  AUTHENTICATOR,
  CurrentUser,
  INTERNAL_AUTH_SECRET,
  INTERNAL_IDENTITY_HEADER,
  IdentityGuard,
  InternalIdentityAuthenticator,
  Public,
  Roles,
  signInternalIdentity,
} from '@emporium/platform-auth';
import { MoneyDto, ProblemDetailsFilter, createValidationPipe } from '@emporium/platform-http';
import { createRootLogger, loggerParams } from '@emporium/platform-observability';
import { createServiceApp } from '@emporium/platform-app';

const SECRET = 'service-edge-test-secret-0123456789abcdef';
// A secret being rotated out: still verified, as a service configured with INTERNAL_AUTH_SECRET_PREVIOUS does.
const PREVIOUS_SECRET = 'service-edge-previous-secret-0123456789ab';

class LineDto {
  @IsString() @Length(1, 64) sku!: string;
  @IsInt() @Min(1) quantity!: number;
}

class CreateThingDto {
  @IsString() @Length(1, 20) name!: string;
  @ValidateNested() @Type(() => MoneyDto) price!: MoneyDto;
  @ValidateNested({ each: true }) @Type(() => LineDto) lines!: LineDto[];
}

@Controller('things')
class ThingsController {
  @Public()
  @Post()
  create(@Body() dto: CreateThingDto) {
    return { ...dto, priceType: typeof dto.price.amount };
  }

  @Public()
  @Get('missing')
  missing() {
    throw new NotFoundError('thing-not-found', 'No thing 42');
  }

  @Public()
  @Get('conflict')
  conflict() {
    throw new ConflictError('thing-locked', 'The thing is locked');
  }

  @Public()
  @Get('rule')
  rule() {
    throw new BusinessRuleError('refund-exceeds-captured', 'At most 100');
  }

  @Public()
  @Get('crash')
  crash() {
    throw new Error('connection string postgres://secret@db leaked');
  }

  @Public()
  @Get('database-down')
  databaseDown() {
    // What TypeORM throws when the pool cannot reach Postgres.
    throw Object.assign(new Error('query failed'), {
      driverError: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 10.0.0.5:5432' },
    });
  }

  @Get('mine')
  mine(@CurrentUser() user: Identity) {
    return user;
  }

  @Roles('merchant')
  @Get('merchant-only')
  merchantOnly() {
    return { ok: true };
  }
}

@Module({
  imports: [LoggerModule.forRoot(loggerParams(createRootLogger('edge-test', 'silent')))],
  controllers: [ThingsController],
  providers: [
    { provide: INTERNAL_AUTH_SECRET, useValue: [SECRET, PREVIOUS_SECRET] },
    { provide: AUTHENTICATOR, useClass: InternalIdentityAuthenticator },
    { provide: APP_GUARD, useClass: IdentityGuard },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
    { provide: APP_PIPE, useFactory: createValidationPipe },
  ],
})
class EdgeTestModule {}

describe('a service edge (problem+json, validation, identity)', () => {
  let app: NestFastifyApplication;

  beforeAll(async () => {
    app = await createServiceApp({ module: EdgeTestModule });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
  });

  afterAll(() => app.close());

  const inject = (options: Parameters<NestFastifyApplication['inject']>[0]) => app.inject(options);
  const valid = {
    name: 'lamp',
    price: { amount: 12900, currency: 'CNY' },
    lines: [{ sku: 'A-1', quantity: 2 }],
  };

  it('accepts a valid body and transforms it to DTO types', async () => {
    const res = await inject({ method: 'POST', url: '/things', payload: valid });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: 'lamp', priceType: 'number' });
  });

  it('lists every invalid field, nested ones by path, as a 400 problem', async () => {
    const res = await inject({
      method: 'POST',
      url: '/things',
      payload: {
        name: '',
        price: { amount: 1.5, currency: 'CNY' },
        lines: [{ sku: 'A', quantity: 0 }],
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body).toMatchObject({
      type: 'urn:emporium:problem:validation-failed',
      title: 'Bad Request',
      status: 400,
      instance: '/things',
    });
    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'lines[0].quantity',
      'name',
      'price.amount',
    ]);
  });

  it('refuses unknown fields', async () => {
    const res = await inject({
      method: 'POST',
      url: '/things',
      payload: { ...valid, isAdmin: true },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ field: 'isAdmin', message: 'is not allowed' }]);
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const res = await inject({
      method: 'POST',
      url: '/things',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": "lamp",',
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('answers a body over 1 MiB with 413', async () => {
    const res = await inject({
      method: 'POST',
      url: '/things',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(1024 * 1024) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().type).toBe('urn:emporium:problem:payload-too-large');
  });

  it.each([
    ['/things/missing', 404, 'thing-not-found', 'No thing 42'],
    ['/things/conflict', 409, 'thing-locked', 'The thing is locked'],
    ['/things/rule', 422, 'refund-exceeds-captured', 'At most 100'],
  ])('maps domain errors from %s to %i with their code', async (url, status, code, detail) => {
    const res = await inject({ method: 'GET', url });
    expect(res.statusCode).toBe(status);
    expect(res.json()).toMatchObject({ type: `urn:emporium:problem:${code}`, status, detail });
  });

  it('answers 503 with Retry-After when the database is out of reach, hiding where it is', async () => {
    const res = await inject({ method: 'GET', url: '/things/database-down' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ type: 'urn:emporium:problem:unavailable', status: 503 });
    expect(res.body).not.toMatch(/10\.0\.0\.5|ECONNREFUSED/);
  });

  it('hides the internals of an unexpected error behind a bare 500', async () => {
    const res = await inject({
      method: 'GET',
      url: '/things/crash',
      headers: { 'x-request-id': 'req-500' },
    });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toMatch(/postgres|secret|stack|at /);
    expect(res.json()).toEqual({
      type: 'urn:emporium:problem:internal',
      title: 'Internal Server Error',
      status: 500,
      detail: 'The server could not complete the request',
      instance: '/things/crash',
      requestId: 'req-500',
    });
  });

  it('answers unknown routes with a 404 problem and echoes the request id', async () => {
    const res = await inject({
      method: 'GET',
      url: '/nowhere',
      headers: { 'x-request-id': 'abc.123' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.headers['x-request-id']).toBe('abc.123');
    expect(res.json().requestId).toBe('abc.123');
  });

  it('generates a request id when the given one is unsafe', async () => {
    const res = await inject({
      method: 'GET',
      url: '/nowhere',
      headers: { 'x-request-id': 'a b\nc' },
    });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  describe('identity', () => {
    const customer: Identity = {
      userId: '6f1c1f7e-1111-4222-8333-444455556666',
      roles: ['customer'],
    };

    it('requires an identity on a protected route', async () => {
      const res = await inject({ method: 'GET', url: '/things/mine' });
      expect(res.statusCode).toBe(401);
      expect(res.json().type).toBe('urn:emporium:problem:unauthenticated');
    });

    it('hands the verified identity to the route', async () => {
      const token = await signInternalIdentity(customer, SECRET);
      const res = await inject({
        method: 'GET',
        url: '/things/mine',
        headers: { [INTERNAL_IDENTITY_HEADER]: token },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual(customer);
    });

    it('refuses an identity forged by an outside caller (plain JSON, other key, alg none)', async () => {
      const forgeries = [
        Buffer.from(JSON.stringify({ userId: 'x', roles: ['admin'] })).toString('base64'),
        await signInternalIdentity(
          { userId: 'x', roles: ['admin'] },
          'not-the-secret-but-long-enough-000000',
        ),
        `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(
          JSON.stringify({
            sub: 'x',
            roles: ['admin'],
            iss: 'emporium-gateway',
            aud: 'emporium-internal',
            exp: 9999999999,
            iat: 1,
          }),
        ).toString('base64url')}.`,
      ];
      for (const forged of forgeries) {
        const res = await inject({
          method: 'GET',
          url: '/things/merchant-only',
          headers: { [INTERNAL_IDENTITY_HEADER]: forged },
        });
        expect(res.statusCode).toBe(401);
        expect(res.json().type).toBe('urn:emporium:problem:invalid-identity');
      }
    });

    it('accepts an identity signed with the previous secret during a rotation', async () => {
      const token = await signInternalIdentity(customer, PREVIOUS_SECRET);
      const res = await inject({
        method: 'GET',
        url: '/things/mine',
        headers: { [INTERNAL_IDENTITY_HEADER]: token },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual(customer);
    });

    it('refuses a forged identity even on a public route', async () => {
      const res = await inject({
        method: 'GET',
        url: '/things/missing',
        headers: { [INTERNAL_IDENTITY_HEADER]: 'forged' },
      });
      expect(res.statusCode).toBe(401);
    });

    it('answers 403 when the role does not fit', async () => {
      const token = await signInternalIdentity(customer, SECRET);
      const res = await inject({
        method: 'GET',
        url: '/things/merchant-only',
        headers: { [INTERNAL_IDENTITY_HEADER]: token },
      });
      expect(res.statusCode).toBe(403);
      const merchant = await signInternalIdentity({ userId: 'm', roles: ['merchant'] }, SECRET);
      const ok = await inject({
        method: 'GET',
        url: '/things/merchant-only',
        headers: { [INTERNAL_IDENTITY_HEADER]: merchant },
      });
      expect(ok.statusCode).toBe(200);
    });
  });
});
