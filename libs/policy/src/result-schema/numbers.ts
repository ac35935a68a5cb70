import { z } from 'zod';

/** A count, or a 0-based index (of a document in the input). */
export const countSchema = () => z.number().int().min(0);
/** A 1-based line in the submitted text, or a rule version. */
export const positiveSchema = () => z.number().int().min(1);
