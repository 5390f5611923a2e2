import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { AuditQueryController } from './audit-query.controller.js';
import { AuditQueryService } from './audit-query.service.js';
import { ClosuresAdminController, ClosuresController } from './closures.controller.js';
import { ClosuresService } from './closures.service.js';
import { UsersAdminController } from './users-admin.controller.js';
import { UserAdminService } from './user-admin.service.js';
import { QueueAdminController } from './queue-admin.controller.js';
import { QueueAdminService } from './queue-admin.service.js';
import { TeamsAdminController } from './teams-admin.controller.js';
import { TeamsAdminService } from './teams-admin.service.js';
import { RetentionController } from './retention/retention.controller.js';
import { RetentionService } from './retention/retention.service.js';

/** The admin's screens (users, teams, audit, closure calendars, background queues) and the read-only closure list for casework. */
@Module({
  imports: [AuthModule],
  controllers: [
    UsersAdminController,
    AuditQueryController,
    ClosuresAdminController,
    ClosuresController,
    QueueAdminController,
    TeamsAdminController,
    RetentionController,
  ],
  providers: [
    UserAdminService,
    AuditQueryService,
    ClosuresService,
    QueueAdminService,
    TeamsAdminService,
    RetentionService,
  ],
  exports: [ClosuresService],
})
export class AdminModule {}
