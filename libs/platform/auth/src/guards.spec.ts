import 'reflect-metadata';
import { Reflector } from '@nestjs/core';
import type { ExecutionContext } from '@nestjs/common';
import { UnauthorizedError, type Identity } from '@emporium/contracts';
import { IdentityGuard, InternalIdentityAuthenticator, Public } from './guards';
import { INTERNAL_IDENTITY_HEADER, signInternalIdentity } from './internal-identity';

const SECRET = 'a-test-secret-that-is-long-enough-1234';
const agent: Identity = { userId: 'c0a8012e-0000-4000-8000-000000000002', roles: ['agent'] };

class Controller {
  guarded(): string {
    return 'guarded';
  }
  @Public() open(): string {
    return 'open';
  }
}

interface TestRequest {
  headers: Record<string, string | undefined>;
  identity?: Identity;
}

function contextOf(
  request: TestRequest,
  handler: 'guarded' | 'open' = 'guarded',
): ExecutionContext {
  return {
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => request }),
    getHandler: () => Controller.prototype[handler],
    getClass: () => Controller,
  } as unknown as ExecutionContext;
}

const guard = () => new IdentityGuard(new Reflector(), new InternalIdentityAuthenticator([SECRET]));

describe('IdentityGuard', () => {
  it('takes the caller only from its authenticator: an identity put on the request beforehand is not trusted', async () => {
    const request: TestRequest = { headers: {}, identity: agent };
    await expect(guard().canActivate(contextOf(request))).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('lets the caller of a gateway-signed identity header in, as that caller', async () => {
    const request: TestRequest = {
      headers: { [INTERNAL_IDENTITY_HEADER]: await signInternalIdentity(agent, SECRET) },
    };
    await expect(guard().canActivate(contextOf(request))).resolves.toBe(true);
    expect(request.identity).toEqual(agent);
  });

  it('refuses a forged identity header with 401, even on a public route', async () => {
    const forged = await signInternalIdentity(agent, 'another-secret-that-is-long-enough-99');
    const request: TestRequest = { headers: { [INTERNAL_IDENTITY_HEADER]: forged } };
    await expect(guard().canActivate(contextOf(request, 'open'))).rejects.toMatchObject({
      code: 'invalid-identity',
    });
  });

  it('lets an anonymous caller into a public route only', async () => {
    await expect(guard().canActivate(contextOf({ headers: {} }, 'open'))).resolves.toBe(true);
    await expect(guard().canActivate(contextOf({ headers: {} }))).rejects.toMatchObject({
      code: 'unauthenticated',
    });
  });
});
