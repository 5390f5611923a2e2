import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, Matches, ValidateIf } from 'class-validator';
import { ETHNICITY_CODES, PERSON_SEX_CODES, PREFERRED_CONTACT } from '@ehc/contracts';
import { IsCalendarDate } from '../../common/is-calendar-date.js';

const NAME = /^[\p{L}\p{M}' .-]{1,100}$/u;
export const UPN = /^[A-Z][0-9]{11}[0-9A-Z]$/;
export const POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/i;
const optional = (o: object, k: string) =>
  (o as Record<string, unknown>)[k] !== null && (o as Record<string, unknown>)[k] !== undefined;

/** The child or young person's own details (the person record). Null clears an optional field. */
export class PersonDto {
  @IsString()
  @Matches(NAME, { message: 'givenName must be 1-100 letters, spaces, apostrophes, dots or hyphens' })
  givenName!: string;
  @IsString()
  @Matches(NAME, { message: 'familyName must be 1-100 letters, spaces, apostrophes, dots or hyphens' })
  familyName!: string;
  @IsCalendarDate() dateOfBirth!: string;
  @ValidateIf((o) => optional(o, 'upn'))
  @Matches(UPN, {
    message: 'upn must be a 13-character unique pupil number (a capital letter, 11 digits, a digit or capital letter)',
  })
  upn?: string | null;
  @ValidateIf((o) => optional(o, 'uln'))
  @Matches(/^[0-9]{10}$/, { message: 'uln must be a 10-digit unique learner number' })
  uln?: string | null;
  @ValidateIf((o) => optional(o, 'address'))
  @IsString()
  @Length(1, 300, { message: 'address must be 1 to 300 characters' })
  address?: string | null;
  @ValidateIf((o) => optional(o, 'postcode'))
  @Matches(POSTCODE, { message: 'postcode must be a UK postcode such as CV34 4RL' })
  postcode?: string | null;
  @ValidateIf((o) => optional(o, 'schoolUrn'))
  @Matches(/^[0-9]{6}$/, { message: 'schoolUrn must be the setting’s 6-digit unique reference number (URN)' })
  schoolUrn?: string | null;
  @ValidateIf((o) => optional(o, 'schoolName'))
  @IsString()
  @Length(1, 200, { message: 'schoolName must be 1 to 200 characters' })
  schoolName?: string | null;
  @ValidateIf((o) => optional(o, 'homeLanguage'))
  @IsString()
  @Length(1, 60, { message: 'homeLanguage must be 1 to 60 characters' })
  homeLanguage?: string | null;
  @IsOptional() @IsBoolean({ message: 'interpreterNeeded must be true or false' }) interpreterNeeded?: boolean;
  /** SEN2 module 1: M, F or U (docs/sen2.md#module-1-person). */
  @ValidateIf((o) => optional(o, 'sex'))
  @IsIn(PERSON_SEX_CODES, { message: `sex must be one of: ${PERSON_SEX_CODES.join(', ')}` })
  sex?: string | null;
  /** SEN2 module 1: a DfE main ethnicity code such as WBRI (docs/sen2.md#module-1-person). */
  @ValidateIf((o) => optional(o, 'ethnicity'))
  @IsIn(ETHNICITY_CODES, { message: 'ethnicity must be a DfE main ethnicity code, such as WBRI or NOBT' })
  ethnicity?: string | null;
}

/** Person search: at least one of name, date of birth, UPN, postcode. Sent as a POST body (names never in URLs). */
export class PersonSearchDto {
  @IsOptional() @IsString() @Length(2, 200, { message: 'name must be 2 to 200 characters' }) name?: string;
  @IsOptional() @IsCalendarDate() dateOfBirth?: string;
  @IsOptional() @Matches(UPN, { message: 'upn must be a 13-character unique pupil number' }) upn?: string;
  @IsOptional() @Matches(POSTCODE, { message: 'postcode must be a UK postcode such as CV34 4RL' }) postcode?: string;
}

/** A new request's child: is this child already known? */
export class PersonMatchDto {
  @IsString() @Length(1, 100, { message: 'givenName must be 1 to 100 characters' }) givenName!: string;
  @IsString() @Length(1, 100, { message: 'familyName must be 1 to 100 characters' }) familyName!: string;
  @IsCalendarDate() dateOfBirth!: string;
  @IsOptional() @Matches(UPN, { message: 'upn must be a 13-character unique pupil number' }) upn?: string;
}

export class ContactDto {
  @IsIn(['parent-carer', 'professional'], { message: 'kind must be one of: parent-carer, professional' }) kind!:
    'parent-carer' | 'professional';
  @IsString() @Length(1, 120, { message: 'name must be 1 to 120 characters' }) name!: string;
  /** Checked against the list of its kind by the service (PARENT_RELATIONSHIPS or PROFESSIONAL_ROLES). */
  @IsString()
  @Length(1, 40, { message: 'relationship must be 1 to 40 characters' })
  relationship!: string;
  @IsOptional()
  @IsBoolean({ message: 'parentalResponsibility must be true or false' })
  parentalResponsibility?: boolean;
  @IsOptional()
  @IsString()
  @Length(1, 200, { message: 'organisation must be 1 to 200 characters' })
  organisation?: string;
  @IsOptional()
  @Matches(/^[0-9 +()-]{6,20}$/, { message: 'phone must be 6 to 20 digits, spaces, +, ( ) or -' })
  phone?: string;
  @IsOptional() @IsEmail({}, { message: 'email must be an email address such as name@example.org' }) email?: string;
  @IsOptional() @IsString() @Length(1, 300, { message: 'address must be 1 to 300 characters' }) address?: string;
  @IsOptional()
  @IsIn(PREFERRED_CONTACT, { message: `preferredContact must be one of: ${PREFERRED_CONTACT.join(', ')}` })
  preferredContact?: string;
}

export class MergeDto {
  @IsUUID('all', { message: 'duplicateId must be the id of the other person record (a UUID)' }) duplicateId!: string;
}

/** A change of the child's details from their record: the details as they should now be, and why (kept with the change). */
export class PersonChangeDto extends PersonDto {
  @IsString()
  @Length(1, 2000, { message: 'reason must be 1 to 2000 characters: say why the details are changed' })
  reason!: string;
}
