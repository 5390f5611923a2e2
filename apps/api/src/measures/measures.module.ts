import { Module } from '@nestjs/common';
import { MeasuresController } from './measures.controller.js';
import { MeasuresService } from './measures.service.js';
import { PlanMeasuresController } from './plan-measures.controller.js';
import { PlanMeasuresService } from './plan-measures.service.js';
import { Sen2Controller } from './sen2.controller.js';
import { Sen2Service } from './sen2.service.js';

@Module({
  controllers: [MeasuresController, PlanMeasuresController, Sen2Controller],
  providers: [MeasuresService, PlanMeasuresService, Sen2Service],
})
export class MeasuresModule {}
