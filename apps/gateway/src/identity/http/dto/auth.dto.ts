import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayNotEmpty,
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';
import { MEMBER_TIERS, ROLES, STAFF_ROLES, type Role } from '@emporium/contracts';

/** `POST /auth/register`. */
export class RegisterDto {
  @ApiProperty({ example: 'li.wei@example.com', maxLength: 254 })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: 8, maxLength: 128 })
  @IsString()
  @Length(8, 128)
  password!: string;

  @ApiProperty({ example: '李伟', minLength: 1, maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({ example: '+86 138 0013 8000' })
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9 -]{5,20}$/)
  phone?: string;
}

/** `POST /auth/login`. */
export class LoginDto {
  @ApiProperty({ maxLength: 254 })
  @IsString()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ maxLength: 128 })
  @IsString()
  @MaxLength(128)
  password!: string;
}

/** `POST /auth/refresh` and `POST /auth/logout`. */
export class RefreshTokenDto {
  @ApiProperty({ description: 'The refresh token of the last login or refresh', maxLength: 512 })
  @IsString()
  @Length(1, 512)
  refreshToken!: string;
}

/** `POST /admin/users`. */
export class CreateUserDto {
  @ApiProperty({ maxLength: 254 })
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: 8, maxLength: 128 })
  @IsString()
  @Length(8, 128)
  password!: string;

  @ApiProperty({ minLength: 1, maxLength: 100 })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({ type: [String], enum: STAFF_ROLES, example: ['merchant'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(3)
  @IsIn(STAFF_ROLES, { each: true })
  roles!: Role[];
}

/** A user as the API shows it. */
export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String], enum: ROLES }) roles!: Role[];
  @ApiProperty({ enum: MEMBER_TIERS }) memberTier!: string;
}

/** Tokens of a session. */
export class TokenPairResponse {
  @ApiProperty({ description: 'Short-lived JWT for `Authorization: Bearer`' }) accessToken!: string;
  @ApiProperty({ description: 'Opaque, single-use; rotate it with POST /auth/refresh' })
  refreshToken!: string;
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn!: number;
}

/** What register and login answer. */
export class SessionResponse extends TokenPairResponse {
  @ApiProperty({ type: UserResponse }) user!: UserResponse;
}
