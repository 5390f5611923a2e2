import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { NOTE_KINDS } from '@ehc/contracts';
import { IsCalendarDate } from '../../common/is-calendar-date.js';

export class NoteDto {
  @IsIn(NOTE_KINDS, { message: `kind must be one of: ${NOTE_KINDS.join(', ')}` }) kind!: string;
  @IsCalendarDate() occurredOn!: string;
  @IsOptional() @IsString() @Length(1, 200, { message: 'withWhom must be 1 to 200 characters' }) withWhom?: string;
  @IsString() @Length(1, 5000, { message: 'summary must be 1 to 5000 characters' }) summary!: string;
  /** The earlier note this one corrects (it then shows as corrected; nothing is overwritten). */
  @IsOptional()
  @IsUUID('all', { message: 'corrects must be the id of an earlier note of this case' })
  corrects?: string;
}

export class NoteSearchDto {
  @IsString() @Length(2, 200, { message: 'text must be 2 to 200 characters' }) text!: string;
}
