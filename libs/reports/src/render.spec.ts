import { describe, expect, it } from 'vitest';
import { GENERATED_AT, cleanResult, mixedResult } from '../fixtures/results.js';
import {
  REPORT_CONTENT_TYPES,
  REPORT_FORMATS,
  formatFromAccept,
  isReportFormat,
  renderReport,
  type ReportFormat,
} from './index.js';

describe('renderReport', () => {
  it('lists the five formats with their content types', () => {
    expect(REPORT_FORMATS).toEqual(['json', 'sarif', 'junit', 'markdown', 'policyreport']);
    expect(Object.isFrozen(REPORT_FORMATS)).toBe(true);
    expect(REPORT_FORMATS.map((f) => renderReport(cleanResult(), f).contentType)).toEqual([
      'application/json',
      'application/sarif+json',
      'application/xml',
      'text/markdown; charset=utf-8',
      'application/json',
    ]);
    expect(REPORT_CONTENT_TYPES.sarif).toBe('application/sarif+json');
  });

  it('json is the result itself, compact', () => {
    const result = mixedResult();
    const { body } = renderReport(result, 'json');
    expect(JSON.parse(body)).toEqual(result);
    expect(body).not.toContain('\n');
  });

  it.each(REPORT_FORMATS)('%s is deterministic for a given generatedAt', (format) => {
    const opts = { generatedAt: GENERATED_AT, sourceName: 'deploy/app.yaml', evaluationId: 'ev-1' };
    expect(renderReport(mixedResult(), format, opts)).toEqual(renderReport(mixedResult(), format, opts));
  });

  it('applies the defaults: source manifests.yaml, version 0.1.0', () => {
    const sarif = JSON.parse(renderReport(cleanResult(), 'sarif', { generatedAt: GENERATED_AT }).body);
    expect(sarif.runs[0].tool.driver.version).toBe('0.1.0');
    expect(sarif.runs[0].artifacts[0].location.uri).toBe('manifests.yaml');
    expect(renderReport(cleanResult(), 'markdown', { toolVersion: '2.3.4' }).body).toContain('pullwise 2.3.4');
  });

  it('rejects an unknown format at run time', () => {
    expect(() => renderReport(cleanResult(), 'html' as ReportFormat)).toThrow(/unknown report format "html"/);
    expect(isReportFormat('sarif')).toBe(true);
    expect(isReportFormat('html')).toBe(false);
    expect(isReportFormat(undefined)).toBe(false);
  });
});

describe('formatFromAccept', () => {
  it.each<[string | undefined, ReportFormat | null]>([
    [undefined, null],
    ['', null],
    ['text/html', null],
    ['application/json', 'json'],
    ['application/sarif+json', 'sarif'],
    ['Application/SARIF+JSON; charset=utf-8', 'sarif'],
    ['application/xml', 'junit'],
    ['application/junit+xml', 'junit'],
    ['text/xml', 'junit'],
    ['text/markdown', 'markdown'],
    ['*/*', 'json'],
    ['application/*', 'json'],
    ['text/*', 'markdown'],
    ['application/sarif+json, */*;q=0.1', 'sarif'],
    ['application/json, application/sarif+json', 'json'],
    ['application/sarif+json, application/json', 'sarif'],
    ['application/json;q=0.5, text/markdown', 'markdown'],
    ['application/json;q=0, */*', null],
    ['application/xml;q=0.9, */*;q=0.8', 'junit'],
    ['text/html, application/xhtml+xml, application/xml;q=0.9, */*;q=0.8', 'junit'],
    ['text/markdown;q=0', null],
    ['application/sarif+json;q=0.5, application/xml;q=0.5', 'sarif'],
    ['garbage, ,;q=1', null],
  ])('%j -> %j', (accept, format) => {
    expect(formatFromAccept(accept)).toBe(format);
  });
});
