// The evaluation result as one zod schema: the TS types of libs/policy, the OpenAPI components and the GraphQL
// types are all derived from it (docs/design.md "The result schema").
export * from './closed-sets.js';
export * from './components.js';
export * from './evaluated-rule.js';
export * from './evaluation-result.js';
export * from './finding.js';
export * from './fleet.js';
export * from './image.js';
export * from './input-problems.js';
export { NON_JSON_SCHEMA_META, resultMeta } from './meta.js';
export * from './node-behaviour.js';
export * from './pull-policy.js';
export * from './summary.js';
export * from './workload.js';
