import {
  addDays,
  addMonths,
  lastDayOfMonthsStartingWith,
  earliestCeaseDate,
  SETTING_OF_PLACEMENT,
  type CaseEvent,
  type Placement,
  type SenType,
} from '@ehc/workflow';

/** The random source demo-history.ts gives each case's plan (its own stream, so the assessment's draws never change). */
export interface DemoRandom {
  next(): number;
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
}

/**
 * Years of a maintained plan after its final plan, for demos (docs/plan-life.md): the setting attended, annual
 * reviews (most concluded within 12 months of the previous decision, some late; invitations and advice sometimes under
 * 2 weeks before the meeting; decisions to keep, amend or cease), amendments, a phase transfer when the child moves
 * school or to post-16 (a move into a school sixth form now and then), placement changes, and a few plans ceased or
 * transferred to another council, and section B's special educational needs (demoSenNeeds). Every history is lawful
 * by the plan's rules; nothing is dated after `today`.
 */
export function demoPlanHistory(
  r: DemoRandom,
  o: { finalOn: string; placement: Placement; year9From: string; today: string },
): CaseEvent[] {
  const plan = planEvents(r, o);
  // drawn after the rest of the plan, so adding the needs changed none of the plan's other draws
  return [...plan, ...demoSenNeeds(r, o.finalOn, plan)];
}

/**
 * The primary need of a demo plan, weighted per 100 plans. Illustrative: the order follows England's published
 * figures for EHC plans (autism the most common primary need, then speech, language and communication needs, then
 * social, emotional and mental health), but the weights are rounded for a demo, not copied from a DfE table.
 */
const PRIMARY_NEED_MIX: readonly (readonly [SenType, number])[] = [
  ['ASD', 33],
  ['SLCN', 21],
  ['SEMH', 15],
  ['MLD', 8],
  ['SLD', 6],
  ['SPLD', 4],
  ['PD', 3],
  ['OTH', 3],
  ['PMLD', 2],
  ['HI', 2],
  ['VI', 1],
  ['MSI', 1],
  ['DS', 1],
];

function weighted(r: DemoRandom, mix: readonly (readonly [SenType, number])[]): SenType {
  const total = mix.reduce((n, [, w]) => n + w, 0);
  let x = r.next() * total;
  for (const [need, w] of mix) if ((x -= w) < 0) return need;
  return mix[mix.length - 1]![0];
}

/** A ranked list of needs: a primary need from the mix and, for about half the plans, one to three others. */
function drawNeeds(r: DemoRandom, primary = weighted(r, PRIMARY_NEED_MIX)): Record<string, unknown> {
  const others: SenType[] = [];
  const count = r.chance(0.5) ? r.int(1, 3) : 0;
  while (others.length < count)
    others.push(
      weighted(
        r,
        PRIMARY_NEED_MIX.filter(([need]) => need !== primary && !others.includes(need)),
      ),
    );
  return { primaryNeed: primary, ...(others.length ? { otherNeeds: others } : {}) };
}

/**
 * Section B's needs (reg 12(1)(a), docs/plan-life.md#sen-needs): the list the final plan states, recorded on its day,
 * and now and then a changed list when an amended plan is issued (the same primary need mostly, the others redrawn;
 * once in a while a new primary need). Only on days the plan is still maintained: never on or after its end.
 */
function demoSenNeeds(r: DemoRandom, finalOn: string, plan: readonly CaseEvent[]): CaseEvent[] {
  const end = plan.find((e) => e.type === 'PlanCeased' || e.type === 'TransferredOut')?.date;
  const first = drawNeeds(r);
  const out = [{ type: 'SenNeedsRecorded', date: finalOn, ...first }];
  for (const e of plan)
    if (e.type === 'PlanAmended' && (!end || e.date < end) && r.chance(0.3))
      out.push({
        type: 'SenNeedsRecorded',
        date: e.date,
        ...drawNeeds(r, r.chance(0.1) ? undefined : (first['primaryNeed'] as SenType)),
      });
  return out as unknown as CaseEvent[];
}

