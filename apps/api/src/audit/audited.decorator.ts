import { SetMetadata } from '@nestjs/common';

export const AUDITED_KEY = 'ehc:audited';

export interface AuditedOptions {
  /**
   * Where the case id comes from. 'auto' (default): the route's `:id` when it is a UUID, else the result's `id`
   * (a created case). 'param': only the route's `:id`. 'result': the result's `caseId` or `id`. 'none': not a case.
   */
  caseId?: 'auto' | 'param' | 'result' | 'none';
}

export interface AuditedMetadata extends Required<AuditedOptions> { action: string }

/**
 * Records an audit event after the handler succeeds (the row is written before the response leaves, so no read
 * of a case goes unrecorded). Detail holds the method, the route pattern, the query filters and, for a case
 * write, the event type: never the body itself.
 *
 *   @Get(':id') @Roles('caseworker') @Audited('case.read') get(...)
 */
export const Audited = (action: string, options: AuditedOptions = {}) =>
  SetMetadata<string, AuditedMetadata>(AUDITED_KEY, { action, caseId: options.caseId ?? 'auto' });
