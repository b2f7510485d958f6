import { Module } from '@nestjs/common';
import { AccessTokens } from './application/access-tokens';
import { IdentityService } from './application/identity.service';
import { StreamTickets } from './application/stream-tickets';
import { AdminUsersController, AuthController, MeController } from './http/auth.controller';
import { TierChangedHandler } from './messaging/orders-member.handlers';

/**
 * Accounts and credentials: registration, sign-in, refresh tokens, staff accounts, the access
 * tokens the edge verifies and the single-use tickets an order stream opens with. Each account
 * keeps the member tier the orders service announces.
 */
@Module({
  controllers: [AuthController, MeController, AdminUsersController],
  providers: [AccessTokens, IdentityService, StreamTickets, TierChangedHandler],
  exports: [AccessTokens, StreamTickets],
})
export class IdentityModule {}
