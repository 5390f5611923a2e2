import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  isUUID,
  Length,
  Matches,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { BROUGHT_BY, PARENT_ACTS_AS, REQUEST_SOURCES, SETTING_TYPES, YES_NO } from '@ehc/workflow';
import { EHC_SYSTEM_START, IsCalendarDate } from '../../common/is-calendar-date.js';

const NAME = /^[\p{L}\p{M}' .-]{1,100}$/u;

export class ChildDto {
  @IsString()
  @Matches(NAME, { message: 'givenName must be 1-100 letters, spaces, apostrophes, dots or hyphens' })
  givenName!: string;
  @IsString()
  @Matches(NAME, { message: 'familyName must be 1-100 letters, spaces, apostrophes, dots or hyphens' })
  familyName!: string;
  @IsCalendarDate() dateOfBirth!: string;
  @IsOptional()
  @Matches(/^[A-Z][0-9]{11}[0-9A-Z]$/, {
    message: 'upn must be a 13-character unique pupil number (a letter, 11 digits, a digit or letter)',
  })
  upn?: string;
  @IsOptional()
  @Matches(/^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/i, { message: 'postcode must be a UK postcode such as CV34 4RL' })
  postcode?: string;
  @IsOptional() @IsString() @Length(1, 200, { message: 'school must be 1 to 200 characters' }) school?: string;
}

export class RequestDto {
  @IsCalendarDate({ earliest: EHC_SYSTEM_START }) date!: string;
  @IsIn(REQUEST_SOURCES, { message: `source must be one of: ${REQUEST_SOURCES.join(', ')}` }) source!: string;
  /** regs 63-64: a parent asking for a young person acts as their agent or as the alternative person. */
  @IsOptional()
  @IsIn(PARENT_ACTS_AS, { message: `parentActsAs must be one of: ${PARENT_ACTS_AS.join(', ')}` })
  parentActsAs?: string;
  /** s24(1): for a child brought to the council's attention, by whom (source brought-to-attention only). */
  @IsOptional()
  @IsIn(BROUGHT_BY, { message: `broughtBy must be one of: ${BROUGHT_BY.join(', ')}` })
  broughtBy?: string;
}

/** Decorators applied as if written one above the other over a property: the lowest first, as TypeScript does. */
const stacked =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) => {
    for (const d of [...decorators].reverse()) d(target, key);
  };

/**
 * The fields of every way of opening a case (a request: POST /cases; a plan transferred in: POST /cases/transfers-in),
 * each with its one rule and message. Field decorators rather than a base class: class-validator checks a class's own
 * fields before the inherited ones, which would reorder the problem's errors and the OpenAPI schema's properties.
 */
const OpensCase = {
  /** Pseudonymous: no names. */
  reference: () =>
    stacked(
      IsOptional(),
      Matches(/^[A-Z0-9][A-Z0-9-]{2,39}$/, {
        message: 'reference must be 3-40 capital letters, digits or hyphens (it is pseudonymous: no names)',
      }),
    ),
  teamId: () =>
    stacked(IsString(), Matches(/^[a-z0-9-]{1,40}$/, { message: 'teamId must be a team id such as north' })),
  caseworker: () => stacked(IsOptional(), Matches(/^[a-z0-9._-]{1,64}$/, { message: 'caseworker must be a username' })),
  /** A child already known here: the case links to that person record (then `child` may be left out). */
  personId: () =>
    stacked(IsOptional(), IsUUID('all', { message: 'personId must be the id of a person record (a UUID)' })),
  child: () =>
    stacked(
      ValidateIf((o) => !o.personId || o.child !== undefined),
      IsDefined({ message: 'child is required unless personId names a known child' }),
      IsObject(),
      ValidateNested(),
      Type(() => ChildDto),
    ),
  /** The id of the case's first event: a retry with the same id answers with the case it opened (case-create-retry). */
  eventId: () => stacked(IsOptional(), IsUUID('4', { message: 'eventId must be a UUID' })),
};

export class CreateCaseDto {
  @OpensCase.reference() reference?: string;
  @OpensCase.teamId() teamId!: string;
  @OpensCase.caseworker() caseworker?: string;
  /** A request for a child already known (see POST /persons/matches). */
  @OpensCase.personId() personId?: string;
  @OpensCase.child() child?: ChildDto;
  @IsDefined() @IsObject() @ValidateNested() @Type(() => RequestDto) request!: RequestDto;
  @OpensCase.eventId() eventId?: string;
}

