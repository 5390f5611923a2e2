import { Module } from '@nestjs/common';
import { QueuesController } from './queues.controller.js';
import { DeadlineQueueService } from './deadline-queue.service.js';

@Module({ controllers: [QueuesController], providers: [DeadlineQueueService], exports: [DeadlineQueueService] })
export class QueuesModule {}
