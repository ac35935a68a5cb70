import { Module } from '@nestjs/common';
import { ReportsModule } from '../reports/reports.module.js';
import { FleetResolver } from './fleet.resolver.js';
import { EvaluationRecorder } from './evaluation-recorder.js';
import { EvaluationsController } from './evaluations.controller.js';
import { EvaluationResolver } from './evaluations.resolver.js';
import { EvaluationService } from './evaluations.service.js';

@Module({
  imports: [ReportsModule],
  controllers: [EvaluationsController],
  providers: [EvaluationService, EvaluationResolver, FleetResolver, EvaluationRecorder],
  exports: [EvaluationService, EvaluationRecorder],
})
export class EvaluationsModule {}
