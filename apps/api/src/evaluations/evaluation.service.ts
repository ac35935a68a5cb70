import { Inject, Injectable } from '@nestjs/common';
import { engineLimits } from './engine-limits.js';
import { evaluateManifests, KubeletVersionError } from '#k8s';
import {
  applyRules,
  assembleResult,
  namespaceNameProblem,
  nothingReadDetail,
  type EvaluationResult,
  type SlotResult,
} from '#policy';
import { AppError } from '../common/errors/app-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { EvaluationRecorder } from '../history/evaluation-recorder.js';
import { EvaluationMetrics } from '../observability/evaluation-metrics.js';
import { resolveContext, type PolicySnapshot } from '../snapshot/policy-snapshot.js';
import { PolicySnapshotService } from '../snapshot/policy-snapshot.service.js';
import { evaluateRequestSchema, parseOrThrow, type EvaluateRequest } from './dto/evaluate-request.js';

export interface EffectivePolicyQuery {
  image: string;
  policy?: string;
  namespace?: string;
  cluster?: string;
  kubeletVersion?: string;
}

/** An evaluation as the API returns it: `id` is set when it was recorded. */
export type EvaluationResponse = EvaluationResult & { id: string | null };

export type EffectivePolicyAnswer = Pick<SlotResult, 'image' | 'pullPolicy' | 'node' | 'findings'> & {
  namespace: string;
  assumptions: string[];
};

/** The one place evaluations happen; REST, GraphQL (and later CLI, webhook, chat) call it. */
@Injectable()
export class EvaluationService {
  constructor(
    private readonly snapshot: PolicySnapshotService,
    private readonly recorder: EvaluationRecorder,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: EvaluationMetrics,
  ) {}

  evaluate(raw: unknown, actor: string): Promise<EvaluationResponse> {
    return this.evaluateRequest(parseOrThrow(evaluateRequestSchema, raw, 'request body'), actor);
  }

  /** Evaluates, and stores the evaluation with its findings when `record` is set. */
  async evaluateRequest(req: EvaluateRequest, actor: string): Promise<EvaluationResponse> {
    if (isEmptyInput(req.manifests)) throw noObjects();
    this.checkImageFields(req.manifests);
    const snapshot = this.snapshot.current;
    const versionPath =
      req.context?.kubeletVersion !== undefined ? 'context.kubeletVersion' : req.cluster ? 'cluster' : 'kubeletVersion';
    const result = this.runWith(() => this.run(req, snapshot), versionPath);
    const id = req.record ? await this.recorder.record(req, result, snapshot, actor) : null;
    return { id, ...result };
  }

  /** Reads only the in-memory snapshot: no database query per evaluation. Throws KubeletVersionError. */
  private run(req: EvaluateRequest, snap: PolicySnapshot = this.snapshot.current): EvaluationResult {
    const ctx = resolveContext(snap, req.cluster, req.context);
    if (!ctx) {
      throw AppError.invalid(`cluster profile "${req.cluster}" does not exist`, [
        { path: 'cluster', message: `unknown cluster profile "${req.cluster}"` },
      ]);
    }
    const k8s = evaluateManifests(req.manifests, ctx, engineLimits(this.config.limits));
    if (k8s.summary.documents === 0 && k8s.errors.length === 0) throw noObjects();
    const overLimit = k8s.errors.find((e) => LIMIT_ERROR.test(e.message));
    if (overLimit) {
      throw new AppError('payload-too-large', `The manifests are over a configured limit: ${overLimit.message}.`, [
        {
          document: overLimit.document,
          path: overLimit.path ?? 'manifests',
          line: overLimit.line,
          message: overLimit.message,
        },
      ]);
    }
    const unreadable = nothingReadDetail(k8s);
    if (unreadable) throw new AppError('unreadable-manifests', unreadable, k8s.errors);
    const findings = applyRules(k8s, snap.compiled, {
      cluster: req.cluster ?? null,
      preloadedImages: ctx.preloadedImages ?? [],
      now: new Date(),
    });
    return this.metrics.observe(
      assembleResult(
        k8s,
        findings,
        snap.compiled.rules.map((r) => r.definition),
      ),
    );
  }

