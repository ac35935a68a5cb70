import type { ClusterProfile, Prisma, Rule } from '#db';
import {
  clusterEntry,
  exceptionEntry,
  ruleEntry,
  validateClusterInput,
  validateExceptionInput,
  validateRuleInput,
  type BundleEntries,
  type BundleEntry,
} from '#policy';
import { toClusterDefinition } from '../clusters/cluster.mapper.js';
import { EXCEPTION_INCLUDE, toExceptionResponse, type ExceptionRow } from '../exceptions/exception.mapper.js';
import { toRuleDefinition } from '../rules/rule.mapper.js';

/** The stored policy: rows (what an apply writes against) and their canonical entries (what a plan compares). */
export interface StoredPolicy {
  rules: Map<string, Rule>;
  exceptions: Map<string, ExceptionRow>;
  clusters: Map<string, ClusterProfile>;
  entries: BundleEntries;
}

type Reader = Pick<Prisma.TransactionClient, 'rule' | 'ruleException' | 'clusterProfile' | 'policyVersion'>;

/** Fields with a value: a stored null is an absent field in a create body. */
function present(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
}

/**
 * A stored object as its canonical entry, validated as a create body would be so that both sides of a plan are
 * compared in one form. The stored value was validated when written; should a later release judge it otherwise,
 * the entry is its stored fields as they are (a plan then shows the difference rather than failing).
 */
function canonical<V>(
  input: Record<string, unknown>,
  validate: (x: unknown) => { ok: true; value: V } | { ok: false },
  entry: (v: V) => BundleEntry,
): BundleEntry {
  const v = validate(input);
  return v.ok ? entry(v.value) : (input as BundleEntry);
}

function storedRuleEntry(r: Rule): BundleEntry {
  const { id: _id, version: _version, ...content } = toRuleDefinition(r);
  return canonical(present(content), validateRuleInput, ruleEntry);
}

function storedExceptionEntry(e: ExceptionRow): BundleEntry {
  const { name, rules, match, justification, owner, ticket, expiresAt } = toExceptionResponse(e);
  // Judged by shape only: how far ahead a stored "*" waiver may expire was decided when it was written.
  const validate = (x: unknown) => validateExceptionInput(x, { maxWildcardDays: Infinity });
  return canonical(present({ name, rules, match, justification, owner, ticket, expiresAt }), validate, exceptionEntry);
}

function storedClusterEntry(c: ClusterProfile): BundleEntry {
  const { id: _id, version: _version, ...profile } = toClusterDefinition(c);
  return canonical(present(profile), validateClusterInput, clusterEntry);
}

/** Reads the whole stored policy (node inventories are not policy: they stay out). */
export async function readStoredPolicy(db: Reader): Promise<StoredPolicy> {
  const rules = await db.rule.findMany({ orderBy: { name: 'asc' } });
  const exceptions = await db.ruleException.findMany({ orderBy: { name: 'asc' }, include: EXCEPTION_INCLUDE });
  const clusters = await db.clusterProfile.findMany({ orderBy: { name: 'asc' } });
  return {
    rules: new Map(rules.map((r) => [r.name, r])),
    exceptions: new Map(exceptions.map((e) => [e.name, e])),
    clusters: new Map(clusters.map((c) => [c.name, c])),
    entries: {
      rules: rules.map(storedRuleEntry),
      exceptions: exceptions.map(storedExceptionEntry),
      clusters: clusters.map(storedClusterEntry),
    },
  };
}

/** The policy version now (the PolicyVersion row; 0 before the first change). */
export async function readPolicyVersion(db: Pick<Reader, 'policyVersion'>): Promise<number> {
  const row = await db.policyVersion.findUnique({ where: { id: 1 }, select: { version: true } });
  return Number(row?.version ?? 0);
}
