// One evaluation result rendered in the formats CI tools and clusters already read: JSON, SARIF 2.1.0,
// JUnit XML, Markdown (pull-request comments) and wgpolicyk8s.io/v1alpha2 PolicyReport. Pure functions.
export type { ReportFormat, ReportRule, RenderOptions, RenderedReport } from './types.js';
export {
  REPORT_CONTENT_TYPES,
  REPORT_FORMATS,
  REPORT_MEDIA_TYPES,
  acceptsAnyOf,
  formatFromAccept,
  isReportFormat,
  parseAccept,
  preferredMediaType,
  renderReport,
  type MediaRange,
} from './render.js';
