import { Query, Resolver } from '@nestjs/graphql';
import { Access } from '../auth/access.js';
import { ReadinessService } from '../database/database.service.js';
import { HealthModel } from './health.model.js';

@Resolver(() => HealthModel)
@Access('public')
export class HealthResolver {
  constructor(private readonly readiness: ReadinessService) {}

  @Query(() => HealthModel, { description: 'Same answer as GET /readyz.' })
  async health(): Promise<HealthModel> {
    const r = await this.readiness.check();
    return { status: r.ready ? 'ready' : 'not ready', database: r.database, detail: r.detail };
  }
}
