// Generated maintained plans for the plan measures' benchmark (docs/sen2.md#performance): each case a request, the
// decision to assess, the final plan (its placement), the setting attended from a few days later and up to three
// annual reviews (meeting, then the decision; one in ten amends, the amended plan issued), some with a Year 9 date, a
// phase transfer or a placement ended, one in twelve ended. Deterministic (a seeded generator), every history one the
// plan's rules accept; rows in the shape readCaseRows returns (MeasureEventRow).
const DAY = 86_400_000;
const BASE = Date.UTC(2019, 0, 1);
const iso = (ms) => new Date(ms).toISOString().slice(0, 10);

/** mulberry32: a small seeded generator, so two runs generate the same plans. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The data set's last day, the board's query on it (this year's reviews and transfers, a year's trend) and the census. */
export const PLANS_TODAY = '2025-12-31';
export const PLANS_BOARD_QUERY = {
  on: PLANS_TODAY,
  from: '2025-01-01',
  to: PLANS_TODAY,
  year: 2025,
  trendFrom: '2024-12-01',
  basis: 'attended',
  today: PLANS_TODAY,
};
export const PLANS_CENSUS = { referenceDate: '2025-01-16', la: '937', generatedAt: `${PLANS_TODAY}T12:00:00Z` };

const PLACEMENTS = ['mainstream', 'mainstream', 'mainstream', 'special-state', 'special-independent'];
const SETTINGS = ['mainstream', 'mainstream', 'special-state', 'special-independent', 'post-16-college'];
const TEAMS = ['north', 'south', 'east'];

/**
 * `n` cases, each with a plan, their events dated up to `today` (YYYY-MM-DD). Returns the rows (case_event's shape,
 * with the case's reference and team) and the case ids.
 */
export function generatePlanCases(n, { today = PLANS_TODAY, seed = 42 } = {}) {
  const rnd = random(seed);
  const todayMs = Date.parse(today);
  const rows = [];
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  for (let i = 1; i <= n; i++) {
    const caseId = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const reference = `PLAN-${i}`;
    const teamId = TEAMS[i % 3];
    const events = [];
    const at = (ms, type, data = {}) => {
      if (ms <= todayMs) events.push({ type, date: iso(ms), data });
    };
    // requests received from 2019 to mid-2025, so every plan is issued by the data set's last day
    const d0 = BASE + int(0, 2350) * DAY;
    const year9 = rnd() < 0.3 ? BASE + int(0, 2400) * DAY : undefined;
    at(d0, 'RequestReceived', { source: 'parent', ...(year9 ? { year9From: iso(year9) } : {}) });
    at(d0 + int(20, 42) * DAY, 'DecidedToAssess');
    const issued = d0 + int(100, 200) * DAY;
    at(issued, 'FinalPlanIssued', { placement: PLACEMENTS[i % PLACEMENTS.length] });
    const start = issued + int(0, 20) * DAY;
    const placementType = SETTINGS[int(0, SETTINGS.length - 1)];
    at(start, 'PlacementStarted', {
      placementId: 'p1',
      settingType: placementType,
      inArea: rnd() < 0.85 ? 'yes' : 'no',
    });
    let from = issued;
    const reviews = int(0, 3);
    let last = start;
    for (let k = 1; k <= reviews; k++) {
      const meeting = from + int(300, 380) * DAY;
      const decision = meeting + int(3, 40) * DAY;
      if (decision > todayMs) break;
      at(meeting, 'ReviewMeetingHeld', {
        reviewId: `r${k}`,
        invitedOn: iso(meeting - 14 * DAY),
        ...(year9 !== undefined && meeting >= year9 ? { preparingForAdulthood: 'yes' } : {}),
      });
      const amend = rnd() < 0.1;
      at(decision, 'ReviewDecisionNotified', { reviewId: `r${k}`, decision: amend ? 'amend' : 'keep' });
      last = decision;
      if (amend) {
        at(decision + 7 * DAY, 'AmendmentsProposed', { amendmentId: `a${k}`, following: 'review', reviewId: `r${k}` });
        at(decision + int(30, 80) * DAY, 'PlanAmended', { amendmentId: `a${k}` });
        last = decision + 80 * DAY;
      }
      from = decision;
    }
    if (rnd() < 0.15) {
      const moves = last + int(200, 500) * DAY;
      at(last + 30 * DAY, 'PhaseTransferDue', {
        transferId: 't1',
        transfer: 'primary-to-secondary',
        movesOn: iso(moves),
      });
    }
    if (rnd() < 0.1) at(last + int(1, 60) * DAY, 'PlacementEnded', { placementId: 'p1' });
    if (rnd() < 1 / 12) at(last + int(61, 120) * DAY, 'PlanEnded', { reason: 'died' });
    events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    events.forEach((e, v) =>
      rows.push({
        caseId,
        eventId: `${caseId.slice(0, 24)}${String(i * 16 + v).padStart(12, '0')}`,
        reference,
        teamId,
        version: v + 1,
        type: e.type,
        date: e.date,
        data: e.data,
        recordedAt: new Date(Date.parse(e.date) + 10 * 3600_000).toISOString(),
      }),
    );
  }
  return rows;
}
