import { describe, expect, it } from 'vitest';
import { GENERATED_AT, cleanResult, mixedResult } from '../fixtures/results.js';
import {
  REPORT_CONTENT_TYPES,
  REPORT_FORMATS,
  acceptsAnyOf,
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
    ['text/markdown;q=abc', null], // a q that is not a number refuses, as q=0 does
    ['application/xml;q=0.9, */*;q=0.8', 'junit'],
    ['text/html, application/xhtml+xml, application/xml;q=0.9, */*;q=0.8', 'junit'],
    ['text/markdown;q=0', null],
    ['application/sarif+json;q=0.5, application/xml;q=0.5', 'sarif'],
    ['garbage, ,;q=1', null],
  ])('%j -> %j', (accept, format) => {
    expect(formatFromAccept(accept)).toBe(format);
  });
});

describe('acceptsAnyOf', () => {
  const JSON_ONLY = ['application/json', 'application/problem+json'];
  it.each<[string, readonly string[], boolean]>([
    ['application/json', JSON_ONLY, true],
    ['*/*', JSON_ONLY, true],
    ['application/*', JSON_ONLY, true],
    ['text/html', JSON_ONLY, false],
    ['application/json;q=0', JSON_ONLY, false],
    ['application/problem+json', JSON_ONLY, true],
    ['text/*', ['application/json', 'text/markdown'], true],
    ['text/markdown;q=0, */*;q=0', ['application/json', 'text/markdown'], false],
    // Nothing parseable: no preference expressed.
    ['garbage, ,;q=1', JSON_ONLY, true],
    // A `*/json` range is not valid and matches nothing, but the header did state a preference.
    ['*/json', JSON_ONLY, false],
    // Only the first 64 ranges are read.
    [`${Array(64).fill('text/html').join(', ')}, application/json`, JSON_ONLY, false],
  ])('%j for %j: %s', (accept, types, ok) => {
    expect(acceptsAnyOf(accept, types)).toBe(ok);
  });
});
