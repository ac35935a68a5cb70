import { Args, Query, Resolver } from '@nestjs/graphql';
import { Access } from '../auth/access.js';
import { GraphQLJSON } from 'graphql-scalars';
import { AdmissionAnswerModel, AdmissionWebhookValue } from './admission.model.js';
import { AdmissionService } from './admission.service.js';

@Resolver(() => AdmissionAnswerModel)
@Access('evaluate')
export class AdmissionResolver {
  constructor(private readonly admission: AdmissionService) {}

  @Query(() => AdmissionAnswerModel, {
    description:
      'What the admission webhook would answer to an admission.k8s.io/v1 AdmissionReview, as REST POST ' +
      '/admission/validate|mutate[/{cluster}] answers it; a preview, so nothing is recorded.',
  })
  async reviewAdmission(
    @Args('review', { type: () => GraphQLJSON, description: 'The AdmissionReview the API server would send.' })
    review: unknown,
    @Args('webhook', {
      type: () => AdmissionWebhookValue,
      nullable: true,
      defaultValue: AdmissionWebhookValue.VALIDATE,
    })
    webhook: AdmissionWebhookValue | null,
    @Args('cluster', { type: () => String, nullable: true, description: 'Cluster profile, as in the webhook path.' })
    cluster?: string | null,
  ): Promise<AdmissionAnswerModel> {
    const { response } = await this.admission.review(review, {
      mode: webhook ?? AdmissionWebhookValue.VALIDATE,
      preview: true,
      ...(cluster ? { cluster } : {}),
    });
    return {
      uid: response.uid,
      allowed: response.allowed,
      status: response.status ?? null,
      warnings: response.warnings ?? [],
      patchType: response.patchType ?? null,
      patch: response.patch ?? null,
      patchOperations: response.patch ? JSON.parse(Buffer.from(response.patch, 'base64').toString('utf8')) : null,
    };
  }
}
