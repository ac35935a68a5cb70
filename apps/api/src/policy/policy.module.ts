import { Module } from '@nestjs/common';
import { ClustersModule } from '../clusters/clusters.module.js';
import { ExceptionsModule } from '../exceptions/exceptions.module.js';
import { ImpactModule } from '../impact/impact.module.js';
import { RulesModule } from '../rules/rules.module.js';
import { PolicyController } from './policy.controller.js';
import { PolicyResolver } from './policy.resolver.js';
import { PolicyService } from './policy.service.js';

@Module({
  imports: [RulesModule, ExceptionsModule, ClustersModule, ImpactModule],
  controllers: [PolicyController],
  providers: [PolicyService, PolicyResolver],
})
export class PolicyModule {}
