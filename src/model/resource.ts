/**
 * What Slipway records of one resource: its `spec`, plus the metadata and resolved facts that
 * matter to a deployment (labels, annotations, and for a Deployment the artifacts of the model
 * versions it serves, so that a re-published artifact shows up as a change).
 */
export interface ResourceBody {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: unknown;
  /** Deployments only: `{version: {uri, digest}}` of every version that gets traffic. */
  artifacts?: Record<string, { uri: string; digest: string }>;
}
