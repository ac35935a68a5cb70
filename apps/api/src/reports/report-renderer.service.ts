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
import { PolicySnapshotService } from '../snapshot/policy-snapshot.service.js';

/** Picks a rendering from `?format=` or Accept and renders with the rule catalogue of the current snapshot. */
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
   * A result carries the rules it ran (`rules`), which is what the renderers count; only a result recorded
   * before results carried them is rendered with the current snapshot's enabled rules.
   */
  render(result: EvaluationResult & { id?: string | null }, format: ReportFormat, sourceName?: string): RenderedReport {
    const opts = { evaluationId: result.id ?? null, sourceName };
    if (Array.isArray((result as Partial<EvaluationResult>).rules)) return renderReport(result, format, opts);
    const rules = this.snapshot.current.rules
      .filter((r) => r.enabled)
      .map((r) => ({
        id: r.id,
        name: r.name,
        kind: r.kind,
        description: r.description ?? null,
        enforcement: r.enforcement,
        severity: r.severity,
        version: r.version,
      }));
    return renderReport(result, format, { ...opts, rules });
  }
}
