/**
 * What kind of problem an input error is, as a closed set: callers branch on the code, never on the message
 * (the message is for people and may be reworded). Every error libs/k8s reports carries exactly one of these.
 */
export const ENGINE_ERROR_CODES = [
  // Reading the text or the JSON values.
  'yaml-syntax',
  'duplicate-key',
  'unknown-alias',
  'circular-alias',
  'invalid-merge-key',
  'unrenderable-value',
  'read-failed',
  // Limits that reject one document (the others are still read).
  'too-deep',
  'too-many-aliases',
  'string-too-long',
  'too-many-values',
  // Limits that stop the whole input: nothing after the error was loaded.
  'too-many-documents',
  'too-many-slots',
  'parse-timeout',
  // Nothing to evaluate at all (blank text, comments only, an empty list or object).
  'no-objects',
  // Objects the API server refuses.
  'not-an-object',
  'missing-kind',
  'missing-api-version',
  'invalid-api-version',
  'unknown-kind',
  'unknown-field',
  'wrong-type',
  'required-value',
  'invalid-value',
  'invalid-pull-policy',
  // An image reference the API server accepts and every node refuses (InvalidImageName).
  'invalid-image',
  // A cluster profile's podTemplatePaths entry that does not validate.
  'invalid-pod-template-path',
] as const;

export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[number];
