import type { NoticeKind } from '@ehc/contracts';

/**
 * What each statutory notice must say, as checks on the letter's text. A council may reword its templates, but a
 * template (and so a letter) missing any of these is refused, naming what is missing.
 *
 * - decision to assess: reg 5(1) notice of the decision; the family is told where to get information, advice and
 *   support (SENDIASS, s32 and reg 9) and that the plan, if any, follows within 20 weeks of the request (reg 13(2)).
 * - decision not to assess: reg 5(3): the reasons (s36(5)), the right of appeal to the First-tier Tribunal and its
 *   time limit, mediation (reg 32 and s52: the mediation adviser and the certificate), disagreement resolution, and
 *   information, advice and support (SENDIASS).
 * - notice not to issue a plan: reg 10(3): the same rights as reg 5(3), with the reasons.
 * - draft plan: reg 13(1): at least 15 days, beginning with the day it is served, to make representations and to
 *   request a particular school or other institution (s38(2)(b)), to ask for a meeting with an officer, and where to
 *   find information about schools and colleges (reg 13(1)(b)).
 * - final plan: the right of appeal against its content and the school named (s51), the time limit, mediation
 *   (s52, reg 32), disagreement resolution, and SENDIASS (reg 14).
 */
export interface RequiredContent {
  element: string;
  test: RegExp;
}

const APPEAL: RequiredContent = {
  element: 'the right of appeal to the First-tier Tribunal (Special Educational Needs and Disability)',
  test: /appeal[\s\S]*First-tier Tribunal|First-tier Tribunal[\s\S]*appeal/i,
};
const APPEAL_TIME: RequiredContent = {
  element:
    'the time limit for an appeal (two months from the date of this letter, or one month from a mediation certificate)',
  test: /two months[\s\S]*one month[\s\S]*mediation certificate/i,
};
const MEDIATION: RequiredContent = {
  element: 'mediation: contacting the mediation adviser and the certificate needed before an appeal',
  test: /mediation adviser[\s\S]*certificate/i,
};
const DISAGREEMENT: RequiredContent = {
  element: 'the disagreement resolution arrangements',
  test: /disagreement resolution/i,
};
const SENDIASS: RequiredContent = {
  element: 'information, advice and support (SENDIASS)',
  test: /SENDIASS|information, advice and support service/i,
};
const REASONS: RequiredContent = { element: 'the reasons for the decision', test: /reasons?/i };

export const REQUIRED_CONTENT: Record<NoticeKind, RequiredContent[]> = {
  'decision-to-assess': [
    {
      element: 'the decision to carry out an EHC needs assessment',
      test: /decided to carry out an (EHC|education, health and care) needs assessment/i,
    },
    { element: 'the 20 weeks within which a plan, if needed, must be issued', test: /20 weeks/i },
    SENDIASS,
  ],
  'decision-not-to-assess': [
    {
      element: 'the decision not to carry out an EHC needs assessment',
      test: /not to carry out an (EHC|education, health and care) needs assessment/i,
    },
    REASONS,
    APPEAL,
    APPEAL_TIME,
    MEDIATION,
    DISAGREEMENT,
    SENDIASS,
  ],
  'decision-not-to-issue': [
    {
      element: 'the decision not to issue an EHC plan',
      test: /not to (issue|secure) an (EHC|education, health and care) plan/i,
    },
    REASONS,
    APPEAL,
    APPEAL_TIME,
    MEDIATION,
    DISAGREEMENT,
    SENDIASS,
  ],
  'draft-plan': [
    {
      element: 'the 15 days, beginning with the day the draft is served, for representations',
      test: /15 days[\s\S]*beginning with the day[\s\S]*representations|representations[\s\S]*15 days[\s\S]*beginning with the day/i,
    },
    {
      element: 'the right to request a particular school or other institution',
      test: /request[\s\S]{0,80}particular school/i,
    },
    { element: 'the right to ask for a meeting with an officer of the council', test: /meeting with an officer/i },
    {
      element: 'where to find information about schools and colleges',
      test: /information about (the )?schools and colleges/i,
    },
    SENDIASS,
  ],
  'final-plan': [
    { element: 'that the final EHC plan is enclosed', test: /final (EHC|education, health and care) plan/i },
    APPEAL,
    APPEAL_TIME,
    MEDIATION,
    DISAGREEMENT,
    SENDIASS,
  ],
};

/** The elements a text lacks, in the order the law lists them (empty: the notice says all it must). */
export const missingContent = (notice: NoticeKind, text: string): string[] =>
  REQUIRED_CONTENT[notice].filter((r) => !r.test.test(text)).map((r) => r.element);

/** The decision each notice tells the family about: a letter is sent only once that decision is on the case. */
export const NOTICE_EVENT: Record<NoticeKind, string> = {
  'decision-to-assess': 'DecidedToAssess',
  'decision-not-to-assess': 'DecidedNotToAssess',
  'decision-not-to-issue': 'DecidedNotToIssue',
  'draft-plan': 'DraftPlanIssued',
  'final-plan': 'FinalPlanIssued',
};
