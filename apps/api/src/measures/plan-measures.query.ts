import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { PLAN_DRILLDOWNS, type PlanDrilldown } from '@ehc/measures';
import { IsCalendarDate } from '../common/is-calendar-date.js';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^\d{4}$/.test(value) ? Number(value) : value;

/** The board's plan measures (docs/plan-life.md#the-boards-measures): the day, the period, the year, the trend's start. */
export class PlanMeasuresQueryDto {
  @IsCalendarDate() on!: string;
  @IsCalendarDate() from!: string;
  @IsCalendarDate() to!: string;
  @Transform(toInt)
  @IsInt({ message: 'year must be a calendar year such as 2026' })
  @Min(1900)
  @Max(2199)
  year!: number;
  @IsOptional() @IsCalendarDate() trendFrom?: string;
  @IsOptional() @IsIn(['named', 'attended'], { message: 'basis must be named or attended' }) basis?:
    'named' | 'attended';
  @IsOptional() @Matches(/^[a-z0-9-]{1,40}$/, { message: 'team must be a team id such as north' }) team?: string;
  @IsOptional()
  @IsCalendarDate({ message: 'asAt must be the calendar date the figure was reported, YYYY-MM-DD' })
  asAt?: string;
  @IsOptional() @IsIn(['json', 'csv'], { message: 'format must be json or csv' }) format?: 'json' | 'csv';
}

export class PlanCasesQueryDto extends PlanMeasuresQueryDto {
  @IsIn(PLAN_DRILLDOWNS, { message: `measure must be one of: ${PLAN_DRILLDOWNS.join(', ')}` }) measure!: PlanDrilldown;
}
