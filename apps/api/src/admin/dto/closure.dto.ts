import { IsOptional, IsString, Matches, ValidateIf } from 'class-validator';
import { IsCalendarDate } from '../../common/is-calendar-date.js';

const SETTING = /^[A-Za-z0-9._-]{1,64}$/;

export class CreateClosureDto {
  /** The school or setting (its URN or local id); null or absent: the local authority's default calendar. */
  @ValidateIf((o) => o.settingId !== null)
  @IsOptional()
  @IsString()
  @Matches(SETTING, {
    message: 'settingId must be a setting id (URN): letters, digits, dots, hyphens; or null for the LA-wide calendar',
  })
  settingId?: string | null;
  /** First day the setting is closed. */
  @IsCalendarDate() closedFrom!: string;
  /** First day it is open again (after closedFrom). */
  @IsCalendarDate() reopensOn!: string;
  @IsString()
  @Matches(/^[\p{L}\p{M}\p{N}' .,()&/:-]{1,200}$/u, {
    message: 'description must be 1-200 letters, digits, spaces or punctuation, such as "Summer holiday 2025"',
  })
  description!: string;
}

export class ClosureQueryDto {
  /** The setting's own closures plus the LA-wide ones. */
  @IsOptional() @Matches(SETTING, { message: 'setting must be a setting id (URN)' }) setting?: string;
  /** Closures that end on or after this date. */
  @IsOptional() @IsCalendarDate() from?: string;
  /** Closures that start on or before this date. */
  @IsOptional() @IsCalendarDate() to?: string;
}
