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
  /** Where the manifests came from, for titles and names, e.g. "deploy/app.yaml"; default "manifests.yaml". */
  sourceName?: string;
  /**
   * The manifests' path relative to the repository root, for SARIF artifact URIs and JUnit `file`; default
   * `sourceName`. Made relative whatever it is given as (see repositoryPath).
   */
  artifactPath?: string;
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
  artifactPath: string;
  rules: ReportRule[] | null;
  toolVersion: string;
  evaluationId: string | null;
  generatedAt: Date;
  informationUri: string | null;
}

export function resolveOptions(opts: RenderOptions = {}): ResolvedOptions {
  const sourceName = opts.sourceName || 'manifests.yaml';
  return {
    sourceName,
    artifactPath: repositoryPath(opts.artifactPath || sourceName),
    rules: opts.rules ?? null,
    toolVersion: opts.toolVersion || '0.1.0',
    evaluationId: opts.evaluationId ?? null,
    generatedAt: opts.generatedAt ?? new Date(),
    informationUri: opts.informationUri ?? null,
  };
}

/**
 * A path that can only mean "relative to the repository root": GitHub code scanning resolves SARIF artifact
 * URIs against the checkout and drops results whose file is outside it, and an absolute path would also leak
 * the build machine's layout. Backslashes become `/`, `.` and `..` segments are resolved; a path that is
 * still absolute or climbs above its start keeps only its file name.
 */
export function repositoryPath(name: string): string {
  const parts: string[] = [];
  let escapes = false;
  const slashed = name.replace(/\\/g, '/');
  for (const part of slashed.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.pop() === undefined) escapes = true;
      continue;
    }
    parts.push(part);
  }
  const absolute = /^(\/|[A-Za-z]:\/|file:)/i.test(slashed);
  if ((absolute || escapes) && parts.length > 0) return parts[parts.length - 1]!;
  return parts.join('/') || 'manifests.yaml';
}
