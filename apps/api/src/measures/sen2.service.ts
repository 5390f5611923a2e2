import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  buildSen2Return,
  checkSen2Return,
  collectionYear,
  computeTimeliness,
  sen2Xml,
  timelinessFromSen2Return,
  type Sen2Return,
  type Sen2ReturnFailure,
  type TimelinessFigure,
} from '@ehc/measures';
import { Clock, type AppConfig } from '@ehc/platform';
import { APP_CONFIG } from '../database/database.module.js';
import { DomainError } from '../common/domain-error.js';
import type { SessionUser } from '../auth/session-user.js';
import { measureSnapshot, readCaseRows, sen2People } from '@ehc/persistence';
import type { Sen2ReturnDto } from './sen2.query.js';

export interface Sen2Summary {
  header: Sen2Return['header'];
  /** A team manager's return holds their own team's cases only. */
  team: string | null;
  counts: {
    persons: number;
    requests: number;
    assessments: number;
    namedPlans: number;
    /** Of the named plans, those transferred in from another council (reg 15): no request or assessment here. */
    transfersIn: number;
    activePlans: number;
    placements: number;
  };
  failures: Sen2ReturnFailure[];
  errors: number;
  queries: number;
  /** The 20-week figures for the collection year read back from the return, beside the board's for the same events. */
  twentyWeeks: {
    from: string;
    to: string;
    fromReturn: { includingExceptions: TimelinessFigure; excludingExceptions: TimelinessFigure };
    board: { includingExceptions: TimelinessFigure; excludingExceptions: TimelinessFigure };
  };
}

/** The SEN2 person-level return built from case_event and the person record (docs/sen2.md). */
@Injectable()
export class Sen2Service {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async build(user: SessionUser, q: Sen2ReturnDto) {
    if (q.referenceDate > this.clock.today()) {
      throw new DomainError(400, 'INVALID_REQUEST', 'the census date cannot be in the future', {
        errors: [{ field: 'referenceDate', message: 'the census date cannot be after today' }],
      });
    }
    const team = user.role === 'team-manager' ? (user.teamId ?? undefined) : undefined;
    const { rows, people } = await measureSnapshot(this.ds, async (run) => ({
      rows: await readCaseRows(run, { team }),
      // a merged person's cases go under the person they were merged into
      people: await sen2People(run, team),
    }));
    const persons = new Map(people.map(({ caseId, ...p }) => [caseId, p]));
    const ret = buildSen2Return(rows, persons, {
      referenceDate: q.referenceDate,
      la: q.la,
      generatedAt: new Date(this.clock.now()).toISOString(),
    });
    return { ret, rows, team };
  }

  async summary(user: SessionUser, q: Sen2ReturnDto): Promise<Sen2Summary> {
    const { ret, rows, team } = await this.build(user, q);
    const failures = checkSen2Return(ret);
    const requests = ret.persons.flatMap((p) => p.requests);
    const { from, to } = collectionYear(q.referenceDate);
    const board = computeTimeliness(rows, {
      from,
      to,
      today: this.clock.today(),
      boundaryDays: this.config.finalPlanDays,
    });
    return {
      header: ret.header,
      team: team ?? null,
      counts: {
        persons: ret.persons.length,
        requests: requests.length,
        assessments: requests.filter((r) => r.assessment).length,
        namedPlans: requests.filter((r) => r.assessment?.namedPlan || r.namedPlan).length,
        transfersIn: requests.filter((r) => r.namedPlan).length,
        activePlans: requests.filter((r) => r.activePlan).length,
        placements: requests.reduce((n, r) => n + (r.activePlan?.placementDetail.length ?? 0), 0),
      },
      failures,
      errors: failures.filter((f) => f.severity === 'error').length,
      queries: failures.filter((f) => f.severity === 'query').length,
      twentyWeeks: {
        from,
        to,
        fromReturn: timelinessFromSen2Return(ret, { from, to, boundaryDays: this.config.finalPlanDays }),
        board: { includingExceptions: board.includingExceptions, excludingExceptions: board.excludingExceptions },
      },
    };
  }

  /** The XML file; refused (422, with the failures) while any check fails with an error. */
  async xml(user: SessionUser, q: Sen2ReturnDto): Promise<string> {
    const { ret } = await this.build(user, q);
    const failures = checkSen2Return(ret).filter((f) => f.severity === 'error');
    if (failures.length) {
      throw new DomainError(
        422,
        'SEN2_CHECKS_FAILED',
        `The return has ${failures.length} error${failures.length === 1 ? '' : 's'} to correct before it can be exported`,
        {
          errors: failures
            .slice(0, 200)
            .map((f) => ({ field: `${f.reference} ${f.module}.${f.field}`, message: f.rule })),
        },
      );
    }
    return sen2Xml(ret);
  }
}
