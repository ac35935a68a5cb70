// POST /v1/rules/impact for CREATE_RULE_REQUEST: four recorded evaluations replayed by the functions ImpactService
// uses (impact-report.ts), under the current rules and under the proposal.
import { evaluateManifests } from '#k8s';
import { compileRuleSet } from '#policy';
import { impactReport, replayUnder, type ImpactedEvaluation, type ImpactReport } from '../../impact/impact-report.js';
import { EVALUATION_RULE_DEFINITIONS, STOCK, storedRule } from './engine.js';
import { CREATE_RULE_REQUEST } from './inputs.js';

const deployment = (name: string, namespace: string, containers: Record<string, string>[]) =>
  JSON.stringify({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: { template: { spec: { containers } } },
  });

const source = (repository: string) => ({ repository, commit: 'a1b2c3d', pipeline: 'deploy' });

/** The recorded evaluations, newest first; the rule set had only mutable-tags-pull-always then. */
const RECORDED = [
  {
    // warn (a mutable tag with IfNotPresent), and a `latest` image the new rule denies.
    id: 'e1a4c7d2-3b6f-4e89-a0c5-7d2e9f1b4a63',
    createdAt: '2026-11-02T08:41:12.907Z',
    source: source('github.com/acme/pay'),
    manifests: deployment('pay', 'prod-pay', [
      { name: 'app', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent' },
      { name: 'proxy', image: 'envoyproxy/envoy:latest' },
    ]),
  },
  {
    // pass: `latest` is pulled with Always, which the mutable-tag rule asks for; the new rule denies it.
    id: 'f28b5d13-4c7a-4f9e-b1d6-8e3fa02c5b74',
    createdAt: '2026-11-02T08:39:55.318Z',
    source: source('github.com/acme/api'),
    manifests: deployment('api', 'prod-api', [{ name: 'api', image: 'ghcr.io/acme/api:latest' }]),
  },
  {
    // Outside prod-*: the new rule does not apply.
    id: '4a9c2e71-5d3b-4f08-9e6a-1c7b3d5f2e90',
    createdAt: '2026-11-02T08:22:04.511Z',
    source: source('github.com/acme/blog'),
    manifests: deployment('blog', 'dev-blog', [{ name: 'blog', image: 'ghost:latest' }]),
  },
  {
    // A version tag pulled with Always: nothing for either rule set.
    id: '7b3e5f92-6a1c-4d27-8b0e-2f4a6c8d1e35',
    createdAt: '2026-11-02T08:10:47.026Z',
    source: source('github.com/acme/shop'),
    manifests: deployment('shop', 'prod-shop', [
      { name: 'shop', image: 'ghcr.io/acme/shop:2.4.1', imagePullPolicy: 'Always' },
    ]),
  },
];

const current = compileRuleSet(EVALUATION_RULE_DEFINITIONS.filter((r) => r.name !== CREATE_RULE_REQUEST.name));
// A rule no stored rule is replaced by gets the id `proposed`, version 1 (ImpactService.preview).
const proposed = compileRuleSet([
  ...current.rules.map((r) => r.definition),
  storedRule(CREATE_RULE_REQUEST, 'proposed'),
]);

const replayed = (r: (typeof RECORDED)[number]): ImpactedEvaluation => ({
  id: r.id,
  createdAt: r.createdAt,
  source: r.source,
  cluster: null,
  ...replayUnder(evaluateManifests(r.manifests, STOCK.context), STOCK, current, proposed),
});

/** POST /v1/rules/impact for CREATE_RULE_REQUEST over four recorded evaluations. */
export const IMPACT_REPORT: ImpactReport = impactReport(CREATE_RULE_REQUEST.name, null, RECORDED.map(replayed), []);
