import { Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { importCases, ndjsonLines } from '@ehc/persistence';
import { Clock, type AppConfig } from '@ehc/platform';
import type { ImportSummary } from '@ehc/contracts';
import { APP_CONFIG } from '../database/database.module.js';
import { CurrentUser, Roles } from '../auth/roles.decorator.js';
import type { SessionUser } from '../auth/session-user.js';
import { Audited } from '../audit/audited.decorator.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainError } from '../common/domain-error.js';
import { MetricsService } from '../metrics/metrics.service.js';

@ApiTags('imports')
@Controller('imports')
@Roles('team-manager')
export class ImportsController {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MetricsService) private readonly metricsService: MetricsService,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  /**
   * NDJSON, one case per line (docs/events.md). The body is streamed line by line, so a council's
   * whole history fits without holding it in memory. Cases go to the manager's own team.
   */
  @Post()
  @HttpCode(200)
  @ApiConsumes('application/x-ndjson')
  @ApiOperation({
    summary:
      'Import case histories (NDJSON); each line replayed through the statechart; returns {accepted, unchanged, rejected}',
  })
  @Audited('case.import')
  async import(@CurrentUser() user: SessionUser, @Req() req: FastifyRequest): Promise<ImportSummary> {
    const actor = { id: user.id, username: user.username, role: user.role };
    const body = req.body as Readable | undefined;
    if (!body || typeof (body as Readable).pipe !== 'function') {
      throw new DomainError(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'Send the import as Content-Type: application/x-ndjson, one case per line',
      );
    }
    const lines = ndjsonLines(body); // linear time, one line at most MAX_IMPORT_LINE_BYTES
    const { importLines, importsInProgress } = this.metricsService.metrics;
    const seen = { accepted: 0, unchanged: 0, rejected: 0 };
    const count = (p: { accepted: number; unchanged: number; rejected: number }) => {
      for (const k of ['accepted', 'unchanged', 'rejected'] as const) {
        importLines.inc({ outcome: k }, p[k] - seen[k]);
        seen[k] = p[k];
      }
    };
    importsInProgress.inc();
    try {
      const summary = await importCases(this.ds, lines, {
        actor: user.id,
        today: this.clock.today(),
        finalPlanDays: this.config.finalPlanDays,
        defaultTeam: user.teamId!,
        restrictToTeam: user.teamId,
        onProgress: count,
        // Only what this manager could record through the events API; each stored case audited, its row written by
        // the statement that stores the case.
        asUser: {
          audit: (caseId) =>
            this.audit.row({
              user: actor,
              action: 'case.import',
              caseId,
              detail: { method: 'POST', route: '/api/imports' },
              ip: req.ip,
            }),
        },
      });
      count({
        accepted: summary.accepted,
        unchanged: summary.unchanged,
        rejected: summary.rejectedTotal ?? summary.rejected.length,
      });
      return summary;
    } finally {
      importsInProgress.dec();
    }
  }
}
