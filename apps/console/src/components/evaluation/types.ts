// The parts of POST /v1/evaluations' answer (apps/api/openapi.json, EvaluationResult) the detail view reads.

export type Verdict = 'pass' | 'warn' | 'fail' | 'error';
type PullPolicy = 'Always' | 'IfNotPresent' | 'Never';
type Enforcement = 'deny' | 'warn' | 'audit';
export type NodeAction = 'pull' | 'use-local' | 'fail';

export interface FindingCounts {
  deny: number;
  warn: number;
  audit: number;
  waived: number;
}

export interface EvaluationSummary {
  documents: number;
  workloads: number;
  slots: number;
  findings: FindingCounts;
}

interface KubeletEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export interface NodeOutcome {
  action: NodeAction;
  contactsRegistry: boolean;
  reason: string | null;
  events: KubeletEvent[];
}

export interface NodeBehaviour {
  imageAbsent: NodeOutcome;
  imagePresent: NodeOutcome;
  imagePresentUnverified: NodeOutcome | null;
  notes: string[];
}

interface PullPolicyResolution {
  declared: PullPolicy | null;
  default: PullPolicy;
  effective: PullPolicy;
  admittedBy: string | null;
  reasons: string[];
}

interface SlotImage {
  reference: string;
  registry: string | null;
  repository: string | null;
  tag: string | null;
  digest: string | null;
  error: string | null;
}

interface FleetGroup {
  kubeletVersion: string;
  image: 'present' | 'absent' | 'unknown';
  action: NodeAction | null;
  reason: string | null;
  count: number;
  nodes: string[];
}

export interface Fleet {
  observedAt: string | null;
  eligibleNodes: number;
  ineligibleNodes: number;
  summary: { pull: number; useLocal: number; fail: number; unknown: number };
  groups: FleetGroup[];
  ineligible: { node: string; reason: string }[];
}

export interface JsonPatchOperation {
  op: 'add' | 'replace' | 'remove' | 'test';
  path: string;
  value?: unknown;
}

interface Fix {
  description: string;
  document: number;
  patch: JsonPatchOperation[];
  image: string | null;
}

interface Finding {
  rule: string;
  ruleId: string;
  ruleVersion: number;
  kind: string;
  enforcement: Enforcement;
  severity: string;
  message: string;
  waived: boolean;
  waivedBy: string | null;
  expiredWaiver?: string | null;
  fix: Fix | null;
  fixConflict?: { rule: string; path: string } | null;
}

export interface LocatedFinding extends Finding {
  document: number;
  workload: string;
  slot: string;
  namespace: string;
  line: number;
}

export interface SlotResult {
  name: string;
  type: 'container' | 'initContainer' | 'ephemeralContainer' | 'imageVolume';
  path: string;
  line: number;
  image: SlotImage;
  pullPolicy: PullPolicyResolution;
  node: NodeBehaviour;
  fleet: Fleet | null;
  findings: Finding[];
}

export interface WorkloadResult {
  document: number;
  kind: string;
  name: string;
  namespace: string;
  line: number;
  slots: SlotResult[];
}

interface EvaluationError {
  code?: string;
  document: number | null;
  path: string | null;
  line: number | null;
  message: string;
}

interface SkippedResource {
  document: number;
  apiVersion: string | null;
  kind: string | null;
  name: string | null;
  reason: string;
  imagePaths: string[];
}

interface EvaluatedRule {
  id: string;
  name: string;
  kind: string;
  version: number;
  enforcement: Enforcement;
  severity: string;
  description: string | null;
}

export interface EvaluationResult {
  id: string | null;
  verdict: Verdict;
  summary: EvaluationSummary;
  workloads: WorkloadResult[];
  findings: LocatedFinding[];
  errors: EvaluationError[];
  skipped: SkippedResource[];
  rules: EvaluatedRule[];
  assumptions: string[];
}
