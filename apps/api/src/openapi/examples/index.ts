// Example requests and responses shown in the OpenAPI document. The inputs are fixed (inputs.ts); every engine
// answer is computed from them by the engine and the functions the services use, with a fixed clock and fixed
// ids (engine.ts), so an example cannot drift from what the application answers. test/openapi.e2e-spec.ts
// validates every example against its schema and replays the requests against a booted app.
export * from './inputs.js';
export * from './evaluation.js';
export * from './impact.js';
export * from './chatops.js';
export * from './admission.js';
export * from './cluster-nodes.js';
export * from './policy.js';
