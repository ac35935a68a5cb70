export { parseImageReference } from './parse-image-reference.js';
