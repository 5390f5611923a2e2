import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import type { Role } from '@ehc/contracts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../auth/password.js';

export const ROLES: Role[] = ['caseworker', 'team-manager', 'board', 'admin'];
import { USERNAME } from '../../auth/username.js';
/** Staff names: letters, digits, spaces and the punctuation names use; no markup, no control characters. */
const DISPLAY_NAME = /^[\p{L}\p{M}\p{N}' .,()-]{1,100}$/u;
const TEAM = /^[a-z0-9-]{1,40}$/;
const EMAIL_RULE =
  'email must be an e-mail address such as name@council.gov.uk (at most 254 characters), or null for none';
const PASSWORD_RULE = `password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters (a passphrase of several words is best)`;

export class CreateUserDto {
  @IsString()
  @Matches(USERNAME, {
    message:
      'username must be 2-64 lower-case letters, digits, dots, hyphens or underscores, starting with a letter or digit',
  })
  username!: string;
  @IsString()
  @Matches(DISPLAY_NAME, { message: 'displayName must be 1-100 letters, digits, spaces or name punctuation' })
  displayName!: string;
  @IsIn(ROLES, { message: `role must be one of: ${ROLES.join(', ')}` }) role!: Role;
  @IsOptional() @IsString() @Matches(TEAM, { message: 'teamId must be a team id such as north' }) teamId?:
    string | null;
  @IsString() @Length(MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH, { message: PASSWORD_RULE }) password!: string;
  /** Where the deadline-alert digest goes; absent or null: no e-mail. */
  @ValidateIf((o) => o.email !== null && o.email !== undefined)
  @IsEmail({}, { message: EMAIL_RULE })
  @MaxLength(254, { message: EMAIL_RULE })
  email?: string | null;
}

export class UpdateUserDto {
  @IsOptional()
  @IsString()
  @Matches(DISPLAY_NAME, { message: 'displayName must be 1-100 letters, digits, spaces or name punctuation' })
  displayName?: string;
  @IsOptional() @IsIn(ROLES, { message: `role must be one of: ${ROLES.join(', ')}` }) role?: Role;
  /** null takes the user out of every team (board, admin). */
  @ValidateIf((o) => o.teamId !== null)
  @IsOptional()
  @IsString()
  @Matches(TEAM, { message: 'teamId must be a team id such as north, or null' })
  teamId?: string | null;
  @IsOptional() @IsBoolean({ message: 'disabled must be true or false' }) disabled?: boolean;
  /** A new password set by the admin: ends the user's sessions and clears a lock-out. */
  @IsOptional()
  @IsString()
  @Length(MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH, { message: PASSWORD_RULE })
  password?: string;
  /** Where the deadline-alert digest goes; null removes it. */
  @ValidateIf((o) => o.email !== null && o.email !== undefined)
  @IsEmail({}, { message: EMAIL_RULE })
  @MaxLength(254, { message: EMAIL_RULE })
  email?: string | null;
  /** Clears a lock-out without changing the password. */
  @IsOptional() @IsBoolean({ message: 'unlock must be true or false' }) unlock?: boolean;
}
