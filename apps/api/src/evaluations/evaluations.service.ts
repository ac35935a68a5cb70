import { Inject, Injectable } from '@nestjs/common';
import { engineLimits } from './engine-limits.js';
import { refusalFor } from './engine-errors.js';
import { imageFieldLimitError, KubeletVersionError, unsupportedPullPolicy } from '#k8s';
import {
  effectivePolicyAnswer,
  effectivePolicyPod,
  evaluate,
  namespaceNameProblem,
  nothingReadDetail,
  type EffectivePolicyAnswer,
  type EvaluationResult,
} from '#policy';
import { AppError } from '../common/errors/app-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { EvaluationRecorder } from './evaluation-recorder.js';
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
    const snapshot = this.snapshot.current;
    const result = judged(this.evaluateWith(req, snapshot));
    const id = req.record ? await this.recorder.record(req, result, snapshot, actor) : null;
    return { id, ...result };
  }

  /**
   * One evaluation with one snapshot (the #policy pipeline), read only from memory: no database query. What the
   * engine's error codes call a refusal (engine-errors.ts), an unknown cluster profile and an unusable kubelet
   * version (named at `versionPath`) are thrown as problems; an input of which nothing could be read comes back
   * with `unreadable` set, for the caller to answer (REST and GraphQL: a 422; admission: a refusal).
   */
  evaluateWith(
    req: EvaluateRequest,
    snap: PolicySnapshot,
    {
      versionPath = req.context?.kubeletVersion !== undefined
        ? 'context.kubeletVersion'
        : req.cluster
          ? 'cluster'
          : 'kubeletVersion',
      fleet = true,
    }: {
      versionPath?: string;
      /** Predict per node from the cluster's node inventory, when it has one (the admission webhook does not). */
      fleet?: boolean;
    } = {},
  ): { result: EvaluationResult; unreadable: string | null } {
    // A fast refusal before the parse, answered as the engine's own maxSlots error would be.
    const overLimit = imageFieldLimitError(req.manifests, this.config.limits.maxSlots);
    if (overLimit) throw refusalFor([overLimit])!;
    const context = resolveContext(snap, req.cluster, req.context);
    if (!context) {
      throw AppError.invalid(`cluster profile "${req.cluster}" does not exist`, [
        { path: 'cluster', message: `unknown cluster profile "${req.cluster}"` },
      ]);
    }
    const settings = {
      ruleSet: snap.compiled,
      context,
      cluster: req.cluster ?? null,
      now: new Date(),
      limits: {
        ...engineLimits(this.config.limits),
        inventory: fleet && req.cluster ? (snap.clusters.get(req.cluster)?.inventory ?? null) : null,
      },
    };
    const result = withVersionPath(() => evaluate(req.manifests, settings), versionPath);
    const refusal = refusalFor(result.errors);
    if (refusal) throw refusal;
    const unreadable = nothingReadDetail(result);
    if (unreadable === null) this.metrics.observe(result);
    return { result, unreadable };
  }

  /** One image in one namespace, as a single-container Pod: the chat-ops question. */
  effectivePolicy(q: EffectivePolicyQuery): EffectivePolicyAnswer {
    if (typeof q.image !== 'string' || q.image === '')
      throw AppError.invalid('image is required', [{ path: 'image', message: 'image: Required value' }]);
    const badNamespace = q.namespace ? namespaceNameProblem(q.namespace) : null;
    if (badNamespace)
      throw AppError.invalid(`namespace: ${badNamespace}`, [{ path: 'namespace', message: badNamespace }]);
    const pod = effectivePolicyPod(q.image, q.namespace || 'default', q.policy);
    const context = q.kubeletVersion ? { kubeletVersion: q.kubeletVersion } : undefined;
    const result = judged(
      this.evaluateWith({ manifests: pod, cluster: q.cluster, context }, this.snapshot.current, {
        versionPath: q.kubeletVersion ? 'kubeletVersion' : 'cluster',
      }),
    );
    const policyError = result.errors.find((e) => e.code === 'invalid-pull-policy');
    if (policyError)
      throw AppError.invalid(`policy: ${unsupportedPullPolicy(q.policy!)}`, [
        { path: 'policy', message: policyError.message },
      ]);
    return effectivePolicyAnswer(result);
  }
}

/** The result, or the 422 for an input of which nothing could be read. */
function judged({ result, unreadable }: { result: EvaluationResult; unreadable: string | null }): EvaluationResult {
  if (unreadable !== null) throw new AppError('unreadable-manifests', unreadable, result.errors);
  return result;
}

/** A kubelet version outside the modelled range is the caller's input problem, named where they gave it. */
function withVersionPath<T>(fn: () => T, versionPath: string): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof KubeletVersionError)
      throw AppError.invalid(err.message, [{ path: versionPath, message: err.message }]);
    throw err;
  }
}
