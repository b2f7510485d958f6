import { Module } from '@nestjs/common';
import { AccessTokens } from './application/access-tokens';
import { IdentityService } from './application/identity.service';
import { StreamTickets } from './application/stream-tickets';
import { AdminUsersController, AuthController, MeController } from './http/auth.controller';

/**
 * Accounts and credentials: registration, sign-in, refresh tokens, staff accounts, the access
 * tokens the edge verifies and the single-use tickets an order stream opens with.
 */
@Module({
  controllers: [AuthController, MeController, AdminUsersController],
  providers: [AccessTokens, IdentityService, StreamTickets],
  exports: [AccessTokens, StreamTickets],
})
export class IdentityModule {}
