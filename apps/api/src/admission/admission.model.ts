import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-scalars';

export enum AdmissionWebhookValue {
  VALIDATE = 'validate',
  MUTATE = 'mutate',
}
registerEnumType(AdmissionWebhookValue, {
  name: 'AdmissionWebhook',
  description: 'Which webhook answers: POST /admission/validate or POST /admission/mutate.',
});

@ObjectType('AdmissionStatus', { description: 'Why a request is rejected (metav1.Status).' })
export class AdmissionStatusModel {
  @Field(() => Int) code!: number;
  @Field() reason!: string;
  @Field({ description: 'One line per unwaived deny finding the request introduces, with its fix.' }) message!: string;
}

@ObjectType('AdmissionAnswer', { description: 'The AdmissionResponse a webhook would send to the API server.' })
export class AdmissionAnswerModel {
  @Field({ description: "The request's uid, echoed." }) uid!: string;
  @Field() allowed!: boolean;
  @Field(() => AdmissionStatusModel, { nullable: true }) status!: AdmissionStatusModel | null;
  @Field(() => [String]) warnings!: string[];
  @Field(() => String, { nullable: true, description: 'JSONPatch when there is a patch.' }) patchType!: string | null;
  @Field(() => String, { nullable: true, description: 'base64 of the JSON patch, as the API server receives it.' })
  patch!: string | null;
  @Field(() => GraphQLJSON, { nullable: true, description: 'The same patch decoded: RFC 6902 operations.' })
  patchOperations!: unknown;
}
