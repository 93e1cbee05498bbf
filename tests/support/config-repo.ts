/**
 * The one builder of configuration repositories for tests: a base (a files map, see
 * tests/support/base-*.ts and `minimalRepo` below) with overrides laid over it, written to a
 * temporary folder, or committed to a real git repository with backdated commits.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from './tree.js';

/** Files by repository-relative path; `null` removes the file (from the base, or from the tree it is written over). */
export type Files = Record<string, string | Buffer | null>;

/** The first line of every Slipway document. */
export const HEAD = 'apiVersion: slipway.dev/v1\n';

/** `base` with each of `overrides` laid over it in turn: a path is replaced, added, or (`null`) removed. */
export function withFiles(base: Files, ...overrides: Files[]): Files {
  return Object.assign({}, base, ...overrides) as Files;
}

/** Writes `files` under `root`, creating folders; a `null` deletes the file. */
export function writeFiles(root: string, files: Files): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(root, rel);
    if (content === null) {
      rmSync(abs, { force: true });
      continue;
    }
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
}

/** `files` written to `dir` (by default a fresh temporary directory); returns the directory. */
export function writeRepo(files: Files, dir = tempDir()): string {
  mkdirSync(dir, { recursive: true });
  writeFiles(dir, files);
  return dir;
}

/** The smallest valid repository: Project `acme` with environment `dev`; `teams` adds team `ml` (alice). */
export function minimalRepo(options: { teams?: boolean } = {}): {
  'slipway.yaml': string;
  'environments/dev/environment.yaml': string;
} {
  return {
    'slipway.yaml': `${HEAD}kind: Project\nmetadata: {name: acme}\nspec:\n  environments: [dev]\n${options.teams ? '  teams:\n    ml: {members: [alice]}\n' : ''}`,
    'environments/dev/environment.yaml': `${HEAD}kind: Environment\nmetadata: {name: dev}\nspec:\n  target: {type: local}\n`,
  };
}

export interface CommitOptions {
  message?: string;
  /** Author and committer date, e.g. `2026-11-01T10:00:00Z`: for soak times. */
  date?: string;
  author?: { name: string; email: string };
  /** Who committed it, when not the author (a rebase, a cherry-pick, GitHub's web editor). */
  committer?: { name: string; email: string };
}

/** A real git repository for tests: commits inline trees with controllable dates and authors. */
export class TestRepo {
  readonly dir: string;
  /** The bare repository `origin`, when it has one (see `gitRepo`). */
  origin?: string;

  /** A new repository in `dir` (by default a fresh temporary one); `init: false` adopts an existing one. */
  constructor(dir?: string, options: { init?: boolean } = {}) {
    this.dir = dir ?? tempDir('slipway-git-');
    if (options.init === false) return;
    this.git('init', '-q', '-b', 'main');
    this.git('config', 'user.name', 'Test User');
    this.git('config', 'user.email', 'test@example.com');
    this.git('config', 'commit.gpgsign', 'false');
  }

  git(...args: string[]): string {
    return this.gitWith({}, ...args);
  }

  gitWith(env: Record<string, string>, ...args: string[]): string {
    return execFileSync('git', args, { cwd: this.dir, env: { ...process.env, ...env }, encoding: 'utf8' });
  }

  write(files: Files): this {
    writeFiles(this.dir, files);
    return this;
  }

  /** Writes `files`, stages everything and commits; returns the new commit SHA. */
  commit(files: Files = {}, options: CommitOptions = {}): string {
    this.write(files);
    this.git('add', '-A');
    const env: Record<string, string> = {};
    if (options.date) {
      env.GIT_AUTHOR_DATE = options.date;
      env.GIT_COMMITTER_DATE = options.date;
    }
    if (options.author) {
      env.GIT_AUTHOR_NAME = options.author.name;
      env.GIT_AUTHOR_EMAIL = options.author.email;
    }
    if (options.committer) {
      env.GIT_COMMITTER_NAME = options.committer.name;
      env.GIT_COMMITTER_EMAIL = options.committer.email;
    }
    this.gitWith(env, 'commit', '-q', '--allow-empty', '-m', options.message ?? 'change');
    return this.head();
  }

  head(): string {
    return this.git('rev-parse', 'HEAD').trim();
  }

  /** What a refused command must leave untouched: the status, the branches and HEAD. */
  snapshot(): string {
    return [
      this.git('status', '--porcelain=v2', '--branch', '--untracked-files=all'),
      this.git('for-each-ref', '--format=%(refname) %(objectname)', 'refs/heads/'),
    ].join('\n--\n');
  }
}

/** One commit of a history: its files (laid over the tree before it) and options. */
export interface Commit extends CommitOptions {
  files: Files;
}

export interface GitRepoOptions extends CommitOptions {
  /** Commits after the first, in order: e.g. a backdated history of rollouts. */
  later?: readonly Commit[];
  /** Also make a bare repository, set as `origin`, and push main to it. */
  origin?: boolean;
}

const templates = new Map<string, { dir: string; origin?: string }>();

/**
 * A git repository on `main` with `files` committed (with `options`), then the `later` commits.
 * The first call for a given content builds it with git; later calls copy those folders, which
 * keeps the many small repository tests fast (a git process costs more than a copy).
 */
export function gitRepo(files: Files, options: GitRepoOptions = {}): TestRepo {
  const { later = [], origin: withOrigin = false, ...first } = options;
  const key = JSON.stringify([files, first, later, withOrigin]);
  let template = templates.get(key);
  if (!template) {
    const repo = new TestRepo();
    repo.commit(files, first);
    for (const { files: changed, ...commit } of later) repo.commit(changed, commit);
    template = { dir: repo.dir };
    if (withOrigin) {
      template.origin = tempDir('slipway-origin-');
      execFileSync('git', ['init', '-q', '--bare', template.origin]);
      repo.git('remote', 'add', 'origin', template.origin);
      repo.git('push', '-q', 'origin', 'main');
    }
    templates.set(key, template);
  }
  const dir = tempDir('slipway-git-');
  cpSync(template.dir, dir, { recursive: true });
  const repo = new TestRepo(dir, { init: false });
  if (template.origin) {
    repo.origin = tempDir('slipway-origin-');
    cpSync(template.origin, repo.origin, { recursive: true });
    repo.git('remote', 'set-url', 'origin', repo.origin);
  }
  return repo;
}
