import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { IsCalendarDate } from '../../common/is-calendar-date.js';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value;

export class AuditQueryDto {
  /** A user id or a username. */
  @IsOptional()
  @Matches(/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9][a-z0-9._-]{1,63})$/i, {
    message: 'user must be a user id or a username',
  })
  user?: string;
  @IsOptional() @IsUUID('all', { message: 'case must be a case id (UUID)' }) case?: string;
  /** A case reference as people know it (e.g. NORTH-2026-0001), any letter case. */
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9/_-]{0,63}$/, {
    message: 'caseReference must be a case reference such as NORTH-2026-0001',
  })
  caseReference?: string;
  /** Part of a person's name or username, any letter case (e.g. "sam" finds Sam Taylor). */
  @IsOptional()
  @Matches(/^[\p{L}\p{M}0-9 .'’_-]{1,80}$/u, {
    message: "name must be part of a person’s name or username: letters, numbers, spaces, . ' - _",
  })
  name?: string;
  @IsOptional()
  @Matches(/^[a-z][a-z0-9.-]{0,59}$/, { message: 'action must be an action name such as case.read' })
  action?: string;
  /** From the start of this London day. */
  @IsOptional() @IsCalendarDate() from?: string;
  /** To the end of this London day (inclusive). */
  @IsOptional() @IsCalendarDate() to?: string;
  @IsOptional() @IsIn(['json', 'csv'], { message: 'format must be json or csv' }) format?: 'json' | 'csv';
  @IsOptional() @Transform(toInt) @IsInt({ message: 'limit must be a whole number' }) @Min(1) @Max(1000) limit?: number;
  /** The nextCursor of the previous page. */
  @IsOptional()
  @Matches(/^\d{1,18}$/, { message: 'cursor must be the nextCursor value of the previous page' })
  cursor?: string;
}
