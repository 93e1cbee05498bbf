import { describe, expect, it } from 'vitest';
import type { RuleCode } from '../../src/model/rule-codes.js';
import { escapeData, escapeProperty, formatGithub } from '../../src/format/github.js';
import { diag, report } from '../support/values.js';

describe('github workflow commands', () => {
  it('escapes data: % first, then CR and LF', () => {
    expect(escapeData('100%\r\nnext %0A')).toBe('100%25%0D%0Anext %250A');
  });

  it('escapes properties: also : and ,', () => {
    expect(escapeProperty('a:b,c%d\ne')).toBe('a%3Ab%2Cc%25d%0Ae');
  });

  it('one ::error or ::warning per diagnostic, then the summary line', () => {
    const out = formatGithub(
      report(
        [
          diag({ endLine: 3, endColumn: 12, hint: 'did you mean `realtime`?' }),
          diag({
            severity: 'warning',
            code: 'deprecated-traffic' as RuleCode,
            file: 'environments/a,b:c/x.yaml',
            line: 7,
            column: 1,
            message: 'version 1.0.0 is deprecated: 50% of traffic\nmove it',
          }),
          diag({ line: 1, column: 1, endLine: 4, endColumn: 1 }),
        ],
        2,
      ),
    );
    expect(out).toBe(
      [
        '::error file=environments/dev/a.yaml,line=3,col=5,endLine=3,endColumn=12,title=schema-enum::bad%0Ahint: did you mean `realtime`?',
        '::warning file=environments/a%2Cb%3Ac/x.yaml,line=7,col=1,title=deprecated-traffic::version 1.0.0 is deprecated: 50%25 of traffic%0Amove it',
        // a span over several lines is shown by its start: annotations take columns within one line only
        '::error file=environments/dev/a.yaml,line=1,col=1,title=schema-enum::bad',
        '2 errors, 1 warning in 2 files',
        '',
      ].join('\n'),
    );
  });

  it('a hostile message cannot start a second workflow command', () => {
    const out = formatGithub(report([diag({ message: 'x\n::add-mask::secret\r\n::stop-commands::t \u001b[31mred' })]));
    expect(out.split('\n')).toEqual([
      '::error file=environments/dev/a.yaml,line=3,col=5,title=schema-enum::x%0A::add-mask::secret%0D%0A::stop-commands::t \u241b[31mred',
      '1 error, 0 warnings in 1 file',
      '',
    ]);
  });

  it('prefixes file paths with pathPrefix', () => {
    const out = formatGithub(report([diag()]), { pathPrefix: 'deploy/config/' });
    expect(out.split('\n')[0]).toBe(
      '::error file=deploy/config/environments/dev/a.yaml,line=3,col=5,title=schema-enum::bad',
    );
  });
});
