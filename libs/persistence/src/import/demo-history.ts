import { addDays, daysBetween, isYoungPerson, year9StartsOn, type CaseEvent } from '@ehc/workflow';
import { demoPlanHistory } from './demo-plan-history.js';

/**
 * A realistic, reproducible multi-year history for demos and benchmarks, in the import format.
 * Shaped on the published figures (docs/law.md#published-figures): about 46% of plans within 20 weeks
 * (England 2024: 45.9%), about a quarter of requests refused, a few withdrawals, exceptions, mediations
 * and reversals, and educational-psychology advice as the usual late contributor.
 * Names are invented from short lists; no real child is described.
 */
export interface DemoOptions {
  from: string; // first request date
  today: string; // nothing is dated after this; later steps are left for the open cases
  requestsPerMonth: number;
  teams: { id: string; caseworkers: string[] }[];
  seed?: number;
  withinShare?: number; // share of plans issued within 20 weeks; default 0.46
  referencePrefix?: string;
}

export interface DemoLine {
  reference: string;
  team: string;
  child: { givenName: string; familyName: string; dateOfBirth: string; school?: string };
  events: CaseEvent[];
}

const GIVEN = [
  'Ada',
  'Ben',
  'Chloe',
  'Dev',
  'Ella',
  'Finn',
  'Grace',
  'Harry',
  'Isla',
  'Jack',
  'Kai',
  'Layla',
  'Max',
  'Nia',
  'Oscar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sam',
  'Tara',
  'Umar',
  'Vera',
  'Will',
  'Yusuf',
  'Zara',
];
const FAMILY = [
  'Smith',
  'Jones',
  'Patel',
  'Khan',
  'Williams',
  'Brown',
  'Taylor',
  'Davies',
  'Evans',
  'Wilson',
  'Thomas',
  'Roberts',
  'Ali',
  'Walker',
  'Wright',
  'Hughes',
  'Green',
  'Hall',
  'Lewis',
  'Clarke',
];
const SCHOOLS = [
  'Riverside Primary',
  'Oakfield Academy',
  'St Mary’s CE Primary',
  'Castle High School',
  'Meadow Infant School',
  'Northgate College',
];
const SOURCES = ['parent', 'parent', 'parent', 'school', 'school', 'young-person', 'brought-to-attention'] as const;
const PLACEMENTS = [
  'mainstream',
  'mainstream',
  'mainstream',
  'resourced-provision',
  'special-state',
  'special-state',
  'special-independent',
  'early-years',
  'further-education',
] as const;

