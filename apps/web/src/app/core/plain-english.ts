import { formatDate } from './dates';

/** Each case event as the step people know ("the decision to assess"), for the api's refusals. */
const EVENT_NOUNS: Record<string, string> = {
  RequestReceived: 'the request for an assessment',
  DecidedToAssess: 'the decision to assess',
  DecidedNotToAssess: 'the decision not to assess',
  AdviceRequested: 'the advice request',
  AdviceReceived: 'the advice',
  DecidedToIssue: 'the decision to issue a plan',
  DecidedNotToIssue: 'the decision not to issue a plan',
  DraftPlanIssued: 'the draft plan',
  SettingRequested: 'the family’s request for a setting',
  SettingConsulted: 'the consultation with a setting',
  SettingResponded: 'the setting’s reply',
  FinalPlanIssued: 'the final plan',
  ExceptionRecorded: 'the exception',
  ExceptionWithdrawn: 'the withdrawal of the exception',
  MediationStarted: 'the mediation',
  TribunalAppealRegistered: 'the tribunal appeal',
  TribunalOrderMade: 'the tribunal order',
  RequestWithdrawn: 'the withdrawal of the request',
  MovedOutOfArea: 'the move out of the area',
  CaseworkerAssigned: 'the caseworker assignment',
  DeadlineMissed: 'the missed deadline',
  EventCorrected: 'the correction',
  EventRetracted: 'the retraction',
  AppealNotOpposed: 'the decision not to oppose the appeal',
  TribunalResponseSubmitted: 'the response to the appeal',
  InformationRequested: 'the information request',
  NoticeSent: 'the notice',
};

/** Field names the api may mention, as the form labels them. */
const FIELD_NOUNS: Record<string, string> = {
  receivedByProvider: 'the date the adviser received the request',
  adviceId: 'advice reference',
  consultationId: 'consultation reference',
  exceptionId: 'exception reference',
};

const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The api's refusal in the words a caseworker uses: no event code names (DecidedToAssess), no field names, dates
 * as "4 March 2026". Some refusals are rewritten whole, as GOV.UK error messages would say them.
 */
export function plainEnglish(code: string | undefined, message: string): string {
  if (code === 'DATE_IN_FUTURE')
    return 'The date must be today or in the past: you can only record something that has already happened';
  const m = message
    .replace(/\s*\(day 0\)/g, '')
    .replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (iso) => formatDate(iso))
    .replace(/\(([A-Z][a-z]+(?:[A-Z][a-z]+)+)\)/g, (all, name: string) =>
      EVENT_NOUNS[name] ? `(${EVENT_NOUNS[name]})` : all,
    )
    .replace(/\b([A-Z][a-z]+(?:[A-Z][a-z]+)+)\b/g, (name) => EVENT_NOUNS[name] ?? name)
    .replace(/\b(receivedByProvider|adviceId|consultationId|exceptionId)\b/g, (f) => FIELD_NOUNS[f] ?? f);
  // "the decision to assess cannot be dated before …" starts a sentence (other messages are left as they came).
  const startsWithCode = /^([A-Z][a-z]+(?:[A-Z][a-z]+)+|receivedByProvider|adviceId|consultationId|exceptionId)\b/.exec(
    message,
  );
  return startsWithCode && m !== message ? sentence(m) : m;
}
