import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { HttpException } from '@nestjs/common';
import { catchError, concatMap, from, map, throwError, type Observable } from 'rxjs';
import { DomainError } from '../common/domain-error.js';
import { asProblemError } from '../common/persistence-errors.js';
import type { SessionUser } from '../auth/session-user.js';
import { SessionRefused } from '../auth/caller-session.js';
import { AuditService, isUuid } from './audit.service.js';
import { AUDITED_KEY, PENDING_AUDIT, type AuditedMetadata, type PendingAudit } from './audited.decorator.js';

/** Query parameters that may hold free text someone typed (possibly a child's name): recorded as present only. */
const FREE_TEXT_QUERY = new Set(['q', 'search', 'name', 'text']);

type AuditedRequest = FastifyRequest & { user?: SessionUser };

export function auditQueryFilters(query: unknown): Record<string, unknown> | undefined {
  if (!query || typeof query !== 'object') return undefined;
  const entries = Object.entries(query as Record<string, unknown>).filter(([, v]) => v !== undefined && v !== '');
  if (!entries.length) return undefined;
  return Object.fromEntries(entries.map(([k, v]) => [k, FREE_TEXT_QUERY.has(k) ? '[free text]' : v]));
}

function caseIdOf(meta: AuditedMetadata, req: AuditedRequest, result: unknown): string | null {
  const param = (req.params as Record<string, unknown> | undefined)?.id;
  const res = result && typeof result === 'object' ? (result as Record<string, unknown>) : {};
  const fromResult = isUuid(res.caseId) ? res.caseId : isUuid(res.id) ? res.id : null;
  switch (meta.caseId) {
    case 'none':
      return null;
    case 'param':
      return isUuid(param) ? param : null;
    case 'result':
      return fromResult;
    default:
      return isUuid(param) ? param : fromResult;
  }
}

/** Writes the audit event of every handler marked @Audited, after it succeeded and before the response leaves. */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const meta = this.reflector.get<AuditedMetadata | undefined>(AUDITED_KEY, ctx.getHandler());
    if (!meta || ctx.getType() !== 'http') return next.handle();
    const req = ctx.switchToHttp().getRequest<AuditedRequest>();
    const detailOf = (result: unknown) => {
      const body = req.body as { event?: { type?: unknown } } | undefined;
      const version = result && typeof result === 'object' ? (result as { version?: unknown }).version : undefined;
      const detail: Record<string, unknown> = { method: req.method, route: req.routeOptions?.url ?? null };
      const query = auditQueryFilters(req.query);
      if (query) detail.query = query;
      if (typeof body?.event?.type === 'string') detail.eventType = body.event.type;
      if (typeof version === 'number') detail.version = version;
      return detail;
    };
    let pending: PendingAudit | undefined;
    if (meta.inHandler) {
      // The handler writes this record with its change (and adds the version it wrote).
      pending = {
        record: {
          // The guard's user. A data property, not a getter reading req.user later: an object literal's getter is an
          // accessor pair of its own, allocated in the old generation, whose closure kept the whole request (req,
          // reply, headers, body) alive through every young-generation collection until a full one — on every case
          // command (the api's scavenges took 4× aff09fa's: docs/benchmarks.md "Garbage collection"). The one handler
          // that may start on a claimed session (append, CallerSession) builds its row with the user it verified.
          user: req.user ?? null,
          action: meta.action,
          caseId: caseIdOf(meta, req, undefined),
          detail: detailOf(undefined),
          ip: req.ip,
        },
        written: false,
      };
      (req as unknown as Record<symbol, PendingAudit>)[PENDING_AUDIT] = pending;
    }
    let recorded = false;
    return next.handle().pipe(
      concatMap((result) => {
        // A stream (SSE) emits many times: its opening is recorded once.
        if (recorded) return from([result]);
        recorded = true;
        if (pending?.written) return from([result]);
        const detail = pending?.replay ? { ...detailOf(result), replay: true } : detailOf(result);
        return from(
          this.audit.record({
            user: req.user ?? null,
            action: meta.action,
            caseId: caseIdOf(meta, req, result),
            detail,
            ip: req.ip,
          }),
        ).pipe(map(() => result));
      }),
      // A refusal (not found — e.g. another team's case —, a conflict, an invalid request) is recorded too: who tried
      // what on which case. The refusal itself is what the client gets, even if its audit row cannot be written.
      catchError((err: unknown) => {
        const refused = refusalOf(err);
        // The session's own 401/403 (SessionRefused) never reached the action: not a refusal of it.
        if (!refused || recorded || err instanceof SessionRefused) return throwError(() => err);
        recorded = true;
        return from(
          this.audit
            .record({
              // Its own action (case.read-refused …): a case.read row always means the case was read.
              user: req.user ?? null,
              action: `${meta.action}-refused`,
              caseId: caseIdOf(meta, req, undefined),
              detail: { ...detailOf(undefined), ...refused },
              ip: req.ip,
            })
            .catch(() => undefined),
        ).pipe(concatMap(() => throwError(() => err)));
      }),
    );
  }
}

/** The status and code of a refusal (a 4xx); null for anything else. */
export function refusalOf(thrown: unknown): { status: number; code: string } | null {
  const err = asProblemError(thrown);
  const status =
    err instanceof DomainError
      ? err.statusCode
      : err instanceof HttpException
        ? err.getStatus()
        : typeof (err as { statusCode?: unknown })?.statusCode === 'number'
          ? (err as { statusCode: number }).statusCode
          : 500;
  if (status < 400 || status >= 500) return null;
  const body = err instanceof HttpException ? err.getResponse() : null;
  const code =
    err instanceof DomainError
      ? err.code
      : body && typeof body === 'object' && typeof (body as { code?: unknown }).code === 'string'
        ? (body as { code: string }).code
        : String((err as { code?: unknown })?.code ?? status);
  return { status, code };
}
