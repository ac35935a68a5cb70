import type { EvaluationError } from '#k8s';
import { slotOf, slotText, type EvaluationResult, type LocatedFinding } from '#policy';

/**
 * Warnings: the API server relays each as an HTTP `Warning` header (k8s.io/api/admission/v1 AdmissionResponse:
 * "Limit warnings to 120 characters if possible. Warnings over 256 characters and large numbers of warnings may
 * be truncated."). k8s.io/apiserver/pkg/endpoints/filters/warning.go keeps 4096 runes in all and, past that,
 * cuts every warning to 256; a warning with a control character is dropped (apimachinery NewWarningHeader).
 * So each warning here is one line of at most 256 characters, at most 20 of them, 4000 characters in all.
 */
export const MAX_WARNINGS = 20;
export const MAX_WARNING_LENGTH = 256;
const MAX_WARNINGS_TOTAL = 4000;
const SUMMARY_LENGTH = 40;

/** The rejection message lists this many findings, each line at most this long. */
const MAX_DENY_LINES = 10;
const MAX_DENY_LINE_LENGTH = 500;

/** One line of printable text, cut at `max` characters with an ellipsis. */
export function oneLine(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  const chars = Array.from(flat);
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('')}…`;
}

/** Bounded warnings: each cut to 256 characters, the list to 20 (the last saying how many were left out). */
export function boundedWarnings(texts: readonly string[]): string[] {
  const out: string[] = [];
  let total = 0;
  for (let i = 0; i < texts.length; i++) {
    const line = oneLine(texts[i]!, MAX_WARNING_LENGTH);
    const left = texts.length - i;
    // Keep room for the closing "N more" line unless this is the last warning.
    const reserve = left > 1 ? 1 : 0;
    const fits =
      out.length + 1 + reserve <= MAX_WARNINGS && total + line.length + reserve * SUMMARY_LENGTH <= MAX_WARNINGS_TOTAL;
    if (!fits) {
      out.push(`pullwise: ${left} more warning${left === 1 ? '' : 's'} not shown`);
      break;
    }
    out.push(line);
    total += line.length;
  }
  return out;
}

/** `[rule] Deployment/web, container "app": message`. */
export function findingLine(result: EvaluationResult, f: LocatedFinding): string {
  const slot = slotOf(result, f);
  return `[${f.rule}] ${f.workload}, ${slot ? slotText(slot) : f.slot}: ${f.message}`;
}

/**
 * The rejection message: which workload, then one line per unwaived deny finding with its fix, in the shape
 * Gatekeeper uses (`[constraint] message`, one per line), at most 10 lines. The API server prefixes it with
 * `admission webhook "<name>" denied the request: `.
 */
export function denyMessage(result: EvaluationResult, denied: readonly LocatedFinding[]): string {
  const workloads = [...new Set(denied.map((f) => f.workload))].join(', ');
  const n = denied.length;
  const lines = denied.slice(0, MAX_DENY_LINES).map((f) => {
    const lapsed = f.expiredWaiver ? ` (exception "${f.expiredWaiver}" has expired)` : '';
    const fix = f.fix ? ` Fix: ${f.fix.description}.` : '';
    return oneLine(`${findingLine(result, f)}${lapsed}.${fix}`, MAX_DENY_LINE_LENGTH);
  });
  if (n > MAX_DENY_LINES) lines.push(`... and ${n - MAX_DENY_LINES} more`);
  return [`pullwise: ${workloads} has ${n} unwaived deny finding${n === 1 ? '' : 's'}:`, ...lines].join('\n');
}

/** `document 0, spec.containers[0].image, line 12: message`, as the CLI and reports name a location. */
function errorLine(e: EvaluationError): string {
  const where = [e.document === null ? 'the stream' : `document ${e.document}`];
  if (e.path) where.push(e.path);
  if (e.line !== null) where.push(`line ${e.line}`);
  return `${where.join(', ')}: ${e.message}`;
}

/**
 * The rejection of an object pullwise cannot judge (input errors): a gate must not admit what it could not check.
 * Same shape and bounds as denyMessage, one line per error.
 */
export function errorDenyMessage(object: string, errors: readonly EvaluationError[]): string {
  const n = errors.length;
  const lines = errors.slice(0, MAX_DENY_LINES).map((e) => oneLine(`[input] ${errorLine(e)}`, MAX_DENY_LINE_LENGTH));
  if (n > MAX_DENY_LINES) lines.push(`... and ${n - MAX_DENY_LINES} more`);
  return [`pullwise: ${object} cannot be judged: ${n} input error${n === 1 ? '' : 's'}:`, ...lines].join('\n');
}
