import { describe, expect, it } from 'vitest';
import type { RuleCode } from '../../src/model/rule-codes.js';
import { codeFrame, formatText, SourceLines } from '../../src/format/text.js';
import { visible } from '../../src/format/escape.js';
import { validateSummaryLine } from '../../src/format/summary.js';
import { diag, report } from '../support/values.js';

/** Where these tests' diagnostics are, unless they say otherwise. */
const at = { file: 'a.yaml', line: 2, column: 9 };

describe('text', () => {
  it('summary line: exact counts and plurals', () => {
    expect(validateSummaryLine({ errors: 3, warnings: 1, fileCount: 42 })).toBe('3 errors, 1 warning in 42 files');
    expect(validateSummaryLine({ errors: 1, warnings: 0, fileCount: 1 })).toBe('1 error, 0 warnings in 1 file');
    expect(validateSummaryLine({ errors: 0, warnings: 2, fileCount: 0 })).toBe('0 errors, 2 warnings in 0 files');
  });

  it('header, code frame with carets under the node, hint, summary', () => {
    const texts = new Map([['a.yaml', 'spec:\n  mode: realtme\n']]);
    const out = formatText(
      {
        ...report([
          diag({ ...at, endLine: 2, endColumn: 16, hint: 'did you mean `realtime`?' }),
          diag({ ...at, severity: 'warning', code: 'w' as RuleCode, line: 1, column: 1, message: 'warned' }),
        ]),
        texts,
      },
      { color: false },
    );
    expect(out).toBe(
      [
        'a.yaml:2:9  error  schema-enum  bad',
        '  2 |   mode: realtme',
        '              ^^^^^^^',
        '  hint: did you mean `realtime`?',
        '',
        'a.yaml:1:1  warning  w  warned',
        '  1 | spec:',
        '      ^^^^^',
        '',
        '1 error, 1 warning in 1 file',
        '',
      ].join('\n'),
    );
  });

  it('colours severity, location, code and carets only when asked', () => {
    const texts = new Map([['a.yaml', 'spec:\n  mode: realtme\n']]);
    const data = { ...report([diag({ ...at, endLine: 2, endColumn: 16 })]), texts };
    expect(formatText(data, { color: false })).not.toContain('\u001b');
    expect(formatText(data, { color: true })).toBe(
      [
        '\u001b[1ma.yaml:2:9\u001b[0m  \u001b[31merror\u001b[0m  \u001b[2mschema-enum\u001b[0m  bad',
        '  \u001b[2m2 | \u001b[0m  mode: realtme',
        '              \u001b[31m^^^^^^^\u001b[0m',
        '',
        '\u001b[31m1 error, 0 warnings in 1 file\u001b[0m',
        '',
      ].join('\n'),
    );
  });

  it('no frame when the file text is unknown or the line is past its end', () => {
    const out = formatText(
      {
        ...report([diag({ ...at, file: 'gone.yaml' }), diag({ ...at, line: 99 })]),
        texts: new Map([['a.yaml', 'x: 1\n']]),
      },
      { color: false },
    );
    expect(out).toBe(
      'gone.yaml:2:9  error  schema-enum  bad\n\na.yaml:99:9  error  schema-enum  bad\n\n2 errors, 0 warnings in 1 file\n',
    );
  });

  it('frames: tabs stay one column, CRLF is dropped, spans over lines underline to the end of the line', () => {
    const lines = new SourceLines(new Map([['a.yaml', 'a:\r\n\tb: c  \r\n']]));
    expect([1, 2, 3, 4, 0].map((n) => lines.line('a.yaml', n))).toEqual(['a:', '\tb: c  ', '', undefined, undefined]);
    expect(lines.line('other.yaml', 1)).toBeUndefined();
    expect(codeFrame(lines.line('a.yaml', 2), { line: 2, column: 2, endLine: 3, endColumn: 1 })).toEqual({
      gutter: '2 | ',
      line: ' b: c',
      caretStart: 1,
      caretWidth: 4,
    });
    expect(codeFrame('a: b', { line: 1, column: 10 })).toEqual({
      gutter: '1 | ',
      line: 'a: b',
      caretStart: 4,
      caretWidth: 1,
    });
    expect(codeFrame('', { line: 1, column: 1 })).toEqual({ gutter: '1 | ', line: '', caretStart: 0, caretWidth: 1 });
  });

  it('a long line is cut to a window around the column', () => {
    const line = 'k: ' + 'x'.repeat(300) + 'TARGET' + 'y'.repeat(300);
    const frame = codeFrame(line, { line: 1, column: 304, endLine: 1, endColumn: 310 })!;
    expect(frame.line.length).toBe(122);
    expect(frame.line.startsWith('…')).toBe(true);
    expect(frame.line.endsWith('…')).toBe(true);
    expect(frame.line.slice(frame.caretStart, frame.caretStart + frame.caretWidth)).toBe('TARGET');
  });

  it('control characters from a hostile file are shown, never sent to the terminal', () => {
    expect(visible('a\u001b[31mb\u0007\u007f\u009b')).toBe('a\u241b[31mb\u2407\u2421\ufffd');
    const texts = new Map([['a.yaml', 'name: "\u001b[2J"\n']]);
    const out = formatText(
      {
        ...report([diag({ ...at, line: 1, column: 7, message: 'got `\u001b[2J`', hint: 'no \u001b]0;title\u0007' })]),
        texts,
      },
      { color: false },
    );
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
    expect(out).toContain('  1 | name: "\u241b[2J"\n');
  });
});
