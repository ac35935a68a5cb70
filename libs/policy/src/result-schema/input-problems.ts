import { z } from 'zod';
import { engineErrorCodeSchema } from './closed-sets.js';
import { countSchema, positiveSchema } from './numbers.js';

export const inputErrorSchema = z
  .object({
    // Optional in what the API publishes: results recorded before errors carried a code have none.
    code: engineErrorCodeSchema.optional().meta({
      description:
        'What kind of problem it is; branch on this, not on `message` (worded for people). Absent in results ' +
        'recorded before errors carried a code.',
    }),
    document: countSchema().nullable(),
    path: z.string().nullable(),
    line: positiveSchema().nullable(),
    message: z.string(),
  })
  .meta({
    id: 'EvaluationError',
    graphql: { name: 'InputError' },
    description:
      'A document that could not be read, or an object the API server would refuse; the others are still ' +
      'evaluated and the verdict is `error`.',
  });

/** An input error as the engine reports it (libs/k8s EvaluationError): it always has a code. */
export const engineErrorSchema = inputErrorSchema.required({ code: true });

export const skippedResourceSchema = z
  .object({
    document: countSchema(),
    apiVersion: z.string().nullable(),
    kind: z.string().nullable(),
    name: z.string().nullable(),
    reason: z.string().meta({ description: 'Why it was not evaluated, and how to make pullwise read it.' }),
    imagePaths: z.array(z.string()).meta({
      description: 'Field paths of the image-like values found, e.g. `spec.runner.image`.',
    }),
  })
  .meta({
    id: 'SkippedResource',
    description:
      'An object that was read but not evaluated although it holds image-like fields (a custom resource whose pod ' +
      'templates pullwise does not know). Listed so nobody believes it was checked; it does not change the verdict.',
  });
