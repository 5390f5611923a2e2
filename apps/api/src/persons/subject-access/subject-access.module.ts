import { Module } from '@nestjs/common';
import { CaseworkModule } from '../../casework/casework.module.js';
import { PersonsModule } from '../persons.module.js';
import { SubjectAccessController } from './subject-access.controller.js';
import { SubjectAccessService } from './subject-access.service.js';

/** Subject access exports: the person's record (PersonsModule) and the documents' one read path (CaseworkModule). */
@Module({
  imports: [PersonsModule, CaseworkModule],
  controllers: [SubjectAccessController],
  providers: [SubjectAccessService],
})
export class SubjectAccessModule {}
