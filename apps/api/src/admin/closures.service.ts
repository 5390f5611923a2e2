import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@ehc/platform';
import type { ClosurePeriodView } from '@ehc/contracts';
import { badRequest, notFound } from '../common/domain-error.js';
import { AuditService } from '../audit/audit.service.js';
import type { SessionUser } from '../auth/session-user.js';
import { rowsOf } from '../auth/rows.js';
import type { ClosureQueryDto, CreateClosureDto } from './dto/closure.dto.js';

const COLUMNS = `id, setting_id, to_char(closed_from, 'YYYY-MM-DD') AS closed_from, to_char(reopens_on, 'YYYY-MM-DD') AS reopens_on, description`;
const toView = (r: any): ClosurePeriodView => ({ id: r.id, settingId: r.setting_id, closedFrom: r.closed_from, reopensOn: r.reopens_on, description: r.description });

/**
 * School closure calendars. The deadline engine reads them to propose the school-closure exception
 * (regs 5(4)(a), 10(4)(a): a continuous closure of at least 4 weeks); it never applies one by itself.
 */
@Injectable()
export class ClosuresService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async list(q: ClosureQueryDto = {}): Promise<ClosurePeriodView[]> {
    const params: unknown[] = [];
    const conds: string[] = [];
    if (q.setting) { params.push(q.setting); conds.push(`(setting_id IS NULL OR setting_id = $${params.length})`); }
    if (q.from) { params.push(q.from); conds.push(`reopens_on > $${params.length}::date`); }
    if (q.to) { params.push(q.to); conds.push(`closed_from <= $${params.length}::date`); }
    const rows = await this.ds.query(
      `SELECT ${COLUMNS} FROM school_closure ${conds.length ? `WHERE ${conds.join(' AND ')}` : ''} ORDER BY closed_from, setting_id NULLS FIRST, id`, params);
    return rows.map(toView);
  }

  async create(admin: SessionUser, dto: CreateClosureDto, ip: string): Promise<ClosurePeriodView> {
    // Calendar dates written YYYY-MM-DD compare correctly as strings.
    if (!(dto.reopensOn > dto.closedFrom)) {
      throw badRequest('reopensOn must be after closedFrom (it is the first day the setting is open again)', [
        { field: 'reopensOn', message: `must be a date after closedFrom (${dto.closedFrom})` },
      ]);
    }
    return this.ds.transaction(async (tx) => {
      const [r] = await tx.query(
        `INSERT INTO school_closure (setting_id, closed_from, reopens_on, description, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
        [dto.settingId ?? null, dto.closedFrom, dto.reopensOn, dto.description, admin.id, this.clock.now()]);
      const view = toView(r);
      await this.audit.record({ tx, user: admin, action: 'admin.closure.create', detail: { closureId: view.id, settingId: view.settingId, closedFrom: view.closedFrom, reopensOn: view.reopensOn }, ip });
      return view;
    });
  }

  async remove(admin: SessionUser, id: string, ip: string): Promise<void> {
    await this.ds.transaction(async (tx) => {
      const rows = rowsOf<any>(await tx.query(`DELETE FROM school_closure WHERE id = $1 RETURNING ${COLUMNS}`, [id]));
      if (!rows.length) throw notFound('The closure period');
      const v = toView(rows[0]);
      await this.audit.record({ tx, user: admin, action: 'admin.closure.delete', detail: { closureId: v.id, settingId: v.settingId, closedFrom: v.closedFrom, reopensOn: v.reopensOn }, ip });
    });
  }
}
