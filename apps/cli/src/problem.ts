// One error type for everything that ends the run with exit 2, shaped like the server's RFC 9457 problems so
// that server errors and local ones (bad rules file, unreadable input) print the same way.

/** The title of the service's `unreadable-manifests` problem, which an offline check raises in the same words. */
export const UNREADABLE_TITLE = 'Unreadable manifests';

export interface ProblemEntry {
  /** The local file the problem is in (a policy bundle's), printed first as `file:line`. */
  file?: string | null;
  document?: number | null;
  path?: string | null;
  line?: number | null;
  message: string;
}

export class CliProblem extends Error {
  /** The input file being checked when it happened, if any. */
  file: string | null = null;

  constructor(
    readonly title: string,
    readonly detail: string,
    readonly errors: ProblemEntry[] = [],
  ) {
    super(`${title}: ${detail}`);
    this.name = 'CliProblem';
  }
}

/** `document 0, spec.containers[0].image, line 12: message`; with a file `policy/rules.yaml:12: rules[3].kind: message`. */
export function describeEntry(e: ProblemEntry): string {
  const hasLine = e.line !== null && e.line !== undefined;
  const where: string[] = [];
  if (e.document !== null && e.document !== undefined) where.push(`document ${e.document}`);
  if (e.path) where.push(e.path);
  if (hasLine && !e.file) where.push(`line ${e.line}`);
  const text = where.length > 0 ? `${where.join(', ')}: ${e.message}` : e.message;
  return e.file ? `${e.file}${hasLine ? `:${e.line}` : ''}: ${text}` : text;
}

/** `pullwise: <title>: <detail>`, then one indented line per entry. */
export function formatProblem(p: CliProblem): string {
  const lines = [`pullwise: ${p.title}: ${p.detail}`];
  for (const e of p.errors) {
    // Servers often repeat the detail as the one entry's message: then only its location adds anything.
    const where = e.message === p.detail ? describeEntry({ ...e, message: '' }).replace(/: $/, '') : null;
    if (where === null) lines.push(`  ${describeEntry(e)}`);
    else if (where !== '') lines.push(`  at ${where}`);
  }
  if (p.file) lines.push(`  (while checking ${p.file})`);
  return `${lines.join('\n')}\n`;
}
