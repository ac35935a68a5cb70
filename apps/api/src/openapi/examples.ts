// The examples live in ./examples/ (fixed inputs, and the engine's answers computed from them); this path is
// where the controllers' decorators import them from.
export * from './examples/index.js';
