import { describe, expect, it } from 'vitest';
import {
  clusterPatternProblem,
  kindPatternProblem,
  namespaceNameProblem,
  namespacePatternProblem,
} from './selector-names.js';
import { validateMatchSpec } from './validate-match.js';

describe('kindPatternProblem', () => {
  it.each([
    ['Deployment', null],
    ['CronJob', null],
    ['*Set', null],
    ['Stateful*', null],
    ['*', null],
    // A kind the engine does not read by itself may come from a cluster profile's custom resources.
    ['Rollout', null],
    ['Deploymnet', null],
    ['*set', null],
  ])('%s is allowed', (pattern, expected) => {
    expect(kindPatternProblem(pattern)).toBe(expected);
  });

  it.each([
    ['deployment', 'did you mean "Deployment"?'],
    ['DEPLOYMENT', 'did you mean "Deployment"?'],
    ['cronjob', 'did you mean "CronJob"?'],
    ['deploy*', 'would match "Deployment"'],
    ['stateful*', 'would match "StatefulSet"'],
    ['apps/v1 Deployment', 'cannot be a Kind'],
    ['apps/Deployment', 'cannot be a Kind'],
    ['Deployment.apps', 'cannot be a Kind'],
    ['1Pod', 'cannot be a Kind'],
    ['Pod-', 'cannot be a Kind'],
    [' Pod', 'cannot be a Kind'],
    ['A'.repeat(64), 'cannot be a Kind'],
  ])('%s is refused (%s)', (pattern, fragment) => {
    expect(kindPatternProblem(pattern)).toContain(fragment);
  });

  it('judges against the kinds it is given (a profile can add kinds)', () => {
    expect(kindPatternProblem('rollout', ['Rollout'])).toContain('did you mean "Rollout"?');
    expect(kindPatternProblem('rollout', ['Deployment'])).toBeNull();
  });
});

describe('namespacePatternProblem and namespaceNameProblem', () => {
  it.each(['prod', 'prod-eu-1', 'a', '0', 'prod-*', '*-prod', '*', 'team-*-prod', 'a'.repeat(63)])(
    '%s can match a namespace',
    (pattern) => expect(namespacePatternProblem(pattern)).toBeNull(),
  );

  it.each([
    ['Prod', 'did you mean "prod"?'],
    ['PROD-*', 'did you mean "prod-*"?'],
    ['prod_eu', 'RFC 1123'],
    ['prod.eu', 'RFC 1123'],
    ['-prod', 'RFC 1123'],
    ['prod-', 'RFC 1123'],
    ['*-', 'RFC 1123'],
    ['a'.repeat(64), 'at most 63'],
  ])('%s can match no namespace (%s)', (pattern, fragment) => {
    expect(namespacePatternProblem(pattern)).toContain(fragment);
  });

  it('a namespace name (context, query) is a label without globs', () => {
    expect(namespaceNameProblem('prod')).toBeNull();
    expect(namespaceNameProblem('prod-*')).toContain('is not a namespace name');
    expect(namespaceNameProblem('Prod')).toContain('did you mean "prod"?');
  });
});

describe('clusterPatternProblem', () => {
  it.each(['prod-eu', 'prod.eu-1', 'prod-*', '*'])('%s can name a profile', (p) =>
    expect(clusterPatternProblem(p)).toBeNull(),
  );
  it.each(['Prod-EU', 'prod_eu', '-prod', 'prod-'])('%s can name no profile', (p) =>
    expect(clusterPatternProblem(p)).toContain('can match no cluster profile'),
  );
});

describe('validateMatchSpec refuses selectors that can never match, at their path', () => {
  it.each([
    [{ kinds: ['Deployment', 'deployment'] }, 'match.kinds[1]', 'did you mean "Deployment"?'],
    [{ namespaces: ['prod', 'Prod_EU'] }, 'match.namespaces[1]', 'can match no namespace'],
    [{ clusters: ['Prod'] }, 'match.clusters[0]', 'did you mean "prod"?'],
  ])('%j', (spec, path, fragment) => {
    const r = validateMatchSpec(spec, 'match');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([{ path, message: expect.stringContaining(fragment) }]);
  });

  it('keeps what can match', () => {
    expect(validateMatchSpec({ kinds: ['Deployment', '*Set', 'Rollout'], namespaces: ['prod-*'] }, 'match').ok).toBe(
      true,
    );
  });
});
