import { Module } from '@nestjs/common';
import { ClustersModule } from '../clusters/clusters.module.js';
import { EvaluationsModule } from '../evaluations/evaluations.module.js';
import { AdmissionRecorder } from './admission-recorder.js';
import { AdmissionController } from './admission.controller.js';
import { AdmissionResolver } from './admission.resolver.js';
import { AdmissionService } from './admission.service.js';

/** The validating and mutating admission webhooks (README "Admission webhook"), and their GraphQL preview. */
@Module({
  imports: [EvaluationsModule, ClustersModule],
  controllers: [AdmissionController],
  providers: [AdmissionService, AdmissionResolver, AdmissionRecorder],
})
export class AdmissionModule {}
