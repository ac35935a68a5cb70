import { Query, Resolver } from '@nestjs/graphql';
import { Access } from '../auth/access.js';
import { ReadinessService } from '../database/database.service.js';
import { HealthModel } from './health.model.js';
import { readinessAnswer } from './readiness-answer.js';
import { WarmUp } from './warm-up.js';

@Resolver(() => HealthModel)
@Access('public')
export class HealthResolver {
  constructor(
    private readonly readiness: ReadinessService,
    private readonly warmUp: WarmUp,
  ) {}

  @Query(() => HealthModel, { description: 'Same answer as GET /readyz.' })
  async health(): Promise<HealthModel> {
    const { ready: _ready, ...answer } = await readinessAnswer(this.readiness, this.warmUp);
    return answer;
  }
}
