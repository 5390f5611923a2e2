import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import {
  ADVICE_PROVIDERS, APPEAL_INFORMATION, CONSULTATION_OUTCOMES, DECISION_MAKERS, DISPUTE_SUBJECTS, EXCEPTION_KINDS, NOTICE_KINDS, PLACEMENTS, REQUEST_SOURCES,
  type DeadlineKind,
} from '@ehc/workflow';
import { IsCalendarDate } from '../../common/is-calendar-date.js';

/**
 * One DTO per case event (domain/case-events.md), chosen by `type` through class-transformer's
 * discriminator, so whitelist + forbidNonWhitelisted apply per event: a field that the event does not have
 * is an error that names it. The statechart then decides whether the event is allowed now.
 */
export const USER_EVENT_TYPES = [
  'DecidedToAssess', 'DecidedNotToAssess', 'AdviceRequested', 'AdviceReceived', 'DecidedToIssue', 'DecidedNotToIssue',
  'DraftPlanIssued', 'SettingRequested', 'SettingConsulted', 'SettingResponded', 'FinalPlanIssued', 'ExceptionRecorded',
  'ExceptionWithdrawn', 'MediationStarted', 'TribunalAppealRegistered', 'TribunalOrderMade', 'RequestWithdrawn',
  'MovedOutOfArea', 'CaseworkerAssigned',
  // law (issue 14), minimal entries until the api validates with the domain vocabulary (EVENT_FIELDS)
  'AppealNotOpposed', 'NoticeSent',
] as const;

export const DEADLINE_KINDS: readonly DeadlineKind[] = [
  'decision-to-assess', 'advice', 'no-plan-notice', 'draft-period', 'setting-consultation', 'final-plan',
  'tribunal-notify-assess', 'tribunal-no-plan', 'tribunal-final-plan', 'tribunal-draft',
];

const ID = /^[A-Za-z0-9_-]{1,40}$/;
const idMessage = (f: string) => `${f} must be 1-40 letters, digits, - or _`;
const oneOf = (f: string, list: readonly string[]) => `${f} must be one of: ${list.join(', ')}`;

export class CaseEventDto {
  @IsIn(USER_EVENT_TYPES, { message: `type must be one of: ${USER_EVENT_TYPES.join(', ')} (RequestReceived opens a case through POST /api/cases; DeadlineMissed is recorded by the system)` })
  type!: string;

  @IsCalendarDate()
  date!: string;
}

export class DecidedToAssessDto extends CaseEventDto {}
export class DecidedToIssueDto extends CaseEventDto {}
export class DraftPlanIssuedDto extends CaseEventDto {}
export class MovedOutOfAreaDto extends CaseEventDto {}

export class ReasonsDto extends CaseEventDto {
  @IsString() @Length(1, 4000, { message: 'reasons must be 1 to 4000 characters' })
  reasons!: string;
}
export class DecidedNotToAssessDto extends ReasonsDto {}
export class DecidedNotToIssueDto extends ReasonsDto {}

export class AdviceRequestedDto extends CaseEventDto {
  @Matches(ID, { message: idMessage('adviceId') }) adviceId!: string;
  @IsIn(ADVICE_PROVIDERS, { message: oneOf('provider', ADVICE_PROVIDERS) }) provider!: string;
  @IsOptional() @IsCalendarDate() receivedByProvider?: string;
}

export class AdviceReceivedDto extends CaseEventDto {
  @Matches(ID, { message: idMessage('adviceId') }) adviceId!: string;
}

export class SettingRequestedDto extends CaseEventDto {
  @IsString() @Length(1, 200, { message: 'setting must be 1 to 200 characters (name and/or URN)' }) setting!: string;
}

export class SettingConsultedDto extends CaseEventDto {
  @Matches(ID, { message: idMessage('consultationId') }) consultationId!: string;
  @IsString() @Length(1, 200, { message: 'setting must be 1 to 200 characters (name and/or URN)' }) setting!: string;
}

export class SettingRespondedDto extends CaseEventDto {
  @Matches(ID, { message: idMessage('consultationId') }) consultationId!: string;
  @IsIn(CONSULTATION_OUTCOMES, { message: oneOf('outcome', CONSULTATION_OUTCOMES) }) outcome!: string;
}

export class FinalPlanIssuedDto extends CaseEventDto {
  @IsIn(PLACEMENTS, { message: oneOf('placement', PLACEMENTS) }) placement!: string;
  @IsOptional() @IsString() @Length(1, 200, { message: 'setting must be 1 to 200 characters' }) setting?: string;
}

