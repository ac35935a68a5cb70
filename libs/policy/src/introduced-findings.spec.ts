import { describe, expect, it } from 'vitest';
import { introducedFindings } from './introduced-findings.js';
import { DIGEST, evaluate, makeRule } from './test-support.js';

const DEPLOYMENT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'prod' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          { name: 'app', image: 'registry.example.com/shop/web:v1.2.3' },
          { name: 'pinned', image: `nginx@${DIGEST}`, imagePullPolicy: 'IfNotPresent' },
          { name: 'ok', image: 'nginx:1.27', imagePullPolicy: 'Always' },
        ],
      },
    },
  },
};

const setAlways = () => makeRule({ name: 'set-always', kind: 'set-pull-policy', enforcement: 'audit' });

describe('introducedFindings: what an update brings', () => {
  const rules = [setAlways(), makeRule({ name: 'no-latest', kind: 'disallowed-tags', params: { tags: ['latest'] } })];
  const before = evaluate(DEPLOYMENT, rules);
  const withContainers = (containers: unknown[]) => ({
    ...DEPLOYMENT,
    spec: {
      ...DEPLOYMENT.spec,
      template: { ...DEPLOYMENT.spec.template, spec: { ...DEPLOYMENT.spec.template.spec, containers } },
    },
  });
  const [app, pinned, ok] = DEPLOYMENT.spec.template.spec.containers;
  const introduced = (after: unknown) =>
    introducedFindings(evaluate(after, rules), before).map((f) => `${f.rule} ${f.slot} ${f.message.split(' ')[0]}`);

  it.each([
    [
      'only metadata and replicas change',
      {
        ...DEPLOYMENT,
        metadata: { ...DEPLOYMENT.metadata, annotations: { 'kubectl.kubernetes.io/restartedAt': 'now' } },
        spec: { ...DEPLOYMENT.spec, replicas: 5 },
      },
      [],
    ],
    [
      'a changed image',
      withContainers([{ ...app, image: 'registry.example.com/shop/web:v1.2.4' }, pinned, ok]),
      ['set-always spec.template.spec.containers[0] registry.example.com/shop/web:v1.2.4'],
    ],
    [
      'a container added in front: the others keep their findings by name',
      withContainers([{ name: 'new', image: 'nginx:latest' }, app, pinned, ok]),
      ['no-latest spec.template.spec.containers[0] nginx:latest'],
    ],
    [
      'a pull policy reverted from Always',
      withContainers([app, pinned, { ...ok, imagePullPolicy: 'IfNotPresent' }]),
      ['set-always spec.template.spec.containers[2] nginx:1.27'],
    ],
  ])('%s', (_name, after, expected) => {
    expect(introduced(after)).toEqual(expected);
  });

  it('without an old object every finding is introduced', () => {
    const current = evaluate(DEPLOYMENT, rules);
    expect(current.findings.map((f) => f.slot)).toEqual([
      'spec.template.spec.containers[0]',
      'spec.template.spec.containers[1]',
    ]);
    expect(introducedFindings(current, null)).toEqual(current.findings);
  });
});
