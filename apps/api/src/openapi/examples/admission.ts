// The webhook's answers to ADMISSION_REVIEW, built from the engine result (libs/policy evaluate) by the functions
// AdmissionService composes (admission-scope.ts, introducedFindings, admission-replies.ts). test/openapi.e2e-spec.ts replays the review against the booted app and requires exactly
// these answers.
import { evaluate, introducedFindings, type CompiledRuleSet } from '#policy';
import { mutateReply, validateReply } from '../../admission/admission-replies.js';
import { admissionScope } from '../../admission/admission-scope.js';
import { parseAdmissionReview, type AdmissionReviewReply } from '../../admission/admission-review.js';
import { ADMISSION_RULE_SET, EVALUATION_RULE_SET, STOCK } from './engine.js';
import { ADMISSION_REVIEW } from './inputs.js';

/** A CREATE review judged under `ruleSet` (no cluster profile): what the object's findings introduce. */
function judged(review: unknown, ruleSet: CompiledRuleSet) {
  const { request } = parseAdmissionReview(review);
  if (!admissionScope(request).evaluate || request.operation !== 'CREATE')
    throw new Error('the admission examples are CREATE requests the webhook judges');
  const result = evaluate(request.object, { ...STOCK, ruleSet, context: { namespace: request.namespace } });
  if (result.errors.length > 0) throw new Error(`the admission example has errors: ${JSON.stringify(result.errors)}`);
  return { uid: request.uid, result, introduced: introducedFindings(result, null) };
}

function validated(review: unknown, ruleSet: CompiledRuleSet): AdmissionReviewReply {
  const { uid, result, introduced } = judged(review, ruleSet);
  return validateReply(uid, result, introduced, []); // a CREATE: no finding predates it
}

function mutated(review: unknown, ruleSet: CompiledRuleSet): AdmissionReviewReply {
  const { uid, result, introduced } = judged(review, ruleSet);
  return mutateReply(uid, result, introduced);
}

/** POST /admission/validate with ADMISSION_REVIEW under EVALUATION_RULES. */
export const ADMISSION_DENIED = validated(ADMISSION_REVIEW, EVALUATION_RULE_SET);

/** POST /admission/mutate with ADMISSION_REVIEW under ADMISSION_RULE: `[{"op":"replace",...,"value":"Always"}]`. */
export const ADMISSION_PATCHED = mutated(ADMISSION_REVIEW, ADMISSION_RULE_SET);

/** The review's object with the patch applied: app's imagePullPolicy is Always. */
const ADMISSION_REVIEW_PATCHED = (() => {
  const review = structuredClone(ADMISSION_REVIEW);
  review.request.object.spec.containers[0]!.imagePullPolicy = 'Always';
  return review;
})();

/** POST /admission/mutate with the patched object: nothing left to change, so no patch. */
export const ADMISSION_UNCHANGED = mutated(ADMISSION_REVIEW_PATCHED, ADMISSION_RULE_SET);
