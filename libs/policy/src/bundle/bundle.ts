// The policy bundle: the whole policy (rules, exceptions, cluster profiles without node inventories) as one
// document for git. Its entries are the API's create bodies in canonical form (bundle-entries.ts).
export const BUNDLE_API_VERSION = 'pullwise.io/v1';
export const BUNDLE_KIND = 'PolicyBundle';

/** The lists of a bundle, in the order they are written and planned. */
export const BUNDLE_LISTS = ['rules', 'exceptions', 'clusters'] as const;
export type BundleList = (typeof BUNDLE_LISTS)[number];

/** What each list holds, as a plan names it. */
export const BUNDLE_TYPES = ['rule', 'exception', 'cluster'] as const;
export type BundleType = (typeof BUNDLE_TYPES)[number];

export const TYPE_OF_LIST: Record<BundleList, BundleType> = {
  rules: 'rule',
  exceptions: 'exception',
  clusters: 'cluster',
};

export const PLAN_ACTIONS = ['create', 'update', 'delete', 'unchanged'] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];

/** One entry of a list: a JSON object with a name (the key). */
export type BundleEntry = { name: string } & Record<string, unknown>;

export interface BundleEntries {
  rules: BundleEntry[];
  exceptions: BundleEntry[];
  clusters: BundleEntry[];
}

export interface PolicyBundle extends BundleEntries {
  apiVersion: typeof BUNDLE_API_VERSION;
  kind: typeof BUNDLE_KIND;
  metadata: { policyVersion?: number };
}
