/** The pull request a gate or promotion run is about. */
export interface PullRequestRef {
  owner: string;
  repo: string;
  number: number;
}

export interface PullRequestContext extends PullRequestRef {
  /** The commit under review. */
  headSha: string;
  headRef: string;
  baseRef: string;
  baseSha: string;
  /** GitHub login of the pull request's author. */
  author: string;
}

type ReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';

export interface Review {
  id: number;
  /** GitHub login of the reviewer. */
  user: string;
  state: ReviewState;
  /** The commit the review was submitted on. */
  commitId: string;
  submittedAt?: string;
}

/** One commit of a pull request, as GitHub lists it. */
export interface PullRequestCommit {
  sha: string;
  /**
   * GitHub logins of the commit's author and committer (one when they are the same account).
   * A name and email that GitHub maps to no account has no login, so it is not here.
   */
  logins: string[];
}

export interface CheckAnnotation {
  path: string;
  startLine: number;
  endLine: number;
  level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
}

export interface CheckRunInput {
  name: string;
  headSha: string;
  conclusion: 'success' | 'failure' | 'neutral' | 'action_required';
  title: string;
  summary: string;
  annotations: CheckAnnotation[];
  /** Where the check run's "Details" link points (e.g. the Actions run); GitHub's default is the app's page. */
  detailsUrl?: string;
}

export interface PullRequestInput {
  head: string;
  base: string;
  title: string;
  body: string;
  labels: string[];
}

/**
 * Everything Slipway asks of GitHub, behind one small interface: the Octokit implementation
 * lives in src/github/octokit.ts, and tests run it against a local OpenAPI-checked server.
 */
export interface GitHubClient {
  /** Every review of the pull request (all pages). */
  listReviews(pr: PullRequestRef): Promise<Review[]>;
  /** The pull request's commits, oldest first (all pages; GitHub lists at most 250). */
  listCommits(pr: PullRequestRef): Promise<PullRequestCommit[]>;
  /** Creates the comment carrying `marker`, or edits it in place if one exists. */
  upsertComment(pr: PullRequestRef, marker: string, body: string): Promise<{ id: number; created: boolean }>;
  /** Creates a completed check run; annotations are sent in batches of 50. */
  createCheckRun(repo: { owner: string; repo: string }, input: CheckRunInput): Promise<{ id: number }>;
  /** Opens a pull request for `input.head`, or updates the open one for that branch. */
  upsertPullRequest(
    repo: { owner: string; repo: string },
    input: PullRequestInput,
  ): Promise<{ number: number; url: string; created: boolean }>;
}
