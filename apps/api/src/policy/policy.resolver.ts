import { Args, Context, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';
import { GraphQLJSON } from 'graphql-scalars';
import { admissionPoliciesYaml, serializeBundle, type BundleFormat } from '#policy';
import { Access } from '../auth/access.js';
import { AppError } from '../common/errors/app-error.js';
import type { AuthenticatedRequest } from '../auth/principal.js';
import { Actor } from '../http/actor.js';
import { bundleSchemaUrl } from './bundle-schema-url.js';
import type { PolicyPlanChange, PolicyPlanResult } from './policy-results.js';
import {
  AdmissionPoliciesModel,
  PolicyApplyResultModel,
  PolicyBundleFormat,
  PolicyExportModel,
  PolicyPlanModel,
  type PolicyPlanChangeModel,
} from './policy.model.js';
import { PolicyService } from './policy.service.js';

const BUNDLE_ARG = {
  type: () => GraphQLJSON,
  nullable: true,
  description: 'The bundle as a JSON object (apiVersion: pullwise.io/v1, kind: PolicyBundle). Give it or bundleText.',
} as const;
const BUNDLE_TEXT_ARG = {
  type: () => String,
  nullable: true,
  description:
    'The bundle as YAML or JSON text, as committed; problems then carry their line. Give it or bundle. Held to ' +
    'PULLWISE_MAX_STRING_LENGTH (1 MiB by default) like every GraphQL string: send larger bundles over REST.',
} as const;
const PRUNE_ARG = {
  type: () => Boolean,
  nullable: true,
  defaultValue: false,
  description: 'Delete every rule, exception and cluster profile the bundle does not name.',
} as const;

/** GraphQL for policy as code, mirroring PolicyController: export, plan (a query: it writes nothing), apply. */
@Resolver()
export class PolicyResolver {
  constructor(private readonly policy: PolicyService) {}

  @Access('rules:read', 'rules:write')
  @Query(() => PolicyExportModel, {
    description:
      'The whole policy (rules, exceptions, cluster profiles without node inventories) as one bundle, as ' +
      '`GET /v1/policy` exports it: sorted by name in a fixed field order, so an unchanged policy exports the same text.',
  })
  async policyBundle(
    @Args('format', { type: () => PolicyBundleFormat, nullable: true, defaultValue: PolicyBundleFormat.JSON })
    format: BundleFormat | null,
    @Context('req') req: FastifyRequest,
  ): Promise<PolicyExportModel> {
    const bundle = await this.policy.export();
    const as = format ?? PolicyBundleFormat.JSON;
    return {
      policyVersion: bundle.metadata.policyVersion ?? 0,
      format: as,
      text: serializeBundle(bundle, as, bundleSchemaUrl(req)),
      bundle,
    };
  }

  @Access('rules:read', 'rules:write')
  @Query(() => AdmissionPoliciesModel, {
    description:
      'The stored rules and exceptions as native Kubernetes admission policies (ValidatingAdmissionPolicy, ' +
      'MutatingAdmissionPolicy and their bindings) for one cluster profile, as `GET /v1/policy/admission-policies` ' +
      'answers; the rules CEL cannot express faithfully are in `notExported` with the reason.',
  })
  admissionPolicies(@Args('cluster') cluster: string): AdmissionPoliciesModel {
    const { list, notExported } = this.policy.admissionPolicies(cluster);
    return { yaml: admissionPoliciesYaml(list), list, notExported };
  }

  @Access('rules:read', 'rules:write')
  @Query(() => PolicyPlanModel, {
    description:
      'What applying a bundle would change, object by object, compared on meaning (defaults, key order and ' +
      'equivalent spellings are no change), as `POST /v1/policy/plan` answers. Writes nothing. An invalid bundle ' +
      'is an invalid-input error naming every problem by its path (`rules[3].params.tags`).',
  })
  async policyPlan(
    @Args('bundle', BUNDLE_ARG) bundle: unknown,
    @Args('bundleText', BUNDLE_TEXT_ARG) bundleText: string | null,
    @Args('prune', PRUNE_ARG) prune: boolean | null,
    @Args('impact', {
      type: () => Int,
      nullable: true,
      description: 'Replay the last N (1–1000) recorded evaluations under each created or updated rule.',
    })
    impact: number | null,
    @Context('req') req: AuthenticatedRequest,
  ): Promise<PolicyPlanModel> {
    const body = bundleArgument(bundle, bundleText);
    const plan = await this.policy.plan(body, {
      prune: prune ?? false,
      ...(impact !== null && impact !== undefined ? { impact } : {}),
      scopes: req.principal?.scopes ?? [],
    });
    return withChanges(plan);
  }

  @Access('rules:write')
  @Mutation(() => PolicyApplyResultModel, {
    description:
      'Carries out the plan of a bundle in one transaction (all or nothing, one policy version), as ' +
      '`POST /v1/policy/apply` does; each change writes its version and an audit event naming the bundle digest. ' +
      'Applying the same bundle again changes nothing (`applied: false`). Fails with precondition-failed when ' +
      '`ifMatch` is not the current policy version, and with conflict when a change conflicts with the store.',
  })
  async applyPolicy(
    @Args('bundle', BUNDLE_ARG) bundle: unknown,
    @Args('bundleText', BUNDLE_TEXT_ARG) bundleText: string | null,
    @Args('prune', PRUNE_ARG) prune: boolean | null,
    @Args('ifMatch', {
      type: () => Int,
      nullable: true,
      description: 'The policyVersion of the plan or export the bundle was reviewed against (If-Match in REST).',
    })
    ifMatch: number | null,
    @Actor() actor: string,
  ): Promise<PolicyApplyResultModel> {
    const body = bundleArgument(bundle, bundleText);
    if (ifMatch !== null && ifMatch !== undefined && ifMatch < 0)
      throw AppError.invalid('ifMatch must be a policy version (0 or more)', [
        { path: 'ifMatch', message: 'must be 0 or more' },
      ]);
    const result = await this.policy
      .apply(body, { prune: prune ?? false, ifMatch: ifMatch ?? undefined }, actor)
      .catch(namingIfMatch);
    return withChanges(result);
  }
}

/** Exactly one of `bundle` (a JSON object) and `bundleText` (YAML or JSON text): the body the service reads. */
function bundleArgument(bundle: unknown, bundleText: string | null | undefined): unknown {
  const hasBundle = bundle !== null && bundle !== undefined;
  const hasText = bundleText !== null && bundleText !== undefined;
  if (hasBundle === hasText)
    throw AppError.invalid(
      hasBundle
        ? 'Give the policy bundle once: as bundle (a JSON object) or as bundleText (YAML or JSON text), not both.'
        : 'Give a policy bundle: bundle (a JSON object) or bundleText (YAML or JSON text).',
      [
        { path: 'bundle', message: 'exactly one of bundle and bundleText' },
        { path: 'bundleText', message: 'exactly one of bundle and bundleText' },
      ],
    );
  if (hasBundle && (typeof bundle !== 'object' || Array.isArray(bundle)))
    throw AppError.invalid('bundle must be a JSON object (apiVersion: pullwise.io/v1, kind: PolicyBundle).', [
      { path: 'bundle', message: 'must be a JSON object; send text as bundleText' },
    ]);
  if (hasText && bundleText.trim() === '')
    throw AppError.invalid(
      'bundleText is empty; send a policy bundle (apiVersion: pullwise.io/v1, kind: PolicyBundle).',
      [{ path: 'bundleText', message: 'must not be empty' }],
    );
  return hasBundle ? bundle : bundleText;
}

/** The stale-version error names the argument, not REST's If-Match header. */
function namingIfMatch(err: unknown): never {
  if (err instanceof AppError && err.code === 'precondition-failed')
    throw new AppError(
      err.code,
      err.message,
      err.errors.map((e) => (e.path === 'If-Match' ? { ...e, path: 'ifMatch' } : e)),
      err.headers,
      err.status,
    );
  throw err;
}

/** GraphQL's `unmanaged` is a Boolean!: REST leaves it out when false. */
function withChanges<T extends PolicyPlanResult>(result: T): T & { changes: PolicyPlanChangeModel[] } {
  const change = (c: PolicyPlanChange): PolicyPlanChangeModel => ({ ...c, unmanaged: c.unmanaged === true });
  return { ...result, changes: result.changes.map(change) };
}
