import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { STAGE_LABELS } from '@ehc/contracts';

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;

export class CaseListQueryDto {
  @IsOptional()
  @IsIn(Object.keys(STAGE_LABELS), { message: `stage must be one of: ${Object.keys(STAGE_LABELS).join(', ')}` })
  stage?: string;
  @IsOptional()
  @Matches(/^[a-z0-9._-]{1,64}$/, { message: "caseworker must be a username or 'me'" })
  caseworker?: string;
  @IsOptional() @Matches(/^[a-z0-9-]{1,40}$/, { message: 'team must be a team id' }) team?: string;
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'dueWithinDays must be a whole number of days' })
  @Min(0)
  @Max(366)
  dueWithinDays?: number;
  @IsOptional() @Transform(toBool) @IsBoolean({ message: 'overdue must be true or false' }) overdue?: boolean;
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'includeClosed must be true or false' })
  includeClosed?: boolean;
  @IsOptional()
  @Matches(/^[A-Za-z0-9-]{1,40}$/, { message: 'q must be the start of a case reference (letters, digits, hyphens)' })
  q?: string;
  @IsOptional()
  @IsIn(['next_due', 'received_on', 'reference'], { message: 'sort must be one of: next_due, received_on, reference' })
  sort?: 'next_due' | 'received_on' | 'reference';
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor must be the nextCursor value of the previous page' })
  cursor?: string;
  @IsOptional() @Transform(toInt) @IsInt({ message: 'limit must be a whole number' }) @Min(1) @Max(200) limit?: number;
}

/**
 * A caseload search (POST /cases/search): the list's filters plus the child's identity. These travel in the request
 * body, never in a URL (a URL lands in browser history, proxy and server logs).
 */
export class CaseSearchDto extends CaseListQueryDto {
  @IsOptional()
  @IsString({ message: 'name must be text' })
  @MaxLength(100, { message: 'name must be at most 100 characters' })
  @Matches(/\p{L}/u, { message: 'name must contain at least one letter' })
  name?: string;
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dateOfBirth must be a date as YYYY-MM-DD' })
  dateOfBirth?: string;
  @IsOptional()
  @Matches(/^[A-Za-z]\d{11}[A-Za-z0-9]$/, {
    message: 'upn must be a unique pupil number: a letter, 11 digits, then a letter or digit',
  })
  upn?: string;
  @IsOptional()
  @Matches(/^[A-Za-z0-9-]{1,40}$/, {
    message: 'reference must be the start of a case reference (letters, digits, hyphens)',
  })
  reference?: string;
}
