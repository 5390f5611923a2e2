import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { ADVICE_PROVIDERS } from '@ehc/workflow';

const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
export const QUEUE_BUCKETS = ['overdue', 'within-7', 'within-14'] as const;

export class DeadlineQueueQueryDto {
  @IsOptional() @Matches(/^[a-z0-9._-]{1,64}$/, { message: 'caseworker must be a username' }) caseworker?: string;
  @IsOptional()
  @IsIn(ADVICE_PROVIDERS as readonly string[], { message: `provider must be one of: ${ADVICE_PROVIDERS.join(', ')}` })
  provider?: string;
  @IsOptional()
  @IsIn(QUEUE_BUCKETS as readonly string[], { message: `bucket must be one of: ${QUEUE_BUCKETS.join(', ')}` })
  bucket?: (typeof QUEUE_BUCKETS)[number];
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,300}$/, { message: 'cursor must be the nextCursor value of the previous page' })
  cursor?: string;
  @IsOptional() @Transform(toInt) @IsInt({ message: 'limit must be a whole number' }) @Min(1) @Max(200) limit?: number;
  /** A page number (1 = first), for GOV.UK pagination with page numbers; `cursor` is the other way to page. */
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'page must be a whole number' })
  @Min(1, { message: 'page must be 1 or more' })
  @Max(100_000, { message: 'page must be at most 100000' })
  page?: number;
}
