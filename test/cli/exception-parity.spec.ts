// The offline rules file validates exceptions with the service's code: the same table as
// test/exception-integrity.e2e-spec.ts posts to /v1/exceptions, with the same outcome and paths.
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { parseRulesFile } from '../../apps/cli/src/offline.js';
import { CliProblem } from '../../apps/cli/src/problem.js';
import { PARITY_CASES, RULE_NAMES } from '../fixtures/policy/exception-parity-cases.js';

const rules = RULE_NAMES.map((name) => ({ name, kind: 'require-digest', enforcement: 'deny' }));

function problemsOf(exception: Record<string, unknown>): string[] {
  try {
    parseRulesFile(stringify({ rules, exceptions: [exception] }), 'rules.yaml');
    return [];
  } catch (err) {
    if (!(err instanceof CliProblem)) throw err;
    return err.errors.map((e) => String(e.path).replace(/^exceptions\[0\]\./, ''));
  }
}

describe('pullwise check --rules: exceptions as POST /v1/exceptions takes them', () => {
  it.each(PARITY_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(problemsOf(c.exception())).toEqual(c.problems);
  });

  it('a nameless exception gets a stable name and waives', () => {
    const policy = parseRulesFile(
      stringify({ rules, exceptions: [{ rules: ['pin-digests'], justification: 'j', owner: 'o' }] }),
      'rules.yaml',
    );
    expect(policy.exceptions.map((e) => e.name)).toEqual(['exception-0']);
  });
});
