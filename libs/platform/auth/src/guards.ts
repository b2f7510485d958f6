import {
  Inject,
  Injectable,
  SetMetadata,
  createParamDecorator,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, UnauthorizedError, type Identity, type Role } from '@emporium/contracts';
import {
  INTERNAL_IDENTITY_HEADER,
  InvalidIdentityError,
  verifyInternalIdentity,
} from './internal-identity';

const PUBLIC = 'emporium:public';
const ROLES_KEY = 'emporium:roles';

/** Lets anonymous callers in (an identity, when present, is still verified and available). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC, true);

/** Restricts a route to callers holding one of `roles`. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator =>
  SetMetadata(ROLES_KEY, roles);

/**
 * The access a controller method declares: `public` (`@Public()`), `authenticated` (no roles) or
 * the roles of its `@Roles()`, the method's own decorator before its controller's.
 */
export function declaredAccess(
  controller: object,
  handler: object,
): 'public' | 'authenticated' | readonly Role[] {
  const read = <T>(key: string): T | undefined =>
    (Reflect.getMetadata(key, handler) ?? Reflect.getMetadata(key, controller)) as T | undefined;
  if (read<boolean>(PUBLIC)) return 'public';
  const roles = read<Role[]>(ROLES_KEY);
  return roles?.length ? roles : 'authenticated';
}

/** A request as authentication sees it; `identity` is set once its caller is known. */
export interface RequestWithIdentity {
  headers: Record<string, string | string[] | undefined>;
  identity?: Identity;
}

/** The verified caller of the current request, or undefined on a public route called anonymously. */
export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Identity | undefined =>
    ctx.switchToHttp().getRequest<RequestWithIdentity>().identity,
);

/**
 * How a process learns who calls it, the one mechanism of authentication: a service verifies the
 * gateway-signed identity header, the gateway the end user's token.
 */
export interface Authenticator {
  /** The caller, or undefined when anonymous; `UnauthorizedError` for a credential that is not valid. */
  authenticate(request: RequestWithIdentity): Promise<Identity | undefined>;
}

/** Injection token of the process's `Authenticator`. */
export const AUTHENTICATOR = Symbol('AUTHENTICATOR');

/**
 * The secret, or secrets, the guard verifies identities with (the current one first; during a
 * rotation also the previous one); provided by the service's module.
 */
export const INTERNAL_AUTH_SECRET = Symbol('INTERNAL_AUTH_SECRET');

/** A service's authenticator: the identity header the gateway signed with the internal secret. */
@Injectable()
export class InternalIdentityAuthenticator implements Authenticator {
  private readonly secrets: readonly string[];

  constructor(@Inject(INTERNAL_AUTH_SECRET) secrets: string | readonly string[]) {
    this.secrets = typeof secrets === 'string' ? [secrets] : secrets;
  }

  async authenticate(request: RequestWithIdentity): Promise<Identity | undefined> {
    const header = request.headers[INTERNAL_IDENTITY_HEADER];
    if (header === undefined) return undefined;
    if (typeof header !== 'string') throw invalidIdentity();
    for (const [i, secret] of this.secrets.entries()) {
      try {
        return await verifyInternalIdentity(header, secret);
      } catch (error) {
        if (!(error instanceof InvalidIdentityError)) throw error;
        if (i === this.secrets.length - 1) throw invalidIdentity();
      }
    }
    throw invalidIdentity();
  }
}

function invalidIdentity(): UnauthorizedError {
  return new UnauthorizedError('invalid-identity', 'The caller identity is not valid');
}

const authenticated = new WeakMap<object, Promise<Identity | undefined>>();

/**
 * The caller of `request` by `authenticator`, set as `request.identity`. Authenticated once per
 * request: whoever asks again (the edge, the guard, the proxy) gets the same answer, and a
 * single-use credential is spent once.
 */
export async function authenticateRequest(
  authenticator: Authenticator,
  request: RequestWithIdentity,
): Promise<Identity | undefined> {
  let identity = authenticated.get(request);
  if (!identity) {
    identity = authenticator.authenticate(request);
    authenticated.set(request, identity);
  }
  request.identity = await identity;
  return request.identity;
}

/**
 * Global guard of every service: authenticates the caller with the process's `Authenticator`
 * (401 for a credential that is not valid), requires an identity unless the route is
 * `@Public()`, and enforces `@Roles()` (403).
 */
@Injectable()
export class IdentityGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTHENTICATOR) private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<RequestWithIdentity>();
    const identity = await authenticateRequest(this.authenticator, request);
    const targets = [context.getHandler(), context.getClass()];
    if (!identity) {
      if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
      throw new UnauthorizedError('unauthenticated', 'Authentication is required');
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles?.length && !roles.some((role) => identity.roles.includes(role))) {
      throw new ForbiddenError('forbidden', 'Your role may not do this');
    }
    return true;
  }
}
