import { z } from 'zod';
import { pullPolicySchema } from './closed-sets.js';

export const pullPolicyResolutionSchema = z
  .object({
    declared: pullPolicySchema.nullable().meta({ description: 'As written in the manifest; null when unset.' }),
    default: pullPolicySchema.meta({ description: 'What API-server defaulting gives.' }),
    effective: pullPolicySchema.meta({ description: 'What the kubelet uses after admission.' }),
    admittedBy: z.string().nullable().meta({
      description: 'The admission plugin that set the effective policy (`AlwaysPullImages`), or null.',
    }),
    reasons: z.array(z.string()).meta({ description: 'How the effective policy came about.' }),
  })
  .meta({
    id: 'PullPolicyResolution',
    description:
      'Declared (what the manifest says), default (what API-server defaulting gives) and effective (what the ' +
      'kubelet uses after admission) pull policy.',
  });
