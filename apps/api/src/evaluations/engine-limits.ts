import type { EvaluateOptions } from '#k8s';
import type { RequestLimits } from '../config/app-config.js';

/** The engine's ceilings from the configuration: the same for a live evaluation and for a replayed one. */
export function engineLimits(l: RequestLimits): EvaluateOptions {
  return {
    maxDocuments: l.maxDocuments,
    maxSlots: l.maxSlots,
    maxAliasCount: l.maxYamlAliases,
    maxDepth: l.maxDepth,
    maxStringLength: l.maxStringLength,
    maxParseMs: l.maxParseMs,
  };
}
