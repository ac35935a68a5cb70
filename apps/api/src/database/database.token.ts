/** Injection token of the opened `Database` (#db). */
export const DATABASE = Symbol('DATABASE');
