import { IsIn, IsString, Length } from 'class-validator';
import { NOTICE_KINDS } from '@ehc/contracts';
import { IsCalendarDate } from '../../common/is-calendar-date.js';

export class SendLetterDto {
  @IsIn(NOTICE_KINDS, { message: `notice must be one of: ${NOTICE_KINDS.join(', ')}` }) notice!: string;
  /** The day the letter is sent: the notice's date on the case. */
  @IsCalendarDate() sentOn!: string;
}

export class LetterTemplateDto {
  @IsString() @Length(1, 200, { message: 'title must be 1 to 200 characters' }) title!: string;
  @IsString() @Length(1, 20000, { message: 'body must be 1 to 20000 characters' }) body!: string;
}
