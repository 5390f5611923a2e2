import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { STAGE_LABELS } from '@ehc/contracts';

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value);

export class CaseListQueryDto {
  @IsOptional() @IsIn(Object.keys(STAGE_LABELS), { message: `stage must be one of: ${Object.keys(STAGE_LABELS).join(', ')}` }) stage?: string;
  @IsOptional() @Matches(/^[a-z0-9._-]{1,64}$/, { message: "caseworker must be a username or 'me'" }) caseworker?: string;
  @IsOptional() @Matches(/^[a-z0-9-]{1,40}$/, { message: 'team must be a team id' }) team?: string;
  @IsOptional() @Transform(toInt) @IsInt({ message: 'dueWithinDays must be a whole number of days' }) @Min(0) @Max(366) dueWithinDays?: number;
  @IsOptional() @Transform(toBool) @IsBoolean({ message: 'overdue must be true or false' }) overdue?: boolean;
  @IsOptional() @Transform(toBool) @IsBoolean({ message: 'includeClosed must be true or false' }) includeClosed?: boolean;
  @IsOptional() @Matches(/^[A-Za-z0-9-]{1,40}$/, { message: 'q must be the start of a case reference (letters, digits, hyphens)' }) q?: string;
  @IsOptional() @IsIn(['next_due', 'received_on', 'reference'], { message: 'sort must be one of: next_due, received_on, reference' }) sort?: 'next_due' | 'received_on' | 'reference';
  @IsOptional() @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor must be the nextCursor value of the previous page' }) cursor?: string;
  @IsOptional() @Transform(toInt) @IsInt({ message: 'limit must be a whole number' }) @Min(1) @Max(200) limit?: number;
}
