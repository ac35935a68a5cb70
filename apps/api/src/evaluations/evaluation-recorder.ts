import { Inject, Injectable } from '@nestjs/common';
import type { Database, Prisma } from '#db';
import { RESULT_SCHEMA_VERSION, slotKey, type EvaluationResult } from '#policy';
import { DATABASE } from '../database/database.service.js';
import type { EvaluateRequest } from './dto/evaluate-request.js';
import type { PolicySnapshot } from '../snapshot/policy-snapshot.js';

/** Stores an evaluation with its findings flattened for dashboard queries. */
@Injectable()
export class EvaluationRecorder {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async record(
    req: EvaluateRequest,
    result: EvaluationResult,
    snapshot: PolicySnapshot,
    actor: string,
  ): Promise<string> {
    const createdAt = new Date();
    const slots = new Map(
      result.workloads.flatMap((w) => w.slots.map((s) => [slotKey(w.document, s.path), { w, s }] as const)),
    );
    const findings: Prisma.FindingCreateManyEvaluationInput[] = result.findings.map((f) => {
      const hit = slots.get(slotKey(f.document, f.slot))!;
      return {
        createdAt,
        ruleId: f.ruleId,
        ruleName: f.rule,
        ruleVersion: f.ruleVersion,
        ruleKind: f.kind,
        enforcement: f.enforcement,
        severity: f.severity,
        waived: f.waived,
        waivedBy: f.waivedBy,
        namespace: f.namespace,
        cluster: req.cluster ?? null,
        workloadKind: hit.w.kind,
        workloadName: hit.w.name,
        slotName: hit.s.name,
        slotType: hit.s.type,
        image: hit.s.image.reference,
        registry: hit.s.image.registry,
        message: f.message,
      };
    });
    const { findings: counts, documents, workloads, slots: slotCount } = result.summary;
    const row = await this.db.prisma.evaluation.create({
      data: {
        createdAt,
        verdict: result.verdict,
        cluster: req.cluster ?? null,
        namespaces: [...new Set(result.workloads.map((w) => w.namespace))].sort(),
        repository: req.source?.repository ?? null,
        commit: req.source?.commit ?? null,
        pipeline: req.source?.pipeline ?? null,
        documents,
        workloads,
        slots: slotCount,
        denyCount: counts.deny,
        warnCount: counts.warn,
        auditCount: counts.audit,
        waivedCount: counts.waived,
        ruleVersions: snapshot.rules
          .filter((r) => r.enabled)
          .map((r) => ({ id: r.id, name: r.name, version: r.version })),
        context: (req.context ?? {}) as Prisma.InputJsonValue,
        manifests: manifestsAsText(req.manifests),
        result: result as unknown as Prisma.InputJsonValue,
        // What the history reader branches on to read this result back (libs/policy result-schema-version.ts).
        resultSchemaVersion: RESULT_SCHEMA_VERSION,
        createdBy: actor,
        findings: { createMany: { data: findings } },
      },
      select: { id: true },
    });
    return row.id;
  }
}

/** Object inputs are kept as a YAML stream of JSON documents, which loads back the same workloads. */
function manifestsAsText(m: EvaluateRequest['manifests']): string {
  if (typeof m === 'string') return m;
  return (Array.isArray(m) ? m : [m]).map((doc) => JSON.stringify(doc, null, 2)).join('\n---\n');
}
