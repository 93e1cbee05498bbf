import { describe, expect, it } from 'vitest';
import { escapeHtml, formatReportHtml } from '../../src/format/report-html.js';
import { buildOperatorReport, type OperatorReport } from '../../src/status/report.js';
import { EXAMPLE_DATA, exampleAudit, exampleConfig, exampleStatus } from './fixture.js';

const HOSTILE = `<script>document.title='pwned'</script><img src=x onerror="alert(1)"> & 'quotes'`;

async function hostileReport(): Promise<OperatorReport> {
  const config = await exampleConfig();
  config.models.get('fraud-detector')!.resource.spec.description = HOSTILE;
  const status = exampleStatus();
  status.environments[2]!.lock!.owner = '<b>mallory</b>';
  status.environments[2]!.lock!.host = '"><script>x()</script>';
  const audit = exampleAudit();
  audit[0]!.actor = '<iframe src="https://evil.example">';
  return buildOperatorReport({
    config,
    status,
    audit,
    generatedAt: '2026-11-28T12:00:00.000Z',
    data: [{ ...EXAMPLE_DATA[0]!, checks: [{ check: '<svg onload=alert(1)>', outcome: 'failed' }] }],
  });
}

describe('escapeHtml', () => {
  it('escapes the five characters that matter in content and quoted attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&amp;</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;',
    );
    expect(escapeHtml('plain text 1.2.0 90%')).toBe('plain text 1.2.0 90%');
  });
});

describe('formatReportHtml', () => {
  it('writes every string from the configuration and the store as text', async () => {
    const html = formatReportHtml(await hostileReport());
    expect(html).toContain(escapeHtml(HOSTILE));
    expect(html).toContain('&lt;b&gt;mallory&lt;/b&gt;');
    expect(html).toContain('&quot;&gt;&lt;script&gt;x()&lt;/script&gt;');
    expect(html).toContain('&lt;iframe src=&quot;https://evil.example&quot;&gt;');
    expect(html).toContain('&lt;svg onload=alert(1)&gt;');
    for (const tag of ['<script', '<img', '<iframe', '<svg', '<b>']) expect(html).not.toContain(tag);
  });

  it('is self-contained: nothing to fetch, no script, and a policy that forbids both', async () => {
    const html = formatReportHtml(await hostileReport());
    const urls = [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
    expect(urls.filter((u) => !u?.startsWith('#'))).toEqual(['data:,']);
    expect(html).not.toMatch(/url\(|@import|<link rel="stylesheet"/);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
  });

  it('uses table semantics: column and row headers, one column per environment in promotion order', async () => {
    const html = formatReportHtml(await hostileReport());
    const matrix = html.slice(
      html.indexOf('<table class="matrix">'),
      html.indexOf('</table>', html.indexOf('class="matrix"')),
    );
    expect([...matrix.matchAll(/<th scope="col">([^<]*)<\/th>/g)].map((m) => m[1])).toEqual([
      'Deployment',
      'dev',
      'staging',
      'prod',
    ]);
    expect(matrix.match(/<th scope="row">/g)?.length).toBe(3);
    // The split is written as text beside the bar, which only decorates.
    expect(matrix).toContain('<span class="version">3.2.0</span> <span class="pct">90%</span>');
    expect(matrix).toContain('<div class="bar" aria-hidden="true"><span class="seg c0" style="width:90%"></span>');
  });

  it('says so when there is nothing to show', () => {
    const html = formatReportHtml({
      project: 'empty',
      generatedAt: '2026-11-28T12:00:00.000Z',
      environments: [{ name: 'dev', lastApply: null, resources: 0, lock: null, drift: [] }],
      rows: [],
      pending: [],
      timeline: [],
    });
    expect(html).toContain('never applied');
    expect(html).toContain('No deployments.');
    expect(html).toContain('Nothing was applied yet.');
    expect(html).not.toContain('Data verification');
  });
});
