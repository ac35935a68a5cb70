// Every component schema of the document, by name: hand-written (schemas/*.ts) and derived from zod (request
// bodies, rule params, the evaluation result).
import { AdmissionResponse, AdmissionReviewResponse, AdmissionStatus } from './schemas/admission.js';
import { ApiKey, ApiKeyInput, ApiKeyScope, CreatedApiKey, WhoAmI } from './schemas/auth.js';
import { AskRequest, AskResponse, SlackBlock, SlackMessage, SlackSlashCommand } from './schemas/chatops.js';
import {
  ClusterProfile,
  ClusterProfileInput,
  ClusterProfilePatch,
  CredentialVerificationPolicy,
} from './schemas/cluster.js';
import { ClusterNode, ClusterNodeInventorySummary, ClusterNodeList, Node, NodeList } from './schemas/cluster-nodes.js';
import { Liveness, Readiness, pageOf } from './schemas/common.js';
import { evaluationComponents } from './schemas/evaluation.js';
import { Exception, ExceptionInput, ExceptionPatch } from './schemas/exception.js';
import { EvaluationRecordSummary, EvaluationSource, RecordedEvaluation } from './schemas/history.js';
import { ImpactReport, ImpactedEvaluation } from './schemas/impact.js';
import type { JsonSchema } from './schemas/json-schema.js';
import {
  PolicyApplyResult,
  PolicyBundle,
  PolicyBundleException,
  PolicyPlan,
  PolicyPlanChange,
} from './schemas/policy.js';
import { Problem, ProblemLocation } from './schemas/problem.js';
import { PolicyReport, PolicyReportList, ReportFormat, SarifLog } from './schemas/reports.js';
import {
  LabelSelector,
  LabelSelectorRequirement,
  MatchSpec,
  Rule,
  RuleInput,
  RuleKind,
  RuleVersion,
  RuleVersionList,
  rulePatchSchema,
  ruleKindVariantSchemas,
} from './schemas/rule.js';
import { kindHasRequiredParams, zodComponentSchemas } from './zod-schemas.js';

/** All component schemas, sorted by name. */
export function componentSchemas(): Record<string, JsonSchema> {
  const schemas: Record<string, JsonSchema> = {
    ...zodComponentSchemas(),
    // Generated from the result schema; its RuleKind is replaced by rule.ts's below, which describes every kind.
    ...evaluationComponents(),
    ApiKey,
    ApiKeyInput,
    ApiKeyScope,
    ApiKeyList: pageOf('ApiKey', 'in id order'),
    CreatedApiKey,
    WhoAmI,
    Problem,
    ProblemLocation,
    ReportFormat,
    SarifLog,
    PolicyReport,
    PolicyReportList,
    RuleKind,
    RuleInput,
    RulePatch: rulePatchSchema(),
    Rule,
    RuleList: pageOf('Rule', 'ordered by name'),
    RuleVersion,
    RuleVersionList,
    ...ruleKindVariantSchemas(kindHasRequiredParams),
    MatchSpec,
    LabelSelector,
    LabelSelectorRequirement,
    ExceptionInput,
    ExceptionPatch,
    Exception,
    ExceptionList: pageOf('Exception', 'ordered by name'),
    CredentialVerificationPolicy,
    ClusterProfileInput,
    ClusterProfilePatch,
    ClusterProfile,
    ClusterProfileList: pageOf('ClusterProfile', 'ordered by name'),
    Node,
    NodeList,
    ClusterNode,
    ClusterNodeList,
    ClusterNodeInventorySummary,
    EvaluationSource,
    EvaluationRecordSummary,
    EvaluationRecordList: pageOf('EvaluationRecordSummary', 'newest first'),
    RecordedEvaluation,
    ImpactedEvaluation,
    ImpactReport,
    PolicyBundle,
    PolicyBundleException,
    PolicyPlan,
    PolicyPlanChange,
    PolicyApplyResult,
    AskRequest,
    AskResponse,
    SlackSlashCommand,
    SlackMessage,
    SlackBlock,
    Liveness,
    Readiness,
    AdmissionReviewResponse,
    AdmissionResponse,
    AdmissionStatus,
  };
  return Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
