import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Identity } from '@emporium/contracts';
import { CurrentUser, Public, Roles } from '@emporium/platform-auth';
import { IdentityService } from '../application/identity.service';
import {
  CreateUserDto,
  LoginDto,
  RefreshTokenDto,
  RegisterDto,
  SessionResponse,
  TokenPairResponse,
  UserResponse,
} from './dto/auth.dto';

/** Register, login, refresh and logout (API.md "Identity"). */
@ApiTags('identity')
@Controller('api/v1/auth')
@Public()
export class AuthController {
  constructor(private readonly identity: IdentityService) {}

  @Post('register')
  @ApiOperation({ summary: 'Register a customer account' })
  @ApiCreatedResponse({ type: SessionResponse })
  register(@Body() dto: RegisterDto) {
    return this.identity.register(dto);
  }

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with e-mail and password' })
  @ApiOkResponse({ type: SessionResponse })
  login(@Body() dto: LoginDto) {
    return this.identity.login(dto.email, dto.password);
  }

  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for new tokens (the old one is spent)' })
  @ApiOkResponse({ type: TokenPairResponse })
  refresh(@Body() dto: RefreshTokenDto) {
    return this.identity.refresh(dto.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: "Revoke a refresh token's family" })
  @ApiNoContentResponse()
  async logout(@Body() dto: RefreshTokenDto): Promise<void> {
    await this.identity.logout(dto.refreshToken);
  }
}

/** The signed-in user. */
@ApiTags('identity')
@ApiBearerAuth()
@Controller('api/v1/me')
export class MeController {
  constructor(private readonly identity: IdentityService) {}

  @Get()
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserResponse })
  me(@CurrentUser() user: Identity) {
    return this.identity.getUser(user.userId);
  }
}

/** Staff accounts, created by an admin. */
@ApiTags('identity')
@ApiBearerAuth()
@Controller('api/v1/admin/users')
export class AdminUsersController {
  constructor(private readonly identity: IdentityService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a staff account' })
  @ApiCreatedResponse({ type: UserResponse })
  async create(@Body() dto: CreateUserDto) {
    const user = await this.identity.createUser(dto);
    return this.identity.getUser(user.id);
  }
}
