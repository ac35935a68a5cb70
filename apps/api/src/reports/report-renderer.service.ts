import { Injectable } from '@nestjs/common';
import { evaluatedRule, type EvaluationResult } from '#policy';
import {
  formatFromAccept,
  isReportFormat,
  REPORT_FORMATS,
  renderReport,
  type ReportFormat,
  type RenderedReport,
} from '#reports';
import { AppError } from '../common/errors/app-error.js';
import { PolicySnapshotService } from '../snapshot/policy-snapshot.service.js';

/** Picks a rendering from `?format=` or Accept and renders a result with the rules it ran. */
@Injectable()
export class ReportRendererService {
  constructor(private readonly snapshot: PolicySnapshotService) {}

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
   * A recorded result. One recorded before results carried `rules` is rendered with the current snapshot's
   * enabled rules, the only catalogue left for it.
   */
  renderRecorded(result: EvaluationResult & { id: string }, format: ReportFormat): RenderedReport {
    if (Array.isArray((result as Partial<EvaluationResult>).rules)) return this.render(result, format);
    const rules = this.snapshot.current.rules.filter((r) => r.enabled).map(evaluatedRule);
    return renderReport(result, format, { evaluationId: result.id, rules });
  }
}
