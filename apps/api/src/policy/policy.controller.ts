import { Body, Controller, Get, Headers, HttpCode, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { admissionPoliciesYaml, serializeBundle } from '#policy';
import { preferredMediaType } from '#reports';
import { Access } from '../auth/access.js';
import type { AuthenticatedRequest } from '../auth/principal.js';
import { AppError } from '../common/errors/app-error.js';
import { Actor } from '../http/actor.js';
import { OnlyDeclaredQueryParameters } from '../http/known-query-parameters.js';
import { optionalBool, positiveInt } from '../http/query-params.js';
import { Produces } from '../http/route-facts.js';
import { bundleSchemaUrl } from './bundle-schema-url.js';
import { PolicyDocs } from './policy.openapi.js';
import { policyEtag, policyVersionFromIfMatch } from './policy-version-header.js';
import { PolicyService } from './policy.service.js';

const JSON_TYPE = 'application/json';
const YAML_TYPE = 'application/yaml';

/** Policy as code: export the store as a bundle, plan a bundle against it, apply one. */
@PolicyDocs.controller
@Controller('v1/policy')
export class PolicyController {
  constructor(private readonly policy: PolicyService) {}

  @Get()
  @Access('rules:read', 'rules:write')
  @Produces(JSON_TYPE, YAML_TYPE)
  @PolicyDocs.export
  @OnlyDeclaredQueryParameters()
  async export(
    @Headers('accept') accept: string | undefined,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const bundle = await this.policy.export();
    const yaml = preferredMediaType(accept, [JSON_TYPE, YAML_TYPE]) === YAML_TYPE;
    reply
      .header('etag', policyEtag(bundle.metadata.policyVersion ?? 0))
      .header('vary', 'Accept')
      .type(yaml ? `${YAML_TYPE}; charset=utf-8` : JSON_TYPE);
    return serializeBundle(bundle, yaml ? 'yaml' : 'json', bundleSchemaUrl(req));
  }

  @Get('admission-policies')
  @Access('rules:read', 'rules:write')
  @Produces(YAML_TYPE, JSON_TYPE)
  @PolicyDocs.admissionPolicies
  @OnlyDeclaredQueryParameters()
  admissionPolicies(
    @Query() q: Record<string, string>,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): string {
    if (!q.cluster)
      throw AppError.invalid('Name the cluster profile to export for: ?cluster=<name> (GET /v1/clusters lists them).', [
        { path: 'cluster', message: 'required' },
      ]);
    const { list } = this.policy.admissionPolicies(q.cluster);
    const json = preferredMediaType(accept, [YAML_TYPE, JSON_TYPE]) === JSON_TYPE;
    reply.header('vary', 'Accept').type(json ? JSON_TYPE : `${YAML_TYPE}; charset=utf-8`);
    return json ? JSON.stringify(list, null, 2) : admissionPoliciesYaml(list);
  }

  @Post('plan')
  @HttpCode(200)
  @Access('rules:read', 'rules:write')
  @Produces(JSON_TYPE)
  @PolicyDocs.plan
  @OnlyDeclaredQueryParameters()
  plan(@Body() body: unknown, @Query() q: Record<string, string>, @Req() req: AuthenticatedRequest) {
    return this.policy.plan(body, {
      prune: optionalBool(q.prune, 'prune') ?? false,
      ...(q.impact !== undefined ? { impact: positiveInt(q.impact, 'impact') } : {}),
      scopes: req.principal?.scopes ?? [],
    });
  }

  @Post('apply')
  @HttpCode(200)
  @Access('rules:write')
  @Produces(JSON_TYPE)
  @PolicyDocs.apply
  @OnlyDeclaredQueryParameters()
  async apply(
    @Body() body: unknown,
    @Query() q: Record<string, string>,
    @Headers('if-match') ifMatch: string | undefined,
    @Actor() actor: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const result = await this.policy.apply(
      body,
      { prune: optionalBool(q.prune, 'prune') ?? false, ifMatch: policyVersionFromIfMatch(ifMatch) },
      actor,
    );
    reply.header('etag', policyEtag(result.policyVersion));
    return result;
  }
}
