import { Module } from '@nestjs/common';
import { CasePersonController, PersonsController } from './persons.controller.js';
import { PersonsService } from './persons.service.js';

@Module({
  controllers: [PersonsController, CasePersonController],
  providers: [PersonsService],
  exports: [PersonsService],
})
export class PersonsModule {}
