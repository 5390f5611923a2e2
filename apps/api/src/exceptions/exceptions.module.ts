import { Module } from '@nestjs/common';
import { ExceptionProposalsController } from './exception-proposals.controller.js';
import { ExceptionProposalsService } from './exception-proposals.service.js';

@Module({ controllers: [ExceptionProposalsController], providers: [ExceptionProposalsService] })
export class ExceptionsModule {}
