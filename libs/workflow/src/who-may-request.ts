// Who may ask for an EHC needs assessment (CFA 2014 s36(1)), or bring a child to the LA's attention (s24), and who
// then makes the decisions and receives the notices (regs 63-64, Sch 3 for an "alternative person").
//   - a child's parent, for a child (up to the end of compulsory school age);
//   - a young person: over compulsory school age and under 25 (s83(2)) on the date of the request. Compulsory school
//     age ends on the last Friday of June of the school year in which the child turns 16;
//   - a person acting on behalf of a school or post-16 institution (for a child or young person under 25);
//   - anyone else (health, social care, an early-years provider, …) brings the child to the LA's attention (s24):
//     recorded as 'brought-to-attention', and the same 6/16/20-week clocks run from that date.
// A parent may act for a young person only as the young person's agent, or as the "alternative person" where the
// young person lacks capacity (regs 63-64), and is recorded as such (RequestReceived.parentActsAs).
// Pure: the date of birth is a parameter (it lives on the case, never in the event log).
import { addDays, type IsoDate } from './dates.js';
import type { LawProblem } from './errors.js';
import type { BroughtBy, ParentActsAs, RequestSource } from './events.js';

/** The last day of compulsory school age: the last Friday of June of the school year in which the child turns 16. */
export function compulsorySchoolAgeEnds(dateOfBirth: IsoDate): IsoDate {
  const y = Number(dateOfBirth.slice(0, 4));
  // Born 1 September .. 31 December: turns 16 in the autumn of the school year that ends in June of y + 17.
  const juneYear = dateOfBirth.slice(5) >= '09-01' ? y + 17 : y + 16;
  const june30 = `${juneYear}-06-30`;
  const weekday = new Date(`${june30}T00:00:00Z`).getUTCDay(); // 0 Sunday .. 5 Friday (a calendar fact, not a clock)
  return addDays(june30, -((weekday - 5 + 7) % 7));
}

/** The 25th birthday (a 29 February birthday falls on 1 March in a common year). */
export function twentyFifthBirthday(dateOfBirth: IsoDate): IsoDate {
  const y = Number(dateOfBirth.slice(0, 4)) + 25;
  const md = dateOfBirth.slice(5);
  if (md === '02-29' && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) return `${y}-03-01`;
  return `${y}-${md}`;
}

/** s83(2): a young person is over compulsory school age and under 25. */
export function isYoungPerson(dateOfBirth: IsoDate, on: IsoDate): boolean {
  return on > compulsorySchoolAgeEnds(dateOfBirth) && on < twentyFifthBirthday(dateOfBirth);
}

export type DecisionMaker = 'parent' | 'young-person' | 'alternative-person';

/** Who decides and receives the notices on `on`: the parent for a child; the young person, or the alternative person (regs 63-64). */
export function decisionMakerOn(dateOfBirth: IsoDate, on: IsoDate, parentActsAs?: ParentActsAs): DecisionMaker {
  if (!isYoungPerson(dateOfBirth, on)) return 'parent';
  return parentActsAs === 'alternative-person' ? 'alternative-person' : 'young-person';
}

/**
 * s36(1), s24, regs 63-64: may this person ask (or bring the child to attention) on `requestDate`? Returns the
 * problem (naming the field and what the law allows), or undefined. Messages carry no date of birth.
 */
export function requesterProblem(r: {
  source: RequestSource;
  requestDate: IsoDate;
  dateOfBirth: IsoDate;
  parentActsAs?: ParentActsAs;
  broughtBy?: BroughtBy;
}): LawProblem | undefined {
  const { source, requestDate, dateOfBirth, parentActsAs, broughtBy } = r;
  if (broughtBy && source !== 'brought-to-attention') {
    return {
      code: 'INVALID_EVENT',
      field: 'broughtBy',
      message:
        'broughtBy is recorded only for a child brought to the council’s attention (s24(1)); a request made under s36(1) names its maker in source.',
      regulation: 's24(1)',
    };
  }
  if (dateOfBirth > requestDate) {
    return {
      code: 'DATE_ORDER',
      field: 'dateOfBirth',
      message: 'The child cannot be born after the date of the request.',
      regulation: 's36(1)',
    };
  }
  if (requestDate >= twentyFifthBirthday(dateOfBirth)) {
    return {
      code: 'INVALID_EVENT',
      field: 'source',
      message:
        'No request can be made for someone aged 25 or over on the date of the request (s36(1), s83(2): a young person is under 25).',
      regulation: 's83(2)',
    };
  }
  const youngPerson = isYoungPerson(dateOfBirth, requestDate);
  if (source === 'young-person' && !youngPerson) {
    return {
      code: 'INVALID_EVENT',
      field: 'source',
      message:
        "A young person is over compulsory school age (which ends on the last Friday of June of the school year in which they turn 16); before then the child's parent makes the request (s36(1)).",
      regulation: 's36(1)',
    };
  }
  if (source === 'parent' && youngPerson && !parentActsAs) {
    return {
      code: 'INVALID_EVENT',
      field: 'parentActsAs',
      message:
        'Past compulsory school age the young person makes the request (s36(1)); a parent may act for them only as their agent or as the alternative person where they lack capacity (regs 63-64): record parentActsAs (agent, alternative-person), or source young-person.',
      regulation: 'regs 63-64',
    };
  }
  if (parentActsAs && (source !== 'parent' || !youngPerson)) {
    return {
      code: 'INVALID_EVENT',
      field: 'parentActsAs',
      message: 'parentActsAs is recorded only when a parent makes the request for a young person (regs 63-64).',
      regulation: 'regs 63-64',
    };
  }
  return undefined;
}
