import { IsIn, IsOptional, Matches } from 'class-validator';
import { IsCalendarDate } from '../common/is-calendar-date.js';

/** The SEN2 return for a census (docs/sen2.md). */
export class Sen2ReturnDto {
  /** The census reference date (DfE's, in January). */
  @IsCalendarDate({ message: 'referenceDate must be the census date, YYYY-MM-DD' }) referenceDate!: string;
  /** The council's 3-digit DfE LA code. */
  @Matches(/^\d{3}$/, { message: 'la must be the council’s 3-digit LA code, such as 937' }) la!: string;
  /** json: the checks and counts; xml: the file (refused while a check fails with an error). */
  @IsOptional() @IsIn(['json', 'xml'], { message: 'format must be json or xml' }) format?: 'json' | 'xml';
}