/** mulberry32: a tiny seeded PRNG, so the same options always give the same history. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
  };
}

export function* demoHistory(o: DemoOptions): Generator<DemoLine> {
  const r = prng(o.seed ?? 20240108);
  const within = o.withinShare ?? 0.46;
  const prefix = o.referencePrefix ?? 'DEMO';
  const totalDays = daysBetween(o.from, o.today);
  const count = Math.round((totalDays / 30.44) * o.requestsPerMonth);
  const seq: Record<string, number> = {};
  const days: number[] = [];
  for (let i = 0; i < count; i++) days.push(r.int(0, totalDays - 1));
  days.sort((a, b) => a - b);

  for (const offset of days) {
    const d0 = addDays(o.from, offset);
    const year = d0.slice(0, 4);
    seq[year] = (seq[year] ?? 0) + 1;
    const team = r.pick(o.teams);
    const age = r.int(2, 17);
    const child = {
      givenName: r.pick(GIVEN),
      familyName: r.pick(FAMILY),
      dateOfBirth: addDays(d0, -(age * 365 + r.int(0, 364))),
      ...(r.chance(0.8) ? { school: r.pick(SCHOOLS) } : {}),
    };
    const ev: CaseEvent[] = [];
    const push = (e: Record<string, unknown>) => ev.push(e as unknown as CaseEvent);
    // s36(1): a young person asks for themselves, a parent for a child (the same draw as before, made lawful).
    const drawn = r.pick(SOURCES);
    const youngPerson = isYoungPerson(child.dateOfBirth, d0);
    const source =
      drawn === 'young-person' && !youngPerson ? 'parent' : drawn === 'parent' && youngPerson ? 'young-person' : drawn;
    const year9From = year9StartsOn(child.dateOfBirth);
    push({ type: 'RequestReceived', date: d0, source, year9From });
    push({ type: 'CaseworkerAssigned', date: d0, caseworker: r.pick(team.caseworkers) });

    const fate = r.next();
    const decisionDay = r.chance(0.8) ? r.int(20, 42) : r.int(43, 70); // ~80% decided within 6 weeks
    if (fate < 0.02) {
      push({
        type: 'RequestWithdrawn',
        date: addDays(d0, r.int(5, decisionDay - 1)),
        reason: 'Family withdrew the request',
      });
    } else if (fate < 0.03) {
      push({ type: 'MovedOutOfArea', date: addDays(d0, r.int(5, decisionDay - 1)) });
    } else if (fate < 0.25) {
      const refused = addDays(d0, decisionDay);
      push({
        type: 'DecidedNotToAssess',
        date: refused,
        reasons: 'Needs can be met from resources ordinarily available',
      });
      if (r.chance(0.2)) {
        // Mediation, then the LA reverses its refusal: the clock keeps the original request date (R (W) v Herts).
        const mediation = addDays(refused, r.int(14, 50));
        // the meeting within 30 days of the request for mediation (regs 35-40): SEN2 counts the mediation from then
        push({
          type: 'MediationStarted',
          date: mediation,
          against: 'refusal-to-assess',
          meetingHeldOn: addDays(mediation, 20),
        });
        const reversed = addDays(refused, r.int(55, 90));
        push({ type: 'DecidedToAssess', date: reversed });
        assessAndIssue(ev, r, d0, daysBetween(d0, reversed), 200 + r.int(0, 120), team, o.today, year9From);
      }
    } else {
      push({ type: 'DecidedToAssess', date: addDays(d0, decisionDay) });
      const onTime = r.chance(within);
      const finalDay = onTime
        ? r.int(Math.max(decisionDay + 60, 105), 140)
        : r.chance(0.88)
          ? r.int(141, 364)
          : r.int(365, 480);
      assessAndIssue(ev, r, d0, decisionDay, finalDay, team, o.today, year9From);
      if (!onTime && r.chance(0.07) && ev.some((e) => e.type === 'DecidedToIssue')) {
        // An exception recorded for a late plan: the family's circumstances during the 20 weeks (reg 13(3), 10(4)(c)).
        const from = addDays(d0, r.int(decisionDay + 1, 120));
        ev.push({
          type: 'ExceptionRecorded',
          date: addDays(from, 3),
          exceptionId: 'x1',
          kind: 'exceptional-personal-circumstances',
          from,
          to: addDays(from, r.int(20, 60)),
          appliesTo: ['final-plan'],
          evidence: 'Family bereavement; parent asked to pause contact',
          familyInformedOn: addDays(from, 3),
        } as unknown as CaseEvent);
      }
    }
    // After the final plan, years of the maintained plan, from a random stream of the case's own (so adding the plan
    // changed none of the assessment's draws).
    const final = ev.find((e) => e.type === 'FinalPlanIssued');
    if (final?.type === 'FinalPlanIssued' && final.date <= o.today) {
      ev.push(
        ...demoPlanHistory(prng(((o.seed ?? 20240108) ^ Math.imul(offset + 1, 0x9e3779b1) ^ seq[year]!) >>> 0), {
          finalOn: final.date,
          placement: final.placement,
          year9From,
          today: o.today,
        }),
      );
    }
    // Keep only what has happened by today, in date order (events of one day keep their logical order).
    const kept = ev
      .map((e, i) => ({ e, i }))
      .filter(({ e }) => e.date <= o.today)
      .sort((a, b) => (a.e.date < b.e.date ? -1 : a.e.date > b.e.date ? 1 : a.i - b.i))
      .map(({ e }) => e);
    yield { reference: `${prefix}-${year}-${String(seq[year]).padStart(5, '0')}`, team: team.id, child, events: kept };
  }
}

function assessAndIssue(
  ev: CaseEvent[],
  r: ReturnType<typeof prng>,
  d0: string,
  decisionDay: number,
  finalDay: number,
  team: { caseworkers: string[] },
  today: string,
  year9From: string,
) {
  const push = (e: Record<string, unknown>) => ev.push(e as unknown as CaseEvent);
  const draftDay = finalDay - r.int(15, 28);
  const issueDay = Math.max(decisionDay + 20, draftDay - r.int(3, 12));
  const providers = ['education', 'health', 'psychology', 'social-care', 'parent'];
  for (const p of providers) {
    const asked = decisionDay + r.int(1, 5);
    const late = p === 'psychology' ? 0.55 : p === 'health' ? 0.3 : 0.15;
    let back = asked + (r.chance(late) ? r.int(43, 90) : r.int(14, 42));
    back = Math.min(back, issueDay - 1);
    if (back <= asked) back = asked + 1;
    const id = p === 'psychology' ? 'ep' : p;
    push({ type: 'AdviceRequested', date: addDays(d0, asked), adviceId: id, provider: p });
    push({ type: 'AdviceReceived', date: addDays(d0, back), adviceId: id });
  }
  // reg 6(1)(g): from Year 9, advice on preparing for adulthood (no random draw, so the rest of the demo is unchanged)
  if (addDays(d0, issueDay) >= year9From) {
    push({
      type: 'AdviceRequested',
      date: addDays(d0, decisionDay + 1),
      adviceId: 'pfa',
      provider: 'preparation-for-adulthood',
    });
    push({
      type: 'AdviceReceived',
      date: addDays(d0, Math.max(decisionDay + 2, Math.min(decisionDay + 35, issueDay - 1))),
      adviceId: 'pfa',
    });
  }
  if (r.chance(0.05)) {
    push({ type: 'DecidedNotToIssue', date: addDays(d0, issueDay), reasons: 'Needs can be met without a plan' });
    return;
  }
  push({ type: 'DecidedToIssue', date: addDays(d0, issueDay) });
  push({ type: 'DraftPlanIssued', date: addDays(d0, Math.max(draftDay, issueDay)) });
  const served = Math.max(draftDay, issueDay);
  const final = Math.max(finalDay, served + 15);
  if (r.chance(0.35)) {
    push({ type: 'SettingRequested', date: addDays(d0, served + r.int(1, 6)), setting: 'Castle High School' });
    push({
      type: 'SettingConsulted',
      date: addDays(d0, served + r.int(7, 9)),
      consultationId: 'c1',
      setting: 'Castle High School',
    });
    push({
      type: 'SettingResponded',
      date: addDays(d0, Math.min(final, served + r.int(10, 14))),
      consultationId: 'c1',
      outcome: r.chance(0.8) ? 'can-meet-needs' : 'cannot-meet-needs',
    });
  }
  push({ type: 'FinalPlanIssued', date: addDays(d0, final), placement: r.pick(PLACEMENTS) });
  if (r.chance(0.04))
    push({ type: 'MediationStarted', date: addDays(d0, final + r.int(10, 50)), against: 'plan-content' });
  void team;
  void today;
}