/** The plan's years without its needs (see demoPlanHistory). */
function planEvents(
  r: DemoRandom,
  o: { finalOn: string; placement: Placement; year9From: string; today: string },
): CaseEvent[] {
  const ev: Record<string, unknown>[] = [];
  const push = (e: Record<string, unknown>) => {
    if ((e['date'] as string) <= o.today) ev.push(e);
  };
  const settingOf = SETTING_OF_PLACEMENT[o.placement];
  const inArea = () => (r.chance(0.88) ? 'yes' : 'no');
  let placement = 1;
  let attending = `p${placement}`;
  const firstDay = addDays(o.finalOn, r.int(1, 20));
  push({ type: 'PlacementNamed', date: o.finalOn, settingType: settingOf, inArea: inArea() });
  push({ type: 'PlacementStarted', date: firstDay, placementId: attending, settingType: settingOf, inArea: 'yes' });
  let lastStart = firstDay;

  // The next phase transfer: Year 7 (secondary) starts 2 years before Year 9, Year 12 (post-16) 3 years after it.
  const year7 = addMonths(o.year9From, -24);
  const year12 = addMonths(o.year9From, 36);
  const transfer =
    year7 > addDays(o.finalOn, 200)
      ? {
          transfer: 'primary-to-secondary',
          movesOn: year7,
          next: r.pick(['mainstream', 'mainstream', 'special-state', 'resourced-provision'] as const),
        }
      : year12 > addDays(o.finalOn, 200)
        ? r.chance(0.3)
          ? { transfer: 'secondary-to-school-sixth-form', movesOn: year12, next: settingOf }
          : {
              transfer: 'secondary-to-post-16-institution',
              movesOn: year12,
              next: r.pick(['post-16-college', 'post-16-college', 'post-16-independent-specialist'] as const),
            }
        : undefined;
  // recorded in the September a year before the move
  const transferRecorded = transfer ? addMonths(transfer.movesOn, -12) : undefined;
  let transferPending = !!transfer && transferRecorded! >= o.finalOn;
  if (transfer && transferPending)
    push({
      type: 'PhaseTransferDue',
      date: transferRecorded,
      transferId: 't1',
      transfer: transfer.transfer,
      movesOn: transfer.movesOn,
    });

  let anchor = o.finalOn;
  for (let n = 1; n <= 20; n++) {
    const due = lastDayOfMonthsStartingWith(anchor, 12);
    const late = r.chance(0.2);
    const meeting = late ? addDays(due, r.int(-20, 40)) : addDays(due, -r.int(30, 75));
    if (meeting > o.today || meeting <= anchor) break;
    const invitedOn = addDays(meeting, -(r.chance(0.85) ? r.int(14, 35) : r.int(5, 13)));
    const advice = r.chance(0.9) ? addDays(meeting, -(r.chance(0.8) ? r.int(14, 21) : r.int(3, 13))) : undefined;
    const reviewId = `r${n}`;
    push({
      type: 'ReviewMeetingHeld',
      date: meeting,
      reviewId,
      invitedOn,
      ...(advice ? { adviceCirculatedOn: advice } : {}),
      ...(meeting >= o.year9From ? { preparingForAdulthood: r.chance(0.9) ? 'yes' : 'no' } : {}),
    });
    push({ type: 'ReviewReportSent', date: addDays(meeting, r.chance(0.85) ? r.int(3, 14) : r.int(15, 30)), reviewId });
    const decisionOn = addDays(meeting, r.chance(0.8) ? r.int(7, 28) : r.int(29, 60));
    // the review before the move names the next setting (reg 18): it amends, with the transfer in its proposals
    const namesTransfer = transferPending && decisionOn >= transferRecorded! && decisionOn < transfer!.movesOn;
    const decision = namesTransfer ? 'amend' : r.chance(0.03) && n > 1 ? 'cease' : r.chance(0.28) ? 'amend' : 'keep';
    if (decisionOn > o.today) break;
    push({ type: 'ReviewDecisionNotified', date: decisionOn, reviewId, decision });
    if (decision === 'amend') {
      const proposed = addDays(decisionOn, r.chance(0.85) ? 0 : r.int(1, 20));
      push({
        type: 'AmendmentsProposed',
        date: proposed,
        amendmentId: `a${n}`,
        following: 'review',
        reviewId,
        ...(namesTransfer ? { transferId: 't1' } : {}),
      });
      const issued = addDays(proposed, r.chance(0.75) ? r.int(15, 56) : r.int(57, 90));
      push({ type: 'PlanAmended', date: issued, amendmentId: `a${n}` });
      if (namesTransfer) {
        transferPending = false;
        push({ type: 'PlacementNamed', date: issued, settingType: transfer!.next, inArea: inArea() });
      }
    }
    if (decision === 'cease') {
      const decided = addDays(decisionOn, r.int(14, 35));
      push({ type: 'CeasingConsidered', date: decisionOn });
      const reason = r.pick([
        'needs-met-without-plan',
        'paid-employment',
        'higher-education',
        'moved-outside-england',
      ] as const);
      push({ type: 'CeaseDecided', date: decided, reason });
      const ceasedOn = addDays(earliestCeaseDate(decided), r.int(0, 20));
      push({ type: 'PlanCeased', date: ceasedOn, reason });
      return done(ceasedOn <= o.today ? ceasedOn : undefined);
    }
    anchor = decisionOn;
    // A few families move to another council (reg 15): the plan transfers and ends here.
    if (r.chance(0.04)) {
      const aware = addDays(decisionOn, r.int(20, 120));
      const movesOn = addDays(aware, r.int(10, 50));
      push({ type: 'MoveNotified', date: aware, movesOn, toLa: r.pick(['937', '938', '886']) });
      push({ type: 'TransferredOut', date: movesOn, toLa: '937' });
      if (movesOn <= o.today) return done(movesOn);
      break;
    }
  }
  return done();

  /** The settings attended: the move at the phase transfer, and now and then a change of school. */
  function done(endedOn?: string): CaseEvent[] {
    const until = endedOn ?? o.today;
    if (
      transfer &&
      transfer.movesOn > lastStart &&
      transfer.movesOn <= until &&
      transfer.movesOn > addDays(o.finalOn, 60)
    ) {
      push({ type: 'PlacementEnded', date: addDays(transfer.movesOn, -r.int(35, 45)), placementId: attending });
      attending = `p${++placement}`;
      push({
        type: 'PlacementStarted',
        date: transfer.movesOn,
        placementId: attending,
        settingType: transfer.next,
        inArea: 'yes',
      });
      lastStart = transfer.movesOn;
    } else if (r.chance(0.15)) {
      const change = addDays(lastStart, r.int(200, 500));
      if (change < until) {
        push({ type: 'PlacementEnded', date: addDays(change, -1), placementId: attending });
        attending = `p${++placement}`;
        push({
          type: 'PlacementStarted',
          date: change,
          placementId: attending,
          settingType: r.pick([
            'mainstream',
            'resourced-provision',
            'special-state',
            'special-independent',
            'other',
          ] as const),
          inArea: inArea(),
        });
      }
    }
    // the plan's end comes last: nothing is recorded on a plan that has ended (a phase transfer recorded before the
    // reviews were drawn may fall after a cease; a placement drawn after the end on its day is left out too)
    const endAt = endedOn ? ev.findIndex((e) => e['type'] === 'PlanCeased' || e['type'] === 'TransferredOut') : -1;
    return ev.filter(
      (e, i) => !endedOn || (e['date'] as string) < endedOn || (e['date'] === endedOn && i <= endAt),
    ) as unknown as CaseEvent[];
  }
}
