import { Field, ObjectType } from '@nestjs/graphql';

@ObjectType('Health', { description: 'Readiness of this replica.' })
export class HealthModel {
  @Field({ description: '"ready" or "not ready".' })
  status!: string;

  @Field({ description: 'Which database this replica uses.' })
  database!: string;

  @Field()
  detail!: string;
}
