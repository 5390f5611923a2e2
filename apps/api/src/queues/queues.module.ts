import { Module } from '@nestjs/common';
import { QueuesController } from './queues.controller.js';
import { DeadlineQueueService } from './deadline-queue.service.js';
import { MyWorkService } from './my-work.service.js';

@Module({
  controllers: [QueuesController],
  providers: [DeadlineQueueService, MyWorkService],
  exports: [DeadlineQueueService],
})
export class QueuesModule {}
