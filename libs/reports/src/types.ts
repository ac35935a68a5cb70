export type ReportFormat = 'json' | 'sarif' | 'junit' | 'markdown' | 'policyreport';

/** One rule of the catalogue an evaluation ran with (all evaluated rules, with or without findings). */
export interface ReportRule {
  id: string;
  name: string;
  kind: string;
  description?: string | null;
  enforcement: string;
  severity: string;
  version: number;
}

export interface RenderOptions {
  /** Where the manifests came from, for SARIF artifact URIs and titles, e.g. "deploy/app.yaml"; default "manifests.yaml". */
  sourceName?: string;
  /** The rule catalogue (all rules that were evaluated, even those without findings), for SARIF tool.driver.rules and JUnit test cases. */
  rules?: ReportRule[];
  /** Default '0.1.0'. */
  toolVersion?: string;
  evaluationId?: string | null;
  /** Time stamp written into the renderings; default now (pass one for deterministic output). */
  generatedAt?: Date;
  /** SARIF `tool.driver.informationUri` (an absolute URI); omitted when not given. */
  informationUri?: string;
}

export interface RenderedReport {
  contentType: string;
  body: string;
}

/** RenderOptions with the defaults applied. */
export interface ResolvedOptions {
  sourceName: string;
  rules: ReportRule[] | null;
  toolVersion: string;
  evaluationId: string | null;
  generatedAt: Date;
  informationUri: string | null;
}

export function resolveOptions(opts: RenderOptions = {}): ResolvedOptions {
  return {
    sourceName: opts.sourceName || 'manifests.yaml',
    rules: opts.rules ?? null,
    toolVersion: opts.toolVersion || '0.1.0',
    evaluationId: opts.evaluationId ?? null,
    generatedAt: opts.generatedAt ?? new Date(),
    informationUri: opts.informationUri ?? null,
  };
}
