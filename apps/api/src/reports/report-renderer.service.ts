import { Injectable } from '@nestjs/common';
import type { EvaluationResult } from '#policy';
import {
  formatFromAccept,
  isReportFormat,
  REPORT_FORMATS,
  renderReport,
  type ReportFormat,
  type RenderedReport,
} from '#reports';
import { AppError } from '../common/errors/app-error.js';

/** Picks a rendering from `?format=` or Accept and renders a result with the rules it ran. */
@Injectable()
export class ReportRendererService {
  /** `?format=` wins over Accept; JSON when neither asks for something else. */
  negotiate(format: unknown, accept: string | undefined): ReportFormat {
    if (format !== undefined && format !== '') {
      if (typeof format === 'string' && isReportFormat(format)) return format;
      throw AppError.invalid(`format must be one of ${REPORT_FORMATS.join(', ')}`, [
        { path: 'format', message: `must be one of ${REPORT_FORMATS.join(', ')}` },
      ]);
    }
    return formatFromAccept(accept) ?? 'json';
  }

  /**
   * Renders from the result alone: it carries the rules it ran (`rules`, from the snapshot the evaluation
   * used), which is what the renderers count, so a newer policy never mixes into an older evaluation.
   */
  render(result: EvaluationResult & { id?: string | null }, format: ReportFormat, sourceName?: string): RenderedReport {
    return renderReport(result, format, { evaluationId: result.id ?? null, sourceName });
  }

  /**
   * A recorded result, as HistoryService.get reads it: already in the current shape whatever version it was
   * stored in (it branches on the stored result schema version), so it carries the rules it ran.
   */
  renderRecorded(result: EvaluationResult & { id: string }, format: ReportFormat): RenderedReport {
    return this.render(result, format);
  }
}
