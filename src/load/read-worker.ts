import { parentPort, workerData } from 'node:worker_threads';
import { UserError } from '../model/errors.js';
import { walkTree } from './fs-tree.js';
import type { TreeFile, TreeScope } from './tree.js';

/** What the reading thread is started with. */
export interface ReadRequest {
  root: string;
  scope?: TreeScope;
}

/** A file as it crosses threads: its bytes are a slice of its batch's buffer. */
export type PackedFile =
  Exclude<TreeFile, { status: 'ok' }> | { path: string; status: 'ok'; offset: number; length: number };

/** The reading thread's messages, in order: batches of files, then `done` or `failed`. */
export type ReadMessage =
  | { type: 'files'; files: PackedFile[]; bytes: ArrayBuffer }
  | { type: 'done' }
  | { type: 'failed'; message: string; hint?: string; user: boolean };

// Batches small enough that the main thread starts parsing early, large enough that messages stay
// few; the first is smallest, as the main thread is waiting for it.
const FIRST_BATCH_FILES = 20;
const BATCH_FILES = 200;
const BATCH_BYTES = 256 * 1024;

/** Walks and reads the tree (`walkTree`, the same code as the single-threaded read) and posts it in batches. */
function readAndPost(request: ReadRequest, post: (message: ReadMessage, transfer?: ArrayBuffer[]) => void): void {
  let pending: TreeFile[] = [];
  let pendingBytes = 0;
  let batchFiles = FIRST_BATCH_FILES;
  const flush = (): void => {
    if (pending.length === 0) return;
    const bytes = new ArrayBuffer(pendingBytes);
    const view = new Uint8Array(bytes);
    let offset = 0;
    const files = pending.map((file): PackedFile => {
      if (file.status !== 'ok') return file;
      view.set(file.content, offset);
      const packed: PackedFile = { path: file.path, status: 'ok', offset, length: file.content.length };
      offset += file.content.length;
      return packed;
    });
    // The buffer is moved, not copied, to the main thread.
    post({ type: 'files', files, bytes }, [bytes]);
    pending = [];
    pendingBytes = 0;
    batchFiles = BATCH_FILES;
  };
  try {
    walkTree(request.root, request.scope, (file) => {
      pending.push(file);
      if (file.status === 'ok') pendingBytes += file.content.length;
      if (pending.length >= batchFiles || pendingBytes >= BATCH_BYTES) flush();
    });
    flush();
    post({ type: 'done' });
  } catch (error) {
    const user = error instanceof UserError;
    post({
      type: 'failed',
      message: error instanceof Error ? error.message : String(error),
      ...(user && error.hint ? { hint: error.hint } : {}),
      user,
    });
  }
}

if (parentPort) {
  const port = parentPort;
  readAndPost(workerData as ReadRequest, (message, transfer) => port.postMessage(message, transfer));
}