export class ExceptionRecordedDto extends CaseEventDto {
  @Matches(ID, { message: idMessage('exceptionId') }) exceptionId!: string;
  @IsIn(EXCEPTION_KINDS, { message: oneOf('kind', EXCEPTION_KINDS) }) kind!: string;
  @IsCalendarDate() from!: string;
  @IsCalendarDate() to!: string;
  @IsArray() @ArrayMinSize(1, { message: 'appliesTo must name at least one time limit' }) @ArrayMaxSize(10)
  @IsIn(DEADLINE_KINDS, { each: true, message: oneOf('appliesTo', DEADLINE_KINDS) })
  appliesTo!: string[];
  @IsString() @Length(1, 4000, { message: 'evidence must be 1 to 4000 characters: say why meeting the time limit was impractical' })
  evidence!: string;
  @IsOptional() @IsCalendarDate() familyInformedOn?: string;
  @IsOptional() @Matches(ID, { message: idMessage('adviceId') }) adviceId?: string;
}

export class ExceptionWithdrawnDto extends CaseEventDto {
  @Matches(ID, { message: idMessage('exceptionId') }) exceptionId!: string;
  @IsString() @Length(1, 2000, { message: 'reason must be 1 to 2000 characters' }) reason!: string;
}

export class DisputeDto extends CaseEventDto {
  @IsIn(DISPUTE_SUBJECTS, { message: oneOf('against', DISPUTE_SUBJECTS) }) against!: string;
}
export class MediationStartedDto extends DisputeDto {}
export class TribunalAppealRegisteredDto extends DisputeDto {}

export class AppealNotOpposedDto extends DisputeDto {}

export class NoticeSentDto extends CaseEventDto {
  @IsIn(NOTICE_KINDS, { message: oneOf('notice', NOTICE_KINDS) }) notice!: string;
  @IsIn(DECISION_MAKERS, { message: oneOf('sentTo', DECISION_MAKERS) }) sentTo!: string;
  @IsOptional() @IsIn(APPEAL_INFORMATION, { message: oneOf('appealInformation', APPEAL_INFORMATION) }) appealInformation?: string;
}

export class TribunalOrderMadeDto extends CaseEventDto {
  @IsIn(['assess', 'make-plan'], { message: 'order must be one of: assess, make-plan' }) order!: string;
}

export class RequestWithdrawnDto extends CaseEventDto {
  @IsString() @Length(1, 2000, { message: 'reason must be 1 to 2000 characters' }) reason!: string;
}

export class CaseworkerAssignedDto extends CaseEventDto {
  @IsString() @MaxLength(64) @Matches(/^[a-z0-9._-]{1,64}$/, { message: 'caseworker must be a username (lower-case letters, digits, . _ -)' })
  caseworker!: string;
}

export const EVENT_DTOS = [
  { name: 'DecidedToAssess', value: DecidedToAssessDto },
  { name: 'DecidedNotToAssess', value: DecidedNotToAssessDto },
  { name: 'AdviceRequested', value: AdviceRequestedDto },
  { name: 'AdviceReceived', value: AdviceReceivedDto },
  { name: 'DecidedToIssue', value: DecidedToIssueDto },
  { name: 'DecidedNotToIssue', value: DecidedNotToIssueDto },
  { name: 'DraftPlanIssued', value: DraftPlanIssuedDto },
  { name: 'SettingRequested', value: SettingRequestedDto },
  { name: 'SettingConsulted', value: SettingConsultedDto },
  { name: 'SettingResponded', value: SettingRespondedDto },
  { name: 'FinalPlanIssued', value: FinalPlanIssuedDto },
  { name: 'ExceptionRecorded', value: ExceptionRecordedDto },
  { name: 'ExceptionWithdrawn', value: ExceptionWithdrawnDto },
  { name: 'MediationStarted', value: MediationStartedDto },
  { name: 'TribunalAppealRegistered', value: TribunalAppealRegisteredDto },
  { name: 'TribunalOrderMade', value: TribunalOrderMadeDto },
  { name: 'RequestWithdrawn', value: RequestWithdrawnDto },
  { name: 'MovedOutOfArea', value: MovedOutOfAreaDto },
  { name: 'CaseworkerAssigned', value: CaseworkerAssignedDto },
  { name: 'AppealNotOpposed', value: AppealNotOpposedDto },
  { name: 'NoticeSent', value: NoticeSentDto },
];