  /**
   * Every slot needs an `image` field, so more image fields than PULLWISE_MAX_SLOTS is over the limit whatever
   * the rest says: refused before the (comparatively slow) YAML parse of a multi-megabyte input.
   */
  private checkImageFields(manifests: EvaluateRequest['manifests']): void {
    const max = this.config.limits.maxSlots;
    const count = typeof manifests === 'string' ? countImageKeysInText(manifests, max) : countImageKeys(manifests, max);
    if (count > max) {
      throw new AppError(
        'payload-too-large',
        `The manifests have more than ${max} image fields; the limit is ${max} image slots per request (PULLWISE_MAX_SLOTS).`,
        [{ path: 'manifests', message: `more than ${max} image slots` }],
      );
    }
  }

  /** A kubelet version outside the modelled range is the caller's input problem, named where they gave it. */
  private runWith<T>(fn: () => T, versionPath: string): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof KubeletVersionError)
        throw AppError.invalid(err.message, [{ path: versionPath, message: err.message }]);
      throw err;
    }
  }

  /** One image in one namespace, as a single-container Pod: the chat-ops question. */
  effectivePolicy(q: EffectivePolicyQuery): EffectivePolicyAnswer {
    if (typeof q.image !== 'string' || q.image === '')
      throw AppError.invalid('image is required', [{ path: 'image', message: 'image: Required value' }]);
    const badNamespace = q.namespace ? namespaceNameProblem(q.namespace) : null;
    if (badNamespace)
      throw AppError.invalid(`namespace: ${badNamespace}`, [{ path: 'namespace', message: badNamespace }]);
    const container: Record<string, string> = { name: 'main', image: q.image };
    if (q.policy) container.imagePullPolicy = q.policy;
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'query', namespace: q.namespace || 'default' },
      spec: { containers: [container] },
    };
    const context = q.kubeletVersion ? { kubeletVersion: q.kubeletVersion } : undefined;
    const result = this.runWith(
      () => this.run({ manifests: pod, cluster: q.cluster, context }),
      q.kubeletVersion ? 'kubeletVersion' : 'cluster',
    );
    const policyError = result.errors.find((e) => e.path?.endsWith('imagePullPolicy'));
    if (policyError)
      throw AppError.invalid(policyError.message.replace(/^spec\.containers\[0\]\.imagePullPolicy/, 'policy'), [
        { path: 'policy', message: policyError.message },
      ]);
    const slot = result.workloads[0]!.slots[0]!;
    return {
      image: slot.image,
      pullPolicy: slot.pullPolicy,
      node: slot.node,
      findings: slot.findings,
      namespace: result.workloads[0]!.namespace,
      assumptions: result.assumptions,
    };
  }
}

/** The engine's messages when it stopped at maxDocuments or maxSlots (libs/k8s load-manifests, evaluate-manifests). */
const LIMIT_ERROR = /^(more than \d+ documents|too many image slots|reading the input took longer than)/;

/** Nothing to evaluate: blank text, an empty list, an empty object. */
function isEmptyInput(manifests: EvaluateRequest['manifests']): boolean {
  if (typeof manifests === 'string') return manifests.trim() === '';
  if (Array.isArray(manifests)) return manifests.length === 0;
  return Object.keys(manifests).length === 0;
}

function noObjects(): AppError {
  return AppError.invalid(
    'no Kubernetes objects in the input: send at least one manifest (YAML or JSON text, one object, or a list).',
    [{ path: 'manifests', message: 'no Kubernetes objects in the input' }],
  );
}

/** `image:` keys in YAML or JSON text (block, flow or quoted), counting stops just past `max`. */
function countImageKeysInText(text: string, max: number): number {
  const re = /(?:^|[\s{,[-])["']?image["']?[ \t]*:/g;
  let n = 0;
  while (re.exec(text) !== null) if (++n > max) break;
  return n;
}

/** `image` keys in parsed manifest objects (iterative; the body depth is already bounded). */
function countImageKeys(value: unknown, max: number): number {
  let n = 0;
  const stack: unknown[] = [value];
  while (stack.length && n <= max) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (const item of v) if (item && typeof item === 'object') stack.push(item);
    } else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (k === 'image') n++;
        if (child && typeof child === 'object') stack.push(child);
      }
    }
  }
  return n;
}
