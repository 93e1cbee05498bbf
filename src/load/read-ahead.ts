import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UserError } from '../model/errors.js';
import { fsTree } from './fs-tree.js';
import type { PackedFile, ReadMessage, ReadRequest } from './read-worker.js';
import { byPath, type TreeFile, type TreeScope, type TreeSource } from './tree.js';

const WORKER = new URL('./read-worker.js', import.meta.url);

export interface ReadAheadOptions {
  /** Read on a second thread; by default when the machine has two or more cores and the compiled worker is present. */
  thread?: boolean;
}

/**
 * The working tree (as `fsTree`), read on a second thread that starts at once: while the main
 * thread loads the parser and the rules, and then parses, the other thread walks and reads the
 * files and hands them over in batches (`streamFiles`). Reading is about a sixth of a large
 * validate run, and this takes it off the critical path. The thread runs the same walk as
 * `fsTree`, so both report the same files, links and errors.
 *
 * Without a second core, or when run from the TypeScript sources (the tests), it is `fsTree`.
 */
export function readAhead(root: string, scope?: TreeScope, options: ReadAheadOptions = {}): TreeSource {
  const absRoot = path.resolve(root);
  if (!(options.thread ?? (availableParallelism() > 1 && existsSync(fileURLToPath(WORKER)))))
    return fsTree(absRoot, scope);

  const request: ReadRequest = { root: absRoot, ...(scope ? { scope } : {}) };
  // The thread needs none of this process's flags, and some (`--input-type`) are refused in threads.
  const worker = new Worker(WORKER, { workerData: request, execArgv: [] });
  const files: TreeFile[] = [];
  const listeners = new Set<(file: TreeFile) => void>();
  let settled = false;
  const finished = new Promise<void>((resolve, reject) => {
    const end = (error?: Error): void => {
      if (settled) return;
      settled = true;
      worker.unref();
      if (error) reject(error);
      else resolve();
    };
    worker.on('message', (message: ReadMessage) => {
      switch (message.type) {
        case 'files': {
          const bytes = Buffer.from(message.bytes);
          for (const packed of message.files) {
            const file = unpack(packed, bytes);
            files.push(file);
            for (const listener of listeners) listener(file);
          }
          return;
        }
        case 'done':
          return end();
        case 'failed':
          return end(
            message.user
              ? new UserError(message.message, message.hint ? { hint: message.hint } : {})
              : new Error(`reading ${absRoot} failed: ${message.message}`),
          );
      }
    });
    worker.on('error', (error) => end(new Error(`reading ${absRoot} failed: ${error.message}`, { cause: error })));
    worker.on('exit', (code) =>
      end(new Error(`reading ${absRoot} failed: the reading thread stopped (exit code ${code})`)),
    );
  });
  // Nobody may be waiting yet; the failure still reaches whoever reads.
  finished.catch(() => undefined);

  const streamFiles = async (onFile: (file: TreeFile) => void): Promise<void> => {
    files.forEach(onFile);
    listeners.add(onFile);
    try {
      await finished;
    } finally {
      listeners.delete(onFile);
    }
  };
  return {
    description: `working tree ${absRoot}`,
    ...(scope ? { scope } : {}),
    streamFiles,
    async readFiles() {
      const all: TreeFile[] = [];
      await streamFiles((file) => all.push(file));
      return all.sort(byPath);
    },
  };
}

function unpack(packed: PackedFile, bytes: Buffer): TreeFile {
  if (packed.status !== 'ok') return packed;
  return { path: packed.path, status: 'ok', content: bytes.subarray(packed.offset, packed.offset + packed.length) };
}
