import type { Verdict } from '../gate/checks/types.js';

/** ✓ pass, ✗ fail, … pending: the same marks in every gate format. */
export const MARK: Record<Verdict, string> = { pass: '✓', fail: '✗', pending: '…' };

export const VERDICT_WORD: Record<Verdict, string> = { pass: 'passed', fail: 'blocked', pending: 'pending' };
