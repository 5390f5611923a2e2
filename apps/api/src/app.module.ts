import { Module, type DynamicModule } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AppConfig, Clock } from '@ehc/platform';
import { CoreModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AuthModule } from './auth/auth.module.js';
import { AdminModule } from './admin/admin.module.js';
import { CasesModule } from './cases/cases.module.js';
import { ImportsModule } from './imports/imports.module.js';
import { MeasuresModule } from './measures/measures.module.js';
import { AlertsModule } from './alerts/alerts.module.js';
import { QueuesModule } from './queues/queues.module.js';
import { ExceptionsModule } from './exceptions/exceptions.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { PersonsModule } from './persons/persons.module.js';
import { CaseworkModule } from './casework/casework.module.js';
import { SubjectAccessModule } from './persons/subject-access/subject-access.module.js';
import { DocumentStoreModule } from './casework/document-store.module.js';

/** The api's modules, one per capability. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, clock: Clock, dataSource?: DataSource): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, clock, dataSource),
        DocumentStoreModule,
        MetricsModule,
        AuditModule,
        AuthModule,
        AdminModule,
        HealthModule,
        CasesModule,
        ImportsModule,
        MeasuresModule,
        AlertsModule,
        QueuesModule,
        ExceptionsModule,
        PersonsModule,
        CaseworkModule,
        SubjectAccessModule,
      ],
    };
  }
}
