import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '@ehc/platform';
import type { ClosurePeriodView } from '@ehc/contracts';
import { closurePeriods, deleteClosure, insertClosure, type ClosureRow } from '@ehc/persistence';
import { badRequest, notFound } from '../common/domain-error.js';
import { AuditService } from '../audit/audit.service.js';
import type { SessionUser } from '../auth/session-user.js';
import type { ClosureQueryDto, CreateClosureDto } from './dto/closure.dto.js';

const toView = (r: ClosureRow): ClosurePeriodView => ({
  id: r.id,
  settingId: r.setting_id,
  closedFrom: r.closed_from,
  reopensOn: r.reopens_on,
  description: r.description,
});

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
    return (await closurePeriods(this.ds, q)).map(toView);
  }

  async create(admin: SessionUser, dto: CreateClosureDto, ip: string): Promise<ClosurePeriodView> {
    // Calendar dates written YYYY-MM-DD compare correctly as strings.
    if (!(dto.reopensOn > dto.closedFrom)) {
      throw badRequest('reopensOn must be after closedFrom (it is the first day the setting is open again)', [
        { field: 'reopensOn', message: `must be a date after closedFrom (${dto.closedFrom})` },
      ]);
    }
    return this.ds.transaction(async (tx) => {
      const r = await insertClosure(tx, {
        settingId: dto.settingId ?? null,
        closedFrom: dto.closedFrom,
        reopensOn: dto.reopensOn,
        description: dto.description,
        createdBy: admin.id,
        at: this.clock.now(),
      });
      const view = toView(r);
      await this.audit.record({
        tx,
        user: admin,
        action: 'admin.closure.create',
        detail: {
          closureId: view.id,
          settingId: view.settingId,
          closedFrom: view.closedFrom,
          reopensOn: view.reopensOn,
        },
        ip,
      });
      return view;
    });
  }

  async remove(admin: SessionUser, id: string, ip: string): Promise<void> {
    await this.ds.transaction(async (tx) => {
      const removed = await deleteClosure(tx, id);
      if (!removed) throw notFound('The closure period');
      const v = toView(removed);
      await this.audit.record({
        tx,
        user: admin,
        action: 'admin.closure.delete',
        detail: { closureId: v.id, settingId: v.settingId, closedFrom: v.closedFrom, reopensOn: v.reopensOn },
        ip,
      });
    });
  }
}
