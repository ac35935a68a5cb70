// An exception as the API answers it (openapi.json `Exception`, `MatchSpec`), the fields the console reads.

export interface LabelSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[] | null;
}

export interface LabelSelector {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: LabelSelectorRequirement[] | null;
}

export type SlotType = 'container' | 'initContainer' | 'ephemeralContainer' | 'imageVolume';

/** Where it applies; an absent or null field matches everything. */
export interface MatchSpec {
  clusters?: string[] | null;
  namespaces?: string[] | null;
  kinds?: string[] | null;
  labels?: LabelSelector | null;
  images?: string[] | null;
  slots?: SlotType[] | null;
}

export interface Exception {
  id: string;
  name: string;
  /** Rule names, or `*` for every rule. */
  rules: string[];
  match: MatchSpec | null;
  justification: string;
  owner: string;
  ticket: string | null;
  expiresAt: string | null;
  expired: boolean;
  version: number;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  updatedBy: string | null;
}

/** What POST /v1/exceptions takes (`ExceptionInput`). */
export interface ExceptionInput {
  name?: string;
  rules: string[];
  match?: MatchSpec | null;
  justification: string;
  owner: string;
  ticket?: string | null;
  expiresAt?: string | null;
}
