import { Module } from '@nestjs/common';
import { CaseStateCache } from '@ehc/persistence';
import { CasesController } from './cases.controller.js';
import { CasesService } from './cases.service.js';
import { ChildDetailsController } from './child-details.controller.js';
import { PersonsModule } from '../persons/persons.module.js';

@Module({
  imports: [PersonsModule],
  controllers: [CasesController, ChildDetailsController],
  // Folded cases by version, per api process (see CaseStateCache for why it cannot serve a stale case).
  providers: [CasesService, { provide: CaseStateCache, useFactory: () => new CaseStateCache() }],
  exports: [CasesService],
})
export class CasesModule {}
