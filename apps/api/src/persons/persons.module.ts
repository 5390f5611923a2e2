import { Module } from '@nestjs/common';
import { CasePersonController, PersonsController } from './persons.controller.js';
import { PersonsService } from './persons.service.js';
import { SubjectAccessController } from './subject-access/subject-access.controller.js';
import { SubjectAccessService } from './subject-access/subject-access.service.js';

@Module({ controllers: [PersonsController, CasePersonController, SubjectAccessController], providers: [PersonsService, SubjectAccessService], exports: [PersonsService] })
export class PersonsModule {}
