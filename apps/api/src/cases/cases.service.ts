import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { randomUUID, randomInt } from 'node:crypto';
import {
  addDays,
  daysBetween,
  inspectCase,
  inspectStateWithDeadlines,
  requesterProblem,
  compulsorySchoolAgeEnds,
  year9StartsOn,
  type AllowedEvent,
  type CaseEvent,
  type CaseView,
  type Deadline,
  type BroughtBy,
  type ParentActsAs,
  type RequestSource,
} from '@ehc/workflow';
import {
  CaseStateCache,
  createCaseWithHistory,
  caseListPage,
  caseTimeline,
  userByUsername,
  executeCachedCommand,
  executeCaseCommand,
  inTransaction,
  loadCase,
  checkHistory,
  CommandRejected,
  EventIdReused,
  type CasePerson,
  type CaseStream,
  type CommandResult,
  type LoadCaseOptions,
  type LoadedCase,
  personAsCaseChild,
  personLinkable,
} from '@ehc/persistence';
import { Clock, type AppConfig } from '@ehc/platform';
import { DEADLINE_LABELS, type CaseDetail, type CaseListItem, type Page, type TimelineEntry } from '@ehc/contracts';
import { APP_CONFIG } from '../database/database.module.js';
import { DomainError, notFound } from '../common/domain-error.js';
import type { SessionUser } from '../auth/session-user.js';
import { CallerSession } from '../auth/caller-session.js';
import { AuditService } from '../audit/audit.service.js';
import type { PendingAudit } from '../audit/audited.decorator.js';
import { caseDetail, rag, stageLabelOf } from './case-view.mapper.js';
import { workflowStatus } from '../common/persistence-errors.js';
import { commandEvent } from './command-event.js';
import { timelineEntries } from './timeline-entries.js';
import { caseOpenedBy, keyedEventId } from './case-create-retry.js';
import type { AppendEventDto, CreateCaseDto, CreateTransferredInCaseDto } from './dto/commands.dto.js';
import type { CaseListQueryDto, CaseSearchDto } from './dto/case-list.query.js';

const REF_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
/** Who may hold a case (CaseworkerAssigned): an active caseworker or team manager of the case's team. */
const ASSIGNABLE_ROLES = ['caseworker', 'team-manager'] as const;

