import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Logger } from 'pino';
import {
  ConflictError,
  NotFoundError,
  UnauthorizedError,
  type Identity,
  type MemberTier,
  type Role,
} from '@emporium/contracts';
import { ROOT_LOGGER } from '@emporium/platform-app';
import { writeOutbox } from '@emporium/platform-messaging';
import { transaction } from '@emporium/platform-persistence';
import { decideRefresh } from '../domain/refresh-token';
import { UserEntity } from '../persistence/user.entity';
import { RefreshTokenEntity } from '../persistence/refresh-token.entity';
import type { GatewayConfig } from '../../config';
import { AccessTokens } from './access-tokens';
import { burnVerification, hashPassword, verifyPassword } from './passwords';
import { GATEWAY_CONFIG } from '../../tokens';

/** A user as the API shows it. */
export interface UserView {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly memberTier: MemberTier;
}

/** An access token and the refresh token that renews it. */
export interface TokenPair {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresIn: number;
}

/** What register and login answer. */
export interface Session extends TokenPair {
  readonly user: UserView;
}

const UNIQUE_VIOLATION = '23505';

function toView(user: UserEntity): UserView {
  const { id, email, name, roles, memberTier } = user;
  return { id, email, name, roles, memberTier };
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const invalidRefresh = () =>
  new UnauthorizedError('invalid-refresh-token', 'The refresh token is not valid');

/** Accounts and sessions: register, login, refresh rotation with reuse detection, logout. */
@Injectable()
export class IdentityService implements OnApplicationBootstrap {
  private readonly log: Logger;

  constructor(
    private readonly db: DataSource,
    private readonly accessTokens: AccessTokens,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.log = logger.child({ component: 'identity' });
  }

  /** Seeds the first admin from EMPORIUM_ADMIN_EMAIL / EMPORIUM_ADMIN_PASSWORD when missing. */
  async onApplicationBootstrap(): Promise<void> {
    const email = this.config.EMPORIUM_ADMIN_EMAIL.toLowerCase();
    if (await this.db.getRepository(UserEntity).existsBy({ email })) return;
    try {
      await this.createUser({
        email,
        password: this.config.EMPORIUM_ADMIN_PASSWORD,
        name: 'Administrator',
        roles: ['admin'],
      });
      // Development only shows the password (the documented default), so `npm start` can print it.
      const shown =
        this.config.NODE_ENV === 'development'
          ? { email, password: this.config.EMPORIUM_ADMIN_PASSWORD }
          : { email };
      this.log.info(shown, 'Seeded the first admin account');
    } catch (error) {
      // Another replica seeded it first.
      if (!(error instanceof ConflictError)) throw error;
    }
  }

  async register(input: {
    email: string;
    password: string;
    name: string;
    phone?: string;
  }): Promise<Session> {
    const user = await this.createUser({ ...input, roles: ['customer'] });
    return { user: toView(user), ...(await this.issue(user)) };
  }

  /**
   * Creates an account; customers also announce themselves with `customer.registered`, staff
   * (merchant, agent, admin) with `user.roles-changed` (the desk learns its agents from it).
   */
  async createUser(input: {
    email: string;
    password: string;
    name: string;
    phone?: string;
    roles: readonly Role[];
  }): Promise<UserEntity> {
    const passwordHash = await hashPassword(input.password);
    try {
      return await transaction(this.db, async (tx) => {
        const user = tx.create(UserEntity, {
          id: randomUUID(),
          email: input.email.toLowerCase(),
          passwordHash,
          name: input.name,
          phone: input.phone ?? null,
          roles: [...new Set(input.roles)],
          memberTier: 'REGULAR',
        });
        await tx.insert(UserEntity, user);
        const saved = await tx.findOneByOrFail(UserEntity, { id: user.id });
        if (saved.roles.includes('customer')) {
          await writeOutbox(tx, {
            type: 'customer.registered',
            subject: saved.id,
            data: {
              customerId: saved.id,
              email: saved.email,
              name: saved.name,
              memberTier: saved.memberTier,
              registeredAt: saved.createdAt.toISOString(),
            },
          });
        }
        if (saved.roles.some((role) => role !== 'customer')) {
          await writeOutbox(tx, {
            type: 'user.roles-changed',
            subject: saved.id,
            data: {
              userId: saved.id,
              email: saved.email,
              name: saved.name,
              roles: saved.roles,
              previousRoles: [],
              changedAt: saved.createdAt.toISOString(),
            },
          });
        }
        return saved;
      });
    } catch (error) {
      const code = (error as { driverError?: { code?: string } }).driverError?.code;
      if (code === UNIQUE_VIOLATION) {
        throw new ConflictError('email-taken', 'An account with this e-mail already exists');
      }
      throw error;
    }
  }

  /** Wrong password and unknown e-mail answer alike, and take about as long. */
  async login(email: string, password: string): Promise<Session> {
    const user = await this.db.getRepository(UserEntity).findOneBy({ email: email.toLowerCase() });
    if (!user) {
      await burnVerification(password);
      throw new UnauthorizedError('invalid-credentials', 'The e-mail or password is wrong');
    }
    if (!(await verifyPassword(user.passwordHash, password))) {
      throw new UnauthorizedError('invalid-credentials', 'The e-mail or password is wrong');
    }
    return { user: toView(user), ...(await this.issue(user)) };
  }

  /** Rotates a refresh token; a token presented twice revokes its whole family. */
  async refresh(refreshToken: string): Promise<TokenPair> {
    const outcome = await transaction(this.db, async (tx) => {
      const token = await tx.findOne(RefreshTokenEntity, {
        where: { tokenHash: hashToken(refreshToken) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!token) return undefined;
      const decision = decideRefresh(token, new Date());
      if (decision.kind === 'revoke-family') {
        await this.revokeFamily(tx, token.familyId);
        this.log.warn(
          { familyId: token.familyId, userId: token.userId },
          'Refresh token reuse: family revoked',
        );
        return undefined;
      }
      if (decision.kind === 'refuse') return undefined;
      await tx.update(RefreshTokenEntity, { id: token.id }, { rotatedAt: new Date() });
      const user = await tx.findOneBy(UserEntity, { id: token.userId });
      if (!user) return undefined;
      return { user, refreshToken: await this.storeRefreshToken(tx, user.id, token.familyId) };
    });
    // Thrown after the commit, so a detected reuse stays revoked.
    if (!outcome) throw invalidRefresh();
    return {
      accessToken: await this.accessTokens.sign(this.identityOf(outcome.user)),
      refreshToken: outcome.refreshToken,
      expiresIn: this.accessTokens.ttlSeconds,
    };
  }

  /** Revokes the family of `refreshToken`; unknown tokens are ignored (logout is idempotent). */
  async logout(refreshToken: string): Promise<void> {
    const token = await this.db
      .getRepository(RefreshTokenEntity)
      .findOneBy({ tokenHash: hashToken(refreshToken) });
    if (token) await this.db.transaction((tx) => this.revokeFamily(tx, token.familyId));
  }

  async getUser(id: string): Promise<UserView> {
    const user = await this.db.getRepository(UserEntity).findOneBy({ id });
    if (!user) throw new NotFoundError('user-not-found', 'The user does not exist');
    return toView(user);
  }

  /** Takes the tier the orders service ranked (customer.tier-changed); next tokens carry it. */
  async tierChanged(tx: EntityManager, customerId: string, tier: MemberTier): Promise<void> {
    await tx.update(UserEntity, { id: customerId }, { memberTier: tier });
  }

  private identityOf(user: UserEntity): Identity {
    return { userId: user.id, roles: user.roles, memberTier: user.memberTier };
  }

  private async issue(user: UserEntity): Promise<TokenPair> {
    const refreshToken = await this.db.transaction((tx) =>
      this.storeRefreshToken(tx, user.id, randomUUID()),
    );
    return {
      accessToken: await this.accessTokens.sign(this.identityOf(user)),
      refreshToken,
      expiresIn: this.accessTokens.ttlSeconds,
    };
  }

  private async storeRefreshToken(
    tx: EntityManager,
    userId: string,
    familyId: string,
  ): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await tx.insert(RefreshTokenEntity, {
      id: randomUUID(),
      familyId,
      userId,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + this.config.GATEWAY_REFRESH_TOKEN_TTL_SECONDS * 1_000),
      rotatedAt: null,
      revokedAt: null,
    });
    return token;
  }

  private async revokeFamily(tx: EntityManager, familyId: string): Promise<void> {
    await tx
      .createQueryBuilder()
      .update(RefreshTokenEntity)
      .set({ revokedAt: () => 'now()' })
      .where('family_id = :familyId AND revoked_at IS NULL', { familyId })
      .execute();
  }
}
