import { Inject, Injectable } from '@nestjs/common';
import { ALWAYS_PULL_IMAGES_PLUGIN, hasAlwaysPullImages } from '#k8s';
import { introducedFindings, slotOf } from '#policy';
import { ClusterUsage } from '../clusters/cluster-usage.js';
import { AppError } from '../common/errors/app-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { EvaluateRequest, EvaluationContextInput } from '../evaluations/dto/evaluate-request.js';
import { EvaluationService } from '../evaluations/evaluations.service.js';
import type { PolicySnapshot } from '../snapshot/policy-snapshot.js';
import { PolicySnapshotService } from '../snapshot/policy-snapshot.service.js';
import { AdmissionRecorder } from './admission-recorder.js';
import { errorReply, mutateReply, validateReply } from './admission-replies.js';
import { parseAdmissionReview, reply, type AdmissionRequest, type AdmissionReviewReply } from './admission-review.js';
import { admissionScope, type AdmissionScope } from './admission-scope.js';

export type AdmissionMode = 'validate' | 'mutate';

export interface AdmissionOptions {
  mode: AdmissionMode;
  /** The cluster profile named in the webhook's path; else PULLWISE_ADMISSION_CLUSTER; else none. */
  cluster?: string;
  /** "What would the webhook answer" (GraphQL): never recorded, whatever the request's dryRun says. */
  preview?: boolean;
}

/** The `source` of a recorded admission: filter history with `?pipeline=admission`. */
const ADMISSION_PIPELINE = 'admission';

const PROFILE_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

type Judged = Extract<AdmissionScope, { evaluate: true }>;

/**
 * The admission webhooks (docs: README "Admission webhook"). Both evaluate the request's object with the same
 * evaluation service, rules, exceptions and snapshot as REST and GraphQL (no database query), and act only on
 * what the request introduces (introducedFindings): on UPDATE a finding the old object already had neither
 * rejects nor mutates.
 * - validate: an unwaived `deny` finding rejects (403, one line per finding with its fix), `warn` findings
 *   become warnings, and an evaluation with introduced findings is recorded (not on dry runs).
 * - mutate: the fixes of unwaived set-pull-policy findings, as a JSON patch; never rejects.
 */
@Injectable()
export class AdmissionService {
  constructor(
    private readonly evaluations: EvaluationService,
    private readonly snapshot: PolicySnapshotService,
    private readonly recorder: AdmissionRecorder,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly usage: ClusterUsage,
  ) {}

  async review(body: unknown, opts: AdmissionOptions): Promise<AdmissionReviewReply> {
    const { request } = parseAdmissionReview(body);
    const cluster = this.cluster(opts.cluster);
    // Deleting a profile webhooks route to is refused while this is recent (ClusterUsage).
    if (cluster !== null && !opts.preview) this.usage.admissionRouted(cluster, opts.mode, opts.cluster !== undefined);
    const scope = admissionScope(request);
    if (!scope.evaluate) return reply({ uid: request.uid, allowed: true });

    // One snapshot for both objects, the profile's plugins and the record.
    const snapshot = this.snapshot.current;
    const evaluation = this.evaluationRequest(request, cluster, scope, snapshot);
    // Not from the node inventory: it lags the cluster by minutes, and an admission verdict that flips with
    // what nodes happened to report would block a rollout for reasons the manifest does not carry (README).
    const object = this.evaluations.evaluateWith({ ...evaluation, manifests: request.object! }, snapshot, {
      fleet: false,
    });
    if (object.unreadable !== null) {
      // Nothing of the object could be read: mutation has nothing to fix, validation nothing to admit.
      if (opts.mode === 'mutate') return reply({ uid: request.uid, allowed: true });
      return errorReply(request, object.result.errors);
    }
    const current = object.result;
    // An old object pullwise cannot read introduces nothing to compare with: judge the new one in full.
    const old =
      request.operation === 'UPDATE' && request.oldObject
        ? this.evaluations.evaluateWith({ ...evaluation, manifests: request.oldObject }, snapshot, { fleet: false })
        : null;
    const previous = old?.unreadable === null ? old.result : null;
    let introduced = introducedFindings(current, previous);
    if (scope.ephemeralOnly) introduced = introduced.filter((f) => slotOf(current, f)?.type === 'ephemeralContainer');

    if (opts.mode === 'mutate') return mutateReply(request.uid, current, scope.podSpecFrozen ? [] : introduced);

    const judged = current.errors.length === 0;
    if ((introduced.length > 0 || !judged) && !request.dryRun && !opts.preview) {
      void this.recorder.record(
        { ...evaluation, manifests: request.object!, source: { pipeline: ADMISSION_PIPELINE, commit: request.uid } },
        current,
        snapshot,
        request.uid,
        request.userInfo?.username,
      );
    }
    if (!judged) return errorReply(request, current.errors);
    return validateReply(request.uid, current, introduced, previous === null ? [] : current.findings);
  }

  /** The cluster profile to evaluate with; a name that is not a stored profile is the caller's 400. */
  private cluster(fromPath: string | undefined): string | null {
    const name = fromPath ?? this.config.admissionCluster;
    if (name === null || name === undefined) return null;
    const where = fromPath !== undefined ? 'cluster' : 'PULLWISE_ADMISSION_CLUSTER';
    const shown = JSON.stringify(name.slice(0, 80));
    if (name.length > 253 || !PROFILE_NAME.test(name))
      throw AppError.invalid(`${where} ${shown} is not a cluster profile name.`, [
        { path: where, message: 'not a cluster profile name' },
      ]);
    if (!this.snapshot.current.clusters.has(name))
      throw AppError.invalid(
        `cluster profile ${shown} (from ${where === 'cluster' ? 'the webhook path' : where}) does not exist.`,
        [{ path: where, message: `unknown cluster profile ${shown}` }],
      );
    return name;
  }

  /** The request's namespace for objects without one, and the plugins the profile enables for this request. */
  private evaluationRequest(
    r: AdmissionRequest,
    cluster: string | null,
    scope: Judged,
    snapshot: PolicySnapshot,
  ): Omit<EvaluateRequest, 'manifests'> {
    const context: EvaluationContextInput = {};
    if (r.namespace) context.namespace = r.namespace;
    const plugins = cluster === null ? [] : (snapshot.clusters.get(cluster)?.admissionPlugins ?? []);
    if (scope.alwaysPullImagesIgnores && hasAlwaysPullImages(plugins))
      context.admissionPlugins = plugins.filter((p) => p.trim() !== ALWAYS_PULL_IMAGES_PLUGIN);
    return { ...(cluster !== null ? { cluster } : {}), context };
  }
}
