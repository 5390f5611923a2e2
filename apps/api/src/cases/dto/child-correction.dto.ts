import { Type } from 'class-transformer';
import { IsDefined, IsObject, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { IsCalendarDate } from '../../common/is-calendar-date.js';

const NAME = /^[\p{L}\p{M}' .-]{1,100}$/u;

/** The child's details to correct: only the fields given change; null clears an optional one (UPN, postcode, school). */
export class ChildPatchDto {
  @IsOptional()
  @IsString()
  @Matches(NAME, { message: 'givenName must be 1-100 letters, spaces, apostrophes, dots or hyphens' })
  givenName?: string;
  @IsOptional()
  @IsString()
  @Matches(NAME, { message: 'familyName must be 1-100 letters, spaces, apostrophes, dots or hyphens' })
  familyName?: string;
  @IsOptional() @IsCalendarDate() dateOfBirth?: string;
  @IsOptional()
  @Matches(/^[A-Z][0-9]{11}[0-9A-Z]$/, {
    message: 'upn must be a 13-character unique pupil number (a letter, 11 digits, a digit or letter)',
  })
  upn?: string | null;
  @IsOptional()
  @Matches(/^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/i, { message: 'postcode must be a UK postcode such as CV34 4RL' })
  postcode?: string | null;
  @IsOptional() @IsString() @Length(1, 200, { message: 'school must be 1 to 200 characters' }) school?: string | null;
}

export class ChildCorrectionDto {
  @IsDefined({ message: 'child is required: the details to correct' })
  @IsObject()
  @ValidateNested()
  @Type(() => ChildPatchDto)
  child!: ChildPatchDto;
  @IsString()
  @Length(1, 2000, { message: 'reason must be 1 to 2000 characters: say why the details are corrected' })
  reason!: string;
}
