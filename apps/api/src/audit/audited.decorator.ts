import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';

export const AUDITED_KEY = 'ehc:audited';

export interface AuditedOptions {
  /**
   * Where the case id comes from. 'auto' (default): the route's `:id` when it is a UUID, else the result's `id`
   * (a created case). 'param': only the route's `:id`. 'result': the result's `caseId` or `id`. 'none': not a case.
   */
  caseId?: 'auto' | 'param' | 'result' | 'none';
  /**
   * The handler writes the audit row itself, in the same statement as its change (it takes the record with
   * @PendingAuditRecord() and sets `written`). If it did not (an idempotent replay that changed nothing), the
   * interceptor writes it as usual, so a successful request is never left unaudited.
   */
  inHandler?: boolean;
}

export interface AuditedMetadata extends Required<AuditedOptions> {
  action: string;
}

/** The audit record of the current request, for a handler marked @Audited(…, { inHandler: true }). */
export interface PendingAudit {
  record: {
    user: { id: string; username: string; role: string } | null;
    action: string;
    caseId: string | null;
    detail: Record<string, unknown>;
    ip: string | null;
  };
  /** Set by the handler once the row is committed with its change. */
  written: boolean;
  /** Set by the handler when the request was an identical retry that changed nothing: its row says so. */
  replay?: boolean;
}

export const PENDING_AUDIT = Symbol('ehc:pending-audit');

/** Injects the request's PendingAudit (undefined unless the handler is @Audited with inHandler). */
export const PendingAuditRecord = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): PendingAudit | undefined =>
    ctx.switchToHttp().getRequest<Record<symbol, PendingAudit | undefined>>()[PENDING_AUDIT],
);

/**
 * Records an audit event after the handler succeeds (the row is written before the response leaves, so no read
 * of a case goes unrecorded). Detail holds the method, the route pattern, the query filters and, for a case
 * write, the event type: never the body itself.
 *
 *   @Get(':id') @Roles('caseworker') @Audited('case.read') get(...)
 */
export const Audited = (action: string, options: AuditedOptions = {}) =>
  SetMetadata<string, AuditedMetadata>(AUDITED_KEY, {
    action,
    caseId: options.caseId ?? 'auto',
    inHandler: options.inHandler ?? false,
  });
