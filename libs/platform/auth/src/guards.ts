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

interface RequestWithIdentity {
  headers: Record<string, string | string[] | undefined>;
  identity?: Identity;
}

/** The verified caller of the current request, or undefined on a public route called anonymously. */
export const CurrentUser = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Identity | undefined =>
    ctx.switchToHttp().getRequest<RequestWithIdentity>().identity,
);

/**
 * The secret, or secrets, the guard verifies identities with (the current one first; during a
 * rotation also the previous one); provided by the service's module.
 */
export const INTERNAL_AUTH_SECRET = Symbol('INTERNAL_AUTH_SECRET');

/**
 * Global guard of every service: verifies the gateway-signed identity header, refuses a forged one
 * (401), requires an identity unless the route is `@Public()`, and enforces `@Roles()` (403).
 * An identity already set on the request by the process's own edge hook is used as it is.
 */
@Injectable()
export class IdentityGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(INTERNAL_AUTH_SECRET) private readonly secrets: string | readonly string[],
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<RequestWithIdentity>();
    const header = request.headers[INTERNAL_IDENTITY_HEADER];
    if (request.identity) {
      // Already established by the process's own edge (the gateway verifies end-user tokens).
    } else if (typeof header === 'string') {
      try {
        request.identity = await this.verify(header);
      } catch (error) {
        if (error instanceof InvalidIdentityError) {
          throw new UnauthorizedError('invalid-identity', 'The caller identity is not valid');
        }
        throw error;
      }
    } else if (header !== undefined) {
      throw new UnauthorizedError('invalid-identity', 'The caller identity is not valid');
    }
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC, targets);
    if (!request.identity) {
      if (isPublic) return true;
      throw new UnauthorizedError('unauthenticated', 'Authentication is required');
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles?.length && !roles.some((role) => request.identity!.roles.includes(role))) {
      throw new ForbiddenError('forbidden', 'Your role may not do this');
    }
    return true;
  }

  private async verify(header: string): Promise<Identity> {
    const secrets = typeof this.secrets === 'string' ? [this.secrets] : this.secrets;
    for (const [i, secret] of secrets.entries()) {
      try {
        return await verifyInternalIdentity(header, secret);
      } catch (error) {
        if (!(error instanceof InvalidIdentityError) || i === secrets.length - 1) throw error;
      }
    }
    throw new InvalidIdentityError('no secret to verify with');
  }
}
