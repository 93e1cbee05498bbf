import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/** Files by repository-relative path; `null` deletes the file. */
export type Files = Record<string, string | Buffer | null>;

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary directory, removed after the test file. */
export function tempDir(prefix = 'slipway-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

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

/** A temporary directory holding `files`. */
export function makeTree(files: Files): string {
  const root = tempDir();
  writeFiles(root, files);
  return root;
}

export interface CommitOptions {
  message?: string;
  /** Author and committer date, e.g. `2026-11-01T10:00:00Z`: for soak times. */
  date?: string;
  author?: { name: string; email: string };
}

/** A real git repository for tests: commits inline trees with controllable dates and authors. */
export class TestRepo {
  readonly dir: string;

  constructor(dir?: string) {
    this.dir = dir ?? tempDir('slipway-git-');
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
    this.gitWith(env, 'commit', '-q', '--allow-empty', '-m', options.message ?? 'change');
    return this.head();
  }

  head(): string {
    return this.git('rev-parse', 'HEAD').trim();
  }
}
