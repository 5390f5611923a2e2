import { IsString, Matches } from 'class-validator';
import { IsCalendarDate } from '../../common/is-calendar-date.js';

/** POST /api/admin/retention/:personId/postpone: keep the record until a later date, for a reason. */
export class PostponeRetentionDto {
  /** Keep the record until this date; it is listed again on that day (after today). */
  @IsCalendarDate() until!: string;
  /** Why it must be kept longer (a claim, a complaint, a safeguarding review …): words about the case, not a child's details. */
  @IsString()
  @Matches(/^[\p{L}\p{M}\p{N}' .,;()&/:-]{1,1000}$/u, {
    message: 'reason must be 1-1000 letters, digits, spaces or punctuation',
  })
  reason!: string;
}
