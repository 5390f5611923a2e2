import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { MAX_PASSWORD_LENGTH } from '../password.js';

export class LoginDto {
  @IsString({ message: 'username must be text' })
  @Length(1, 64, { message: 'username must be 1 to 64 characters' })
  username!: string;
  @IsString({ message: 'password must be text' })
  @Length(1, MAX_PASSWORD_LENGTH, { message: `password must be 1 to ${MAX_PASSWORD_LENGTH} characters` })
  password!: string;
}

export class UsersQueryDto {
  @IsOptional() @Matches(/^[a-z0-9-]{1,40}$/, { message: 'team must be a team id such as north' }) team?: string;
}
