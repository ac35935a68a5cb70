import { Module } from '@nestjs/common';
import { EvaluationRecorder } from '../history/evaluation-recorder.js';
import { ReportRendererService } from '../reports/report-renderer.service.js';
import { EvaluationResolver } from './evaluation.resolver.js';
import { EvaluationService } from './evaluation.service.js';
import { EvaluationsController } from './evaluations.controller.js';

@Module({
  controllers: [EvaluationsController],
  providers: [EvaluationService, EvaluationResolver, EvaluationRecorder, ReportRendererService],
  exports: [EvaluationService, EvaluationRecorder, ReportRendererService],
})
export class EvaluationsModule {}
