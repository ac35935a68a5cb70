import { Module } from '@nestjs/common';
import { ReportRendererService } from './report-renderer.service.js';

/** Renderings of an evaluation result (SARIF, JUnit, Markdown, PolicyReport) for every route that answers one. */
@Module({
  providers: [ReportRendererService],
  exports: [ReportRendererService],
})
export class ReportsModule {}
