import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@ehc/platform';
import { auditEventCte, insertAuditEvent, type Sql } from '@ehc/persistence';
import type { Role } from '@ehc/contracts';
import { ipOrNull } from '../common/client-ip.js';

/** Who did it: a signed-in user, or a known account that failed to sign in. Null when nobody is known. */
export interface AuditActor {
  id: string;
  username: string;
  role: Role | string;
}

export interface AuditRecord {
  user: AuditActor | null;
  /** Dotted verb: case.read, case.write, auth.login, auth.login-failed, admin.user.create … */
  action: string;
  caseId?: string | null;
  /** Ids, event types, query filters. Never a child's name, date of birth, UPN or postcode. */
  detail?: Record<string, unknown>;
  ip?: string | null;
  /** Write inside the caller's transaction (the audit row then commits or rolls back with the change). */
  tx?: Sql;
}

/**
 * Field names that carry a child's personal data. The audit trail must never hold them (docs/architecture.md invariant 9); callers pass
 * ids only, and this list strips anything that slips through, at any depth.
 */
const PERSONAL_FIELDS = new Set([
  'child',
  'givenname',
  'familyname',
  'dateofbirth',
  'dob',
  'upn',
  'postcode',
  'childname',
  'name',
  'password',
]);
const MAX_TEXT = 200;

export function sanitizeAuditDetail(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === 'string') {
    // eslint-disable-next-line no-control-regex -- the NUL is what this removes
    const clean = value.replace(/\u0000/g, ''); // jsonb cannot hold NUL
    return clean.length > MAX_TEXT ? `${clean.slice(0, MAX_TEXT)}…` : clean;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (depth > 4) return '[nested]';
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => sanitizeAuditDetail(v, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>).slice(0, 50)) {
      if (PERSONAL_FIELDS.has(k.toLowerCase())) continue;
      out[k] = sanitizeAuditDetail(v, depth + 1);
    }
    return out;
  }
  return String(value);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);

/**
 * The append-only audit trail: who read or changed what, when, from where. The table refuses UPDATE, DELETE and
 * TRUNCATE (migration AuthAudit), so a record, once written, stays.
 */
@Injectable()
export class AuditService {
  private readonly log = new Logger('AuditService');

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /**
   * The row record() would write, for a handler that writes it in its own statement (a case command: the event and
   * its audit row then commit together, and the request makes one durable commit instead of two).
   */
  row(r: AuditRecord): {
    at: Date;
    userId: string | null;
    username: string | null;
    role: string | null;
    action: string;
    detail: Record<string, unknown>;
    ip: string | null;
  } {
    return {
      at: this.clock.now(),
      userId: r.user?.id ?? null,
      username: r.user?.username ?? null,
      role: r.user?.role ?? null,
      action: r.action,
      detail: sanitizeAuditDetail(r.detail ?? {}) as Record<string, unknown>,
      ip: ipOrNull(r.ip),
    };
  }

  /**
   * The audit row as a common table expression `audited` of the caller's own statement, for a read whose success is
   * that statement's: the read and its audit row then commit together, in one round trip, and a statement that fails
   * writes neither. With `onlyIf` (the name of an earlier CTE), the row is written only when that CTE returned a row
   * (a case read only if the case is visible). Its parameters are numbered from `first`. `addToDetail`, an SQL jsonb
   * expression over that CTE's row, adds what only the statement knows (the version read).
   */
  cte(r: AuditRecord, first: number, onlyIf?: string, addToDetail?: string): { sql: string; params: unknown[] } {
    return auditEventCte({ ...this.row(r), caseId: isUuid(r.caseId) ? r.caseId : null }, first, onlyIf, addToDetail);
  }

  async record(r: AuditRecord): Promise<void> {
    try {
      await insertAuditEvent(r.tx ?? this.ds, { ...this.row(r), caseId: isUuid(r.caseId) ? r.caseId : null });
    } catch (e) {
      // Losing an audit row silently would break docs/architecture.md invariant 9: make it loud, and let the request fail.
      this.log.error(`could not write audit event ${r.action}: ${(e as Error).message}`);
      throw e;
    }
  }
}
