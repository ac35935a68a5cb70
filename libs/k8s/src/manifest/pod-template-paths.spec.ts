import { describe, expect, it } from 'vitest';
import { parseFieldPattern } from './field-pattern.js';
import { podTemplatePathProblems } from './pod-template-paths.js';

const ok = { apiVersion: 'batch.example.com/v1', kind: 'BatchRun', path: 'spec.template.spec' };

describe('podTemplatePathProblems', () => {
  it.each([
    ['spec.template.spec'],
    ['spec.jobs[*].template.spec'],
    ['spec.jobs[].template.spec'],
    ['spec.stages[*].jobs[*].podSpec'],
    ['spec'],
  ])('accepts the path %s', (path) => {
    expect(podTemplatePathProblems({ ...ok, path })).toEqual([]);
  });

  it.each([
    ['', 'must not be empty'],
    ['spec..template', '"" is not a field'],
    ['spec.jobs[0].template.spec', '"jobs[0]" is not a field'],
    ['/spec/template/spec', '"/spec/template/spec" is not a field'],
    ['spec.template.spec.', '"" is not a field'],
    ['spec.*.spec', '"*" is not a field'],
    ['a'.repeat(257), 'must be at most 256 characters'],
    [Array.from({ length: 33 }, () => 'a').join('.'), 'must have at most 32 fields'],
  ])('refuses the path %j', (path, message) => {
    const problems = podTemplatePathProblems({ ...ok, path });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.field).toBe('path');
    expect(problems[0]!.message).toContain(message);
  });

  it.each([
    ['v1', 'must be group/version'],
    ['apps/v1', 'should be a domain with at least one dot'],
    ['Batch.Example.com/v1', 'must be a DNS subdomain'],
    ['batch.example.com/V1', 'must be a DNS-1035 label'],
    ['batch.example.com/', 'must be a DNS-1035 label'],
    ['/v1', 'must be a DNS subdomain'],
  ])('refuses the apiVersion %j', (apiVersion, message) => {
    const problems = podTemplatePathProblems({ ...ok, apiVersion });
    expect(problems.map((p) => p.field)).toEqual(['apiVersion']);
    expect(problems[0]!.message).toContain(message);
  });

  it.each([['batchRun'], ['Batch Run'], [''], ['Batch.Run'], ['B'.repeat(64)]])('refuses the kind %j', (kind) => {
    expect(podTemplatePathProblems({ ...ok, kind }).map((p) => p.field)).toEqual(['kind']);
  });

  it('parses [*] and [] the same way', () => {
    expect(parseFieldPattern('spec.jobs[*].template')).toEqual(parseFieldPattern('spec.jobs[].template'));
    expect(parseFieldPattern('spec.jobs[*].template')).toEqual({
      pattern: [
        { field: 'spec', each: false },
        { field: 'jobs', each: true },
        { field: 'template', each: false },
      ],
    });
  });
});
