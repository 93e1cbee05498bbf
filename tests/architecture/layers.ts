import type { LayerTable } from '../support/import-graph.js';

/**
 * The layer rank of every folder under src/, as planned in issue 11. Imports go
 * to the same rank or down, never up, and folders never form a cycle. A new folder fails the check
 * until it is placed here, so its place is a decision rather than an accident.
 */
export const LAYERS: LayerTable = {
  kinds: 0,
  model: 1,
  load: 2,
  git: 2,
  github: 2,
  state: 2,
  history: 2,
  targets: 2,
  engines: 2,
  validate: 3,
  world: 3,
  plan: 3,
  gate: 3,
  promote: 3,
  status: 3,
  apply: 3,
  render: 3,
  data: 3,
  access: 3,
  app: 4,
  format: 5,
  cli: 6,
};
