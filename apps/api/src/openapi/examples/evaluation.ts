// What the engine answers for the example evaluation (libs/policy evaluate), and its renderings (libs/reports).
import {
  effectivePolicyAnswer,
  effectivePolicyPod,
  evaluate,
  type EffectivePolicyAnswer,
  type EvaluationResult,
} from '#policy';
import { documentSources } from '#k8s';
import { renderReport } from '#reports';
import { EXAMPLE_NOW, EVALUATION_RULE_SET, PIN_DIGESTS_RULE_SET, STOCK } from './engine.js';
import { EVALUATE_MANIFESTS, EVALUATE_REQUEST, EVALUATION_ID } from './inputs.js';

/** POST /v1/evaluations with EVALUATE_RECORDED_REQUEST under EVALUATION_RULES. */
export const EVALUATION_RESULT: EvaluationResult & { id: string } = {
  id: EVALUATION_ID,
  ...evaluate(EVALUATE_MANIFESTS, { ...STOCK, ruleSet: EVALUATION_RULE_SET }),
};

/** The example evaluation as a recorded-evaluation summary (GET /v1/evaluations). */
export const EVALUATION_RECORD_SUMMARY = {
  id: EVALUATION_ID,
  createdAt: EXAMPLE_NOW.toISOString(),
  verdict: EVALUATION_RESULT.verdict,
  cluster: null,
  namespaces: [...new Set(EVALUATION_RESULT.workloads.map((w) => w.namespace))].sort(),
  source: EVALUATE_REQUEST.source,
  summary: EVALUATION_RESULT.summary,
  // The recorder lists every enabled rule of the snapshot; here those are the rules the evaluation ran.
  ruleVersions: EVALUATION_RESULT.rules.map(({ id, name, version }) => ({ id, name, version })),
  createdBy: 'anonymous',
};

export const RECORDED_EVALUATION = {
  ...EVALUATION_RECORD_SUMMARY,
  result: EVALUATION_RESULT,
  context: {},
  // What HistoryService.documents hands out: the text of each document holding a workload.
  documents: [...documentSources(EVALUATE_MANIFESTS, new Set(EVALUATION_RESULT.workloads.map((w) => w.document)))].map(
    ([document, text]) => ({ document, text }),
  ),
};

/** The example evaluation (not recorded) with ?format=markdown&path=deploy/web.yaml, as the controller renders it. */
export const MARKDOWN_REPORT = rendered('markdown');

/** The example evaluation (not recorded) with ?format=junit&path=deploy/web.yaml. */
export const JUNIT_REPORT = rendered('junit');

function rendered(format: 'markdown' | 'junit'): string {
  const { id: _recorded, ...result } = EVALUATION_RESULT;
  return renderReport(result, format, { evaluationId: null, sourceName: 'deploy/web.yaml', generatedAt: EXAMPLE_NOW })
    .body;
}

/** One image in one namespace, evaluated as EvaluationService.effectivePolicy evaluates it. */
export function effectivePolicyOf(
  image: string,
  namespace: string,
  ruleSet = EVALUATION_RULE_SET,
): EffectivePolicyAnswer {
  return effectivePolicyAnswer(evaluate(effectivePolicyPod(image, namespace), { ...STOCK, ruleSet }));
}

/** GET /v1/effective-policy?image=nginx:1.27&namespace=prod-shop under a pin-digests rule. */
export const EFFECTIVE_POLICY = effectivePolicyOf('nginx:1.27', 'prod-shop', PIN_DIGESTS_RULE_SET);
