import { z } from 'zod';
import { kubeletEventTypeSchema, nodeActionSchema } from './closed-sets.js';

export const kubeletEventSchema = z
  .object({
    type: kubeletEventTypeSchema,
    reason: z.string().meta({ examples: ['Pulling', 'Pulled', 'ErrImageNeverPull'] }),
    message: z.string().meta({ examples: ['Pulling image "nginx:1.27"'] }),
  })
  .meta({
    id: 'KubeletEvent',
    description:
      'An event the kubelet records, in its own words with the image as written; measured values are placeholders ' +
      'such as `<duration>` or `<bytes>`.',
  });

export const nodeOutcomeSchema = z
  .object({
    action: nodeActionSchema,
    contactsRegistry: z.boolean(),
    reason: z.string().nullable().meta({
      description: 'The container waiting reason (`ErrImageNeverPull`, `InvalidImageName`, …) or null.',
    }),
    events: z.array(kubeletEventSchema),
  })
  .meta({ id: 'NodeOutcome', description: "The kubelet's action in one node state." });

export const nodeBehaviourSchema = z
  .object({
    imageAbsent: nodeOutcomeSchema,
    imagePresent: nodeOutcomeSchema.meta({
      description:
        'The image is on the node and usable by this pod (preloaded, or pulled with credentials the pod holds).',
    }),
    imagePresentUnverified: nodeOutcomeSchema.nullable().meta({
      description:
        'The kubelet pulled the image earlier with credentials this pod cannot prove; only when credential ' +
        'verification is active (KEP-2535), else null.',
    }),
    notes: z.array(z.string()).meta({
      description: 'Short notes: pull secrets, AlwaysPullImages/KEP-2535 interplay, version caveats.',
    }),
  })
  .meta({
    id: 'NodeBehaviour',
    description: 'What the kubelet does with the effective policy, with the image absent from and present on the node.',
  });
