import { z } from 'zod';
import { enforcementSchema, jsonPatchOpSchema, ruleKindSchema, severitySchema } from './closed-sets.js';
import { countSchema, positiveSchema } from './numbers.js';

export const jsonPatchOperationSchema = z
  .object({
    op: jsonPatchOpSchema,
    path: z.string().meta({
      description: 'JSON Pointer.',
      examples: ['/spec/template/spec/containers/0/imagePullPolicy'],
    }),
    value: z.unknown().optional().meta({ description: 'For add, replace and test.' }),
  })
  .meta({ id: 'JsonPatchOperation', description: 'An RFC 6902 operation against the submitted document.' });

export const fixSchema = z
  .object({
    description: z.string(),
    document: countSchema().meta({ description: 'Index of the document the patch applies to.' }),
    patch: z.array(jsonPatchOperationSchema).meta({
      description: 'RFC 6902 JSON patch against the document.',
      graphql: { type: 'JSON' },
    }),
    image: z.string().nullable().meta({
      description:
        'A rewritten image reference, when the fix is an image change (e.g. pin a digest, another registry).',
    }),
  })
  .meta({
    id: 'Fix',
    description: 'How to fix a finding: a patch at the exact path, a rewritten image reference, or an instruction.',
  });

export const fixConflictSchema = z
  .object({
    rule: z.string().meta({ description: 'The rule whose fix stays.' }),
    path: z.string().meta({ description: 'RFC 6901 pointer both fixes patch.' }),
  })
  .meta({
    graphql: { name: 'FixConflict' },
    description: "Another rule's fix patches the same path differently; that fix stays and this one is withheld.",
  });

export const findingSchema = z
  .object({
    rule: z.string().meta({ description: "The rule's name." }),
    ruleId: z.string().meta({ format: 'uuid' }),
    ruleVersion: positiveSchema(),
    kind: ruleKindSchema,
    enforcement: enforcementSchema,
    severity: severitySchema,
    message: z.string(),
    waived: z.boolean().meta({ description: 'Waived findings do not count towards the verdict.' }),
    waivedBy: z.string().nullable().meta({ description: 'Name of the exception that waives it, or null.' }),
    expiredWaiver: z.string().nullish().meta({
      description: 'An exception that would have waived it but has expired (it waives nothing).',
    }),
    fix: fixSchema.nullable(),
    fixConflict: fixConflictSchema.nullish().meta({
      description:
        "Present when another rule's fix patches the same path of this slot differently: that fix stays (unwaived " +
        "before waived, then deny, warn, audit) and this finding's `fix` is null.",
    }),
  })
  .meta({ id: 'Finding', description: 'One rule broken by one slot.' });

export const locatedFindingSchema = findingSchema
  .extend({
    document: countSchema(),
    workload: z.string().meta({ description: '`Kind/name` of the workload.', examples: ['Deployment/web'] }),
    slot: z.string().meta({
      description: 'Slot path within the document.',
      examples: ['spec.template.spec.containers[0]'],
    }),
    namespace: z.string(),
    line: positiveSchema(),
  })
  .meta({
    id: 'LocatedFinding',
    description:
      'A finding with where it is: the same fields as Finding plus document, workload, slot, namespace, line.',
  });