@Injectable()
export class CasesService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(CaseStateCache) private readonly cache: CaseStateCache,
  ) {}

  private ctx(user: SessionUser) {
    return { actor: user.id, today: this.clock.today(), finalPlanDays: this.config.finalPlanDays };
  }

  /**
   * Caseworkers and managers see their own team's cases only; anything else is "not found" (no existence leak).
   * One round trip: the case, its folded statechart (cached by version), and the people named on it.
   */
  private async loadVisible(
    user: SessionUser,
    caseId: string,
    extra: Pick<LoadCaseOptions, 'eventId' | 'username'> = {},
  ): Promise<LoadedCase> {
    const c = await loadCase(this.ds, caseId, {
      cache: this.cache,
      finalPlanDays: this.config.finalPlanDays,
      ...extra,
    });
    if (!c || c.stream.teamId !== user.teamId) throw notFound('The case');
    return c;
  }

  /** A case is assigned only to an active caseworker or manager of its team; a caseworker only to themselves. */
  private checkCaseworker(user: SessionUser, teamId: string, username: string, person: CasePerson | undefined): void {
    if (user.role === 'caseworker' && username !== user.username) {
      throw new DomainError(
        403,
        'FORBIDDEN',
        'A caseworker may assign a case only to themselves; ask your team manager to reassign it',
      );
    }
    if (
      !person ||
      person.teamId !== teamId ||
      !(ASSIGNABLE_ROLES as readonly string[]).includes(person.role) ||
      person.disabled
    ) {
      throw new DomainError(
        422,
        'UNKNOWN_CASEWORKER',
        `caseworker must be an active caseworker or manager of team ${teamId}`,
        {
          errors: [{ field: 'caseworker', message: `no active caseworker of team ${teamId} has that username` }],
        },
      );
    }
  }

  private person(username: string): Promise<CasePerson | undefined> {
    return userByUsername(this.ds, username);
  }

  private newReference(year: string): string {
    let s = '';
    for (let i = 0; i < 6; i++) s += REF_ALPHABET[randomInt(REF_ALPHABET.length)];
    return `EHC-${year}-${s}`;
  }

  /**
   * What opening a case for a child needs, checked: the caller's own team, the caseworker (the caller when a
   * caseworker opens it), and the case's copy of the child (a known child's person record, or the details given) with
   * a date of birth; `what` names the action in the refusal.
   */
  private async opening(
    user: SessionUser,
    dto: { teamId: string; caseworker?: string; personId?: string; child?: object },
    what: string,
  ): Promise<{ caseworker: string | undefined; child: Record<string, unknown>; dateOfBirth: string }> {
    if (dto.teamId !== user.teamId)
      throw new DomainError(403, 'FORBIDDEN', `You can open cases only for your own team (${user.teamId})`);
    const caseworker = dto.caseworker ?? (user.role === 'caseworker' ? user.username : undefined);
    if (caseworker) this.checkCaseworker(user, dto.teamId, caseworker, await this.person(caseworker));
    // A second request for a known child links to the same person; the case's copy of the child is the person's.
    const child: Record<string, unknown> = dto.personId
      ? await this.personChild(dto.personId, dto.teamId)
      : { ...dto.child };
    const dateOfBirth = child['dateOfBirth'];
    if (typeof dateOfBirth !== 'string') {
      throw new DomainError(
        422,
        'PERSON_INCOMPLETE',
        `The child’s record has no date of birth: add it to the record before ${what}`,
        { errors: [{ field: 'personId', message: 'the child’s record needs a date of birth' }] },
      );
    }
    return { caseworker, child, dateOfBirth };
  }

  async create(
    user: SessionUser,
    dto: CreateCaseDto,
    audit?: PendingAudit,
    idempotencyKey?: string,
  ): Promise<CaseDetail> {
    const { caseworker, child, dateOfBirth } = await this.opening(user, dto, 'logging a request');
    // s36(1), s24, s83(2), regs 63-64: who may ask needs the date of birth, which stays on the case (never in an event);
    // the first day of Year 9 (reg 6(1)(g)) is worked out from it and kept on the request.
    const who = requesterProblem({
      source: dto.request.source as RequestSource,
      requestDate: dto.request.date,
      dateOfBirth,
      parentActsAs: dto.request.parentActsAs as ParentActsAs | undefined,
      broughtBy: dto.request.broughtBy as BroughtBy | undefined,
    });
    if (who) {
      const field = who.field === 'dateOfBirth' ? 'child.dateOfBirth' : `request.${who.field}`;
      throw new DomainError(workflowStatus(who.code), who.code, who.message, {
        errors: [{ field, message: who.message }],
      });
    }
    const events: CaseEvent[] = [
      {
        type: 'RequestReceived',
        date: dto.request.date,
        source: dto.request.source,
        year9From: year9StartsOn(dateOfBirth),
        ...(dto.request.parentActsAs ? { parentActsAs: dto.request.parentActsAs } : {}),
        ...(dto.request.broughtBy ? { broughtBy: dto.request.broughtBy } : {}),
      } as CaseEvent,
    ];
    return this.open(user, dto, events, child, caseworker, dto.request.date, audit, idempotencyKey);
  }

  /**
   * reg 15(2)-(3): a plan transferred in from another council opens a case of its own (TransferredPlanReceived), with
   * no request and no assessment: the plan is maintained here from the transfer (docs/plan-life.md#a-plan-transferred-in).
   * The school-calendar dates the plan's rules need (Year 9, over compulsory school age) are worked out from the date
   * of birth, which stays on the case, never in the event.
   */
  async createTransferredIn(
    user: SessionUser,
    dto: CreateTransferredInCaseDto,
    audit?: PendingAudit,
    idempotencyKey?: string,
  ): Promise<CaseDetail> {
    const { caseworker, child, dateOfBirth } = await this.opening(user, dto, 'recording a plan transferred in');
    const t = dto.transfer;
    const events: CaseEvent[] = [
      {
        type: 'TransferredPlanReceived',
        date: t.date,
        fromLa: t.fromLa,
        firstMadeOn: t.firstMadeOn,
        ...(t.lastReviewedOn ? { lastReviewedOn: t.lastReviewedOn } : {}),
        year9From: year9StartsOn(dateOfBirth),
        post16From: addDays(compulsorySchoolAgeEnds(dateOfBirth), 1),
      } as CaseEvent,
    ];
    // Section I of the plan as it came (reg 12): the setting it names from the day of the transfer.
    if (t.named)
      events.push({
        type: 'PlacementNamed',
        date: t.date,
        settingType: t.named.settingType,
        inArea: t.named.inArea,
        ...(t.named.setting ? { setting: t.named.setting } : {}),
      } as CaseEvent);
    return this.open(user, dto, events, child, caseworker, t.date, audit, idempotencyKey);
  }

  /** Opens a case from its first event (a request, or a plan transferred in): one path, one audit row, safe to retry. */
  private async open(
    user: SessionUser,
    dto: { reference?: string; teamId: string; personId?: string; eventId?: string },
    events: CaseEvent[],
    child: Record<string, unknown>,
    caseworker: string | undefined,
    firstDate: string,
    audit?: PendingAudit,
    idempotencyKey?: string,
  ): Promise<CaseDetail> {
    const ctx = this.ctx(user);
    if (caseworker) events.push({ type: 'CaseworkerAssigned', date: ctx.today, caseworker } as CaseEvent);
    const check = checkHistory(events, ctx);
    if (!check.ok) throw new CommandRejected(check.error);
    const id = randomUUID();
    const reference = dto.reference ?? this.newReference(firstDate.slice(0, 4));
    // A retry (same eventId or Idempotency-Key) answers with the case it opened (case-create-retry.ts).
    const firstEventId = dto.eventId ?? (idempotencyKey ? keyedEventId(user.id, idempotencyKey) : randomUUID());
    const replay = async () => {
      const opened = await caseOpenedBy(this.ds, firstEventId, dto.teamId, events[0], child);
      if (opened && audit) audit.replay = true;
      return opened;
    };
    const earlier = await replay();
    if (earlier) return this.detail(user, earlier);
    try {
      await inTransaction(this.ds, async (tx) => {
        // The person must still be there (not merged away) when the case links to it.
        if (dto.personId) {
          if (!(await personLinkable(tx, dto.personId, dto.teamId))) throw unknownPerson();
        }
        await createCaseWithHistory(
          tx,
          {
            id,
            reference,
            teamId: dto.teamId,
            child,
            personId: dto.personId,
            events: events.map((event, i) => ({ eventId: i === 0 ? firstEventId : randomUUID(), event })),
          },
          ctx,
        );
        // The audit row commits with the case: a crash can never leave a case without one.
        if (audit) await this.audit.record({ ...audit.record, caseId: id, tx });
      });
      if (audit) audit.written = true;
    } catch (e) {
      // A concurrent retry with the same id committed first.
      if (e instanceof EventIdReused) {
        const opened = await replay();
        if (opened) return this.detail(user, opened);
      }
      throw e;
    }
    return this.detail(user, id);
  }

  /** The child's details from a person record the team can see (422 when there is none). */
  private async personChild(personId: string, teamId: string): Promise<Record<string, unknown>> {
    const child = await personAsCaseChild(this.ds, personId, teamId);
    if (!child) throw unknownPerson();
    return child;
  }

  /**
   * The case page. With `audit`, the read and its audit row are one statement (written only when the case is visible
   * to the user's team), so no case is read without its row, and a read whose row cannot be written returns nothing.
   */
  async detail(user: SessionUser, caseId: string, audit?: PendingAudit): Promise<CaseDetail> {
    if (!user.teamId) throw notFound('The case');
    const c = await loadCase(this.ds, caseId, {
      cache: this.cache,
      finalPlanDays: this.config.finalPlanDays,
      visibleTo: user.teamId,
      // The page is usually read just before a command: what it finds of the deadline rows lets that command skip them.
      storedDeadlines: true,
      audit:
        audit &&
        ((first, onlyIf, addToDetail) => this.audit.cte({ ...audit.record, caseId }, first, onlyIf, addToDetail)),
    });
    if (!c) throw notFound('The case');
    if (audit) audit.written = true;
    const opts = { today: this.clock.today(), finalPlanDays: this.config.finalPlanDays };
    const { view, allowed, deadlines } = inspectStateWithDeadlines(c.state, opts);
    return this.toDetail(c.stream, view, deadlines, allowed, opts.today, c.people);
  }

  private async toDetail(
    s: CaseStream,
    view: CaseView,
    deadlines: Deadline[],
    allowed: AllowedEvent[],
    today: string,
    people?: Map<string, CasePerson>,
  ): Promise<CaseDetail> {
    let caseworkerName: string | null = null;
    if (view.caseworker) {
      const known = people?.get(view.caseworker);
      caseworkerName = known ? known.displayName : ((await this.person(view.caseworker))?.displayName ?? null);
    }
    return caseDetail({ ...s, caseworkerName }, view, deadlines, allowed, today);
  }

  /**
   * One command. `caller` may be a session not yet verified (a claim, CallerSession): then only the one-statement path
   * below runs on it, and its statement checks the session; every other path verifies the session first.
   */
  async append(
    caller: CallerSession | SessionUser,
    caseId: string,
    dto: AppendEventDto,
    audit?: PendingAudit,
  ): Promise<CaseDetail> {
    const event = commandEvent(dto.event);
    const eventId = dto.eventId ?? randomUUID();
    // The person an event names (an assignment, or a correction of one) must be an active user of the team.
    const assignee =
      event.type === 'CaseworkerAssigned'
        ? event.caseworker
        : event.type === 'EventCorrected' && typeof event.correction['caseworker'] === 'string'
          ? event.correction['caseworker']
          : undefined;
    // The audit row is written by the command's own statement (one commit), with the version it creates.
    const rowOf = (user: SessionUser) =>
      audit &&
      this.audit.row({ ...audit.record, user, detail: { ...audit.record.detail, version: dto.expectedVersion + 1 } });
    const cmd = { caseId, expectedVersion: dto.expectedVersion, eventId, event };

    // Usually the case at the expected version is in the cache (the page was just read, or the last command was
    // this process's): decide on it and let the command statement check the session (when only claimed),
    // visibility and the named caseworker, one round trip in all. Anything it cannot answer goes the full way below,
    // which explains a refusal precisely. The claimed user's id, role and team used here are what the statement checks.
    const session = caller instanceof CallerSession ? caller : null;
    const claimed = session ? session.user : (caller as SessionUser);
    if (claimed.teamId && (assignee === undefined || claimed.role !== 'caseworker' || assignee === claimed.username)) {
      const ctx = this.ctx(claimed);
      const check = session?.check;
      const fast = await executeCachedCommand(this.ds, cmd, ctx, {
        cache: this.cache,
        audit: rowOf(claimed),
        pre: {
          teamId: claimed.teamId,
          user: assignee === undefined ? undefined : { username: assignee, roles: ASSIGNABLE_ROLES },
          caller: check,
        },
      });
      if (fast) {
        if (check) session!.checkedByStatement(fast.session!);
        return this.answer({ ...fast.result, caseworkerName: fast.caseworkerName }, audit, ctx.today);
      }
    }

    // Nothing was written. From here on the session must be verified first (401/403 as the guard's otherwise).
    const user = session ? await session.confirm() : claimed;
    const ctx = this.ctx(user);
    const row = rowOf(user);
    const c = await this.loadVisible(user, caseId, { eventId, username: assignee });
    if (c.stream.personalDataErasedOn) {
      // Its retention period has ended (docs/operations.md#retention-and-erasure): nothing more is recorded on it.
      throw new DomainError(
        409,
        'CASE_ERASED',
        `This case's personal data was erased on ${c.stream.personalDataErasedOn} under the retention policy: nothing more can be recorded on it`,
      );
    }
    if (assignee !== undefined) this.checkCaseworker(user, c.stream.teamId, assignee, c.people.get(assignee));
    const r = await executeCaseCommand(this.ds, cmd, ctx, { loaded: c, cache: this.cache, audit: row });
    return this.answer(r, audit, ctx.today);
  }

  private answer(r: CommandResult, audit: PendingAudit | undefined, today: string): Promise<CaseDetail> {
    if (audit && r.audited) audit.written = true;
    if (audit && r.idempotentReplay) audit.replay = true; // the interceptor's row says it changed nothing
    const allowed =
      r.allowed ?? inspectCase(r.stream.events, { today, finalPlanDays: this.config.finalPlanDays }).allowed;
    // The command statement returned the caseworker's name (an idempotent replay did not: toDetail looks it up).
    const people =
      r.view.caseworker && typeof r.caseworkerName === 'string'
        ? new Map([[r.view.caseworker, { username: r.view.caseworker, displayName: r.caseworkerName } as CasePerson]])
        : undefined;
    return this.toDetail(r.stream, r.view, r.deadlines, allowed, today, people);
  }

  /**
   * The case's events, newest first, in ONE statement: the visibility check (the case belongs to the user's team;
   * otherwise "not found", as everywhere), the events and, with `audit`, the audit row, written only when the case
   * was visible. A case always has its RequestReceived, so no rows means not visible (and nothing was audited).
   */
  async timeline(user: SessionUser, caseId: string, audit?: PendingAudit): Promise<TimelineEntry[]> {
    if (!user.teamId) throw notFound('The case');
    const rows = await caseTimeline(
      this.ds,
      caseId,
      user.teamId,
      audit && ((first, onlyIf) => this.audit.cte(audit.record, first, onlyIf)),
    );
    if (!rows.length) throw notFound('The case');
    if (audit) audit.written = true;
    return timelineEntries(
      rows.map((r) => ({
        eventId: r.event_id,
        version: r.version,
        type: r.type,
        date: r.date,
        recordedAt: new Date(r.recorded_at).toISOString(),
        actor: r.actor,
        actorName: r.display_name ?? (r.actor === 'system' ? 'System' : r.actor === 'import' ? 'Import' : null),
        data: r.data,
      })),
    );
  }

  /**
   * Keyset-paged list from the case_summary projection (caseListPage). With `audit`, the audit row is written by the
   * page's own statement (one round trip, one commit).
   */
  async list(
    user: SessionUser,
    q: CaseListQueryDto & Partial<Pick<CaseSearchDto, 'name' | 'dateOfBirth' | 'upn' | 'reference'>>,
    audit?: PendingAudit,
  ): Promise<Page<CaseListItem>> {
    if (q.team && q.team !== user.teamId)
      throw new DomainError(403, 'FORBIDDEN', 'You can list only your own team’s cases');
    const today = this.clock.today();
    const { rows, nextCursor } = await caseListPage(
      this.ds,
      {
        teamId: user.teamId as string,
        includeClosed: q.includeClosed,
        stage: q.stage,
        caseworker: q.caseworker === 'me' ? user.username : q.caseworker,
        dueBefore: q.overdue ? today : undefined,
        dueBy: q.dueWithinDays !== undefined ? addDays(today, q.dueWithinDays) : undefined,
        referencePrefixes: [q.q, q.reference].filter((x): x is string => !!x),
        // Each word must start the given or the family name (any case, so "wright" finds Wright and "ada wri" finds Ada Wright).
        nameWords: q.name ? q.name.trim().toLowerCase().split(/\s+/).slice(0, 5) : undefined,
        dateOfBirth: q.dateOfBirth,
        upn: q.upn,
        sort: q.sort ?? 'next_due',
        cursor: q.cursor,
        limit: q.limit ?? 50,
      },
      audit && ((first) => this.audit.cte(audit.record, first)),
    );
    if (audit) audit.written = true;
    return {
      items: rows.map((r) => {
        const daysLeft = r.next_due ? daysBetween(today, r.next_due) : null;
        return {
          id: r.case_id,
          reference: r.reference,
          childName: `${r.given} ${r.family}`,
          teamId: r.team_id,
          caseworker: r.caseworker,
          caseworkerName: r.display_name ?? null,
          stage: r.stage,
          // no request received date: a plan transferred in (reg 15)
          stageLabel: stageLabelOf(r.stage, r.received_on === null),
          closed: r.closed,
          receivedOn: r.received_on,
          version: r.version,
          nextDeadline:
            r.next_due && daysLeft !== null && r.next_deadline_kind
              ? {
                  id: r.next_deadline_id!,
                  kind: r.next_deadline_kind,
                  label: DEADLINE_LABELS[r.next_deadline_kind] ?? r.next_deadline_kind,
                  due: r.next_due,
                  daysLeft,
                  rag: rag(daysLeft),
                }
              : null,
        };
      }),
      nextCursor,
    };
  }
}

const unknownPerson = () =>
  new DomainError(422, 'UNKNOWN_PERSON', 'personId must be a person record your team can see', {
    errors: [{ field: 'personId', message: 'no person record your team can see has that id' }],
  });