export class NamedSettingDto {
  @IsIn(SETTING_TYPES, { message: `settingType must be one of: ${SETTING_TYPES.join(', ')}` }) settingType!: string;
  @IsIn(YES_NO, { message: 'inArea must be yes or no' }) inArea!: string;
  @IsOptional() @IsString() @Length(1, 200, { message: 'setting must be 1 to 200 characters' }) setting?: string;
}

/** reg 15(2)-(3): the plan as it came from the old council (docs/plan-life.md#a-plan-transferred-in). */
export class TransferDto {
  /** The day the plan transferred to this council. */
  @IsCalendarDate({ earliest: EHC_SYSTEM_START }) date!: string;
  @Length(1, 100, { message: 'fromLa must be 1 to 100 characters: the council’s 3-digit LA code or its name' })
  fromLa!: string;
  /** reg 15(3)(a): the plan is treated as made by this council on the day the old council made it. */
  @IsCalendarDate({ earliest: EHC_SYSTEM_START }) firstMadeOn!: string;
  /** reg 15(5)(a): when the old council last notified a review decision; left out if it never reviewed the plan. */
  @IsOptional() @IsCalendarDate({ earliest: EHC_SYSTEM_START }) lastReviewedOn?: string;
  /** reg 12: the setting section I of the plan names, recorded as the plan's PlacementNamed on the day of the transfer. */
  @IsOptional() @IsObject() @ValidateNested() @Type(() => NamedSettingDto) named?: NamedSettingDto;
}

export class CreateTransferredInCaseDto {
  @OpensCase.reference() reference?: string;
  @OpensCase.teamId() teamId!: string;
  @OpensCase.caseworker() caseworker?: string;
  @OpensCase.personId() personId?: string;
  @OpensCase.child() child?: ChildDto;
  @IsDefined({ message: 'transfer is required: {date, fromLa, firstMadeOn, lastReviewedOn?}' })
  @IsObject()
  @ValidateNested()
  @Type(() => TransferDto)
  transfer!: TransferDto;
  @OpensCase.eventId() eventId?: string;
}

export class AppendEventDto {
  @IsInt({ message: 'expectedVersion must be the case version you loaded (a whole number)' })
  @Min(1)
  expectedVersion!: number;
  @IsOptional()
  @IsUUID('4', { message: 'eventId must be a UUID; reuse it when you retry the same event' })
  eventId?: string;
  /** One case event, validated by the domain's own vocabulary (command-event.ts: validateEventShape). */
  @IsDefined({ message: 'event is required: {type, date, …the fields of that event}' })
  @IsObject({ message: 'event must be an object with a type and a date' })
  event!: Record<string, unknown>;

  /**
   * The body as the validation pipe would give it, when it plainly passes the decorators above: the api's most
   * frequent request (a case command) skips class-transformer and class-validator, a tenth of its CPU in the api
   * (BENCHMARKS.md "Case transitions over HTTP"). Anything else — an unknown member, a wrong or missing value —
   * is `undefined`, and the pipe checks it the full way, so every refusal and its message stay those of the
   * decorators (common/validation.ts; validation.spec.ts compares the two).
   */
  static plainlyValid(body: unknown): AppendEventDto | undefined {
    if (!isPlainRecord(body)) return undefined;
    for (const k in body) if (k !== 'expectedVersion' && k !== 'eventId' && k !== 'event') return undefined;
    const { expectedVersion, eventId, event } = body;
    if (typeof expectedVersion !== 'number' || !Number.isInteger(expectedVersion) || expectedVersion < 1)
      return undefined;
    if (eventId !== undefined && eventId !== null && !isUUID(eventId, '4')) return undefined;
    if (!isPlainRecord(event)) return undefined;
    // A copy of the parsed body, as class-transformer makes (the handler's event is not the request's object).
    return Object.assign(new AppendEventDto(), body, { event: jsonCopy(event) });
  }
}

/** A plain object (as the body parser makes them), not an array nor an instance of a class. */
function isPlainRecord(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto !== null && Object.getPrototypeOf(proto) === null; // an Object.prototype (of whichever realm)
}

function jsonCopy<T>(v: T): T {
  if (Array.isArray(v)) return v.map(jsonCopy) as T;
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const k in v) out[k] = jsonCopy((v as Record<string, unknown>)[k]);
  return out as T;
}
