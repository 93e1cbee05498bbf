/** The project's identity lives below every layer that shows it (src/model/project-info.ts). */
export { HOMEPAGE, VERSION } from '../model/project-info.js';
