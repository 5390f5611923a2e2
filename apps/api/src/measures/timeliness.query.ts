import { IsIn, IsOptional, Matches } from 'class-validator';
import { IsCalendarDate } from '../common/is-calendar-date.js';

export class TimelinessQueryDto {
  @IsCalendarDate() from!: string;
  @IsCalendarDate() to!: string;
  @IsOptional() @Matches(/^[a-z0-9-]{1,40}$/, { message: 'team must be a team id such as north' }) team?: string;
  @IsOptional()
  @IsIn(['month', 'quarter', 'year'], { message: 'groupBy must be one of: month, quarter, year' })
  groupBy?: 'month' | 'quarter' | 'year';
  @IsOptional()
  @IsCalendarDate({ message: 'asAt must be the calendar date the figure was reported, YYYY-MM-DD' })
  asAt?: string;
  @IsOptional() @IsIn(['json', 'csv'], { message: 'format must be json or csv' }) format?: 'json' | 'csv';
}
