import { Body, Controller, Headers, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { Access } from '../auth/access.js';
import { AppError } from '../common/errors/app-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { admissionTokenDigest, checkAdmissionToken, type AdmissionTokenDigest } from './admission-token.js';
import { ApiAdmission, ApiAdmissionTag } from './admission.openapi.js';
import { AdmissionService, type AdmissionMode } from './admission.service.js';

/**
 * The admission webhooks: thin; AdmissionService decides. Called by the Kubernetes API server, which sends no API
 * key: reachable from it alone (NetworkPolicy) or behind PULLWISE_ADMISSION_TOKEN (admission-token.ts), and never
 * rate-limited (a 429 would make the API server apply the webhook's failurePolicy: a rejection when it fails closed).
 */
@ApiAdmissionTag
@Controller('admission')
@Access('public')
@SkipThrottle()
export class AdmissionController {
  private readonly tokenDigest: AdmissionTokenDigest;

  constructor(
    private readonly admission: AdmissionService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.tokenDigest = admissionTokenDigest(config.admissionToken);
  }

  @Post('validate')
  @HttpCode(200)
  @ApiAdmission('validate', false)
  validate(@Body() body: unknown, @Headers() headers: Record<string, string | undefined>) {
    return this.review('validate', body, headers);
  }

  @Post('validate/:cluster')
  @HttpCode(200)
  @ApiAdmission('validate', true)
  validateForCluster(
    @Param('cluster') cluster: string,
    @Body() body: unknown,
    @Headers() headers: Record<string, string | undefined>,
  ) {
    return this.review('validate', body, headers, cluster);
  }

  @Post('mutate')
  @HttpCode(200)
  @ApiAdmission('mutate', false)
  mutate(@Body() body: unknown, @Headers() headers: Record<string, string | undefined>) {
    return this.review('mutate', body, headers);
  }

  @Post('mutate/:cluster')
  @HttpCode(200)
  @ApiAdmission('mutate', true)
  mutateForCluster(
    @Param('cluster') cluster: string,
    @Body() body: unknown,
    @Headers() headers: Record<string, string | undefined>,
  ) {
    return this.review('mutate', body, headers, cluster);
  }

  private review(mode: AdmissionMode, body: unknown, headers: Record<string, string | undefined>, cluster?: string) {
    checkAdmissionToken(this.tokenDigest, headers.authorization);
    const type = headers['content-type'] ?? '';
    if (body === undefined || body === null)
      throw AppError.invalid('The request body is empty: send an admission.k8s.io/v1 AdmissionReview as JSON.');
    if (typeof body === 'string' || !type.toLowerCase().includes('json'))
      throw new AppError(
        'unsupported-media-type',
        `Content-Type ${type || '(none)'} is not accepted; the API server sends application/json.`,
      );
    return this.admission.review(body, { mode, ...(cluster !== undefined ? { cluster } : {}) });
  }
}
