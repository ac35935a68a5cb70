export { parseImageReference } from './parse-image-reference.js';
export { canonicalImageName, canonicalRegistryHost, registryHostSpellings } from './registry-host.js';
export { REFERENCE_GRAMMAR } from './grammar.js';
