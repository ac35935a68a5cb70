import { z } from 'zod';
import { slotTypeSchema } from './closed-sets.js';
import { findingSchema } from './finding.js';
import { fleetSchema } from './fleet.js';
import { slotImageSchema } from './image.js';
import { nodeBehaviourSchema } from './node-behaviour.js';
import { countSchema, positiveSchema } from './numbers.js';
import { pullPolicyResolutionSchema } from './pull-policy.js';

/** What Kubernetes does with one image slot (libs/k8s SlotEvaluation): a Slot without its findings. */
export const slotEvaluationShape = {
  name: z.string().meta({ description: 'Container or volume name.' }),
  type: slotTypeSchema,
  path: z.string().meta({ examples: ['spec.template.spec.containers[0]'] }),
  line: positiveSchema().meta({ description: '1-based line in the submitted text.' }),
  image: slotImageSchema,
  pullPolicy: pullPolicyResolutionSchema,
  node: nodeBehaviourSchema,
  fleet: fleetSchema.nullable(),
};

export const slotSchema = z.object({ ...slotEvaluationShape, findings: z.array(findingSchema) }).meta({
  id: 'SlotResult',
  graphql: { name: 'Slot' },
  description: 'One place an image sits, what Kubernetes does with it, and the rules it breaks.',
});

export const workloadSchema = z
  .object({
    document: countSchema().meta({ description: '0-based index in the stream (List items unwrapped).' }),
    kind: z.string(),
    name: z.string(),
    namespace: z.string(),
    line: positiveSchema(),
    slots: z.array(slotSchema),
  })
  .meta({
    id: 'WorkloadResult',
    graphql: { name: 'Workload' },
    description: 'A manifest document that carries a pod spec (Pod, Deployment, …, CronJob, PodTemplate).',
  });
