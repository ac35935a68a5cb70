// Kubernetes' own image pull semantics, as pure functions. Every rule cites its Kubernetes source
// beside the code; the specification is docs/kubernetes-semantics.md.
export * from './types.js';
export * from './names.js';
export * from './image/index.js';
export * from './manifest/index.js';
export * from './policy/index.js';
export * from './kubelet/index.js';
export * from './evaluate/index.js';
export * from './fleet/index.js';
