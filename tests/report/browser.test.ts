import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReportHtml } from '../../src/format/report-html.js';
import { buildOperatorReport } from '../../src/status/report.js';
import { EXAMPLE_DATA, exampleAudit, exampleConfig, exampleStatus } from './fixture.js';

/** The report page in a real browser: Debian's chromium, driven by playwright-core. */
const CHROMIUM = '/usr/bin/chromium';
const root = fileURLToPath(new URL('../..', import.meta.url));
const outDir = path.join(root, 'test-output');
const HOSTILE = `<script>document.title='pwned'</script><img src=x onerror="document.title='pwned'">`;
const available = existsSync(CHROMIUM);
if (!available)
  console.warn(`SKIPPED tests/report/browser.test.ts: ${CHROMIUM} is missing (apt-get install -y chromium)`);

/**
 * Runs in the page (a string: the project's TypeScript has no DOM types). Every element holding
 * text, its colour against the first opaque background behind it: the lowest WCAG contrast ratio.
 */
const LOWEST_CONTRAST = `(() => {
  const parse = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = (el) => {
    for (; el; el = el.parentElement) {
      const c = parse(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0.9)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  let min = { ratio: 21, text: '' };
  for (const el of document.body.querySelectorAll('*')) {
    const text = [...el.childNodes].filter((n) => n.nodeType === 3 && n.textContent.trim()).map((n) => n.textContent);
    if (text.length === 0) continue;
    const a = luminance(parse(getComputedStyle(el).color));
    const b = luminance(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    if (ratio < min.ratio) min = { ratio, text: text.join('').trim() };
  }
  return min;
})()`;

interface Loaded {
  page: Page;
  consoleErrors: string[];
  failedRequests: string[];
  requests: string[];
}

describe.skipIf(!available)('the report page in chromium', () => {
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    const config = await exampleConfig();
    const fraud = config.models.get('fraud-detector')!.resource.spec;
    fraud.description = `${fraud.description ?? ''} ${HOSTILE}`;
    // Staging runs a split git no longer declares: an out-of-sync cell.
    const status = exampleStatus();
    status.environments[1]!.deployments[2]!.traffic = [
      { version: '3.2.0', percent: 50 },
      { version: '3.3.0', percent: 50 },
    ];
    const html = formatReportHtml(
      buildOperatorReport({
        config,
        status,
        audit: exampleAudit(),
        generatedAt: '2026-11-28T12:00:00.000Z',
        data: EXAMPLE_DATA,
      }),
    );
    mkdirSync(outDir, { recursive: true });
    const file = path.join(outDir, 'report.html');
    writeFileSync(file, html);
    url = pathToFileURL(file).href;
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function open(colorScheme: 'light' | 'dark'): Promise<Loaded> {
    const context = await browser.newContext({ colorScheme, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const loaded: Loaded = { page, consoleErrors: [], failedRequests: [], requests: [] };
    page.on('console', (m) => {
      if (m.type() === 'error') loaded.consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => loaded.consoleErrors.push(e.message));
    page.on('requestfailed', (r) => loaded.failedRequests.push(r.url()));
    page.on('request', (r) => loaded.requests.push(r.url()));
    await page.goto(url, { waitUntil: 'load' });
    return loaded;
  }

  it('loads with no console error, no failed request, and fetches nothing but itself', async () => {
    const { page, consoleErrors, failedRequests, requests } = await open('light');
    expect(consoleErrors).toEqual([]);
    expect(failedRequests).toEqual([]);
    expect(requests).toEqual([url]);
    await page.context().close();
  });

  it('shows the versions and percentages of each environment, in promotion order', async () => {
    const { page } = await open('light');
    const table = page.locator('table.matrix');
    expect(await table.locator('thead th').allInnerTexts()).toEqual(['Deployment', 'dev', 'staging', 'prod']);
    const row = table.locator('tbody tr', { has: page.locator('th', { hasText: 'fraud-detector' }) });
    const cells = await row.locator('td').allInnerTexts();
    expect(cells.map((c) => c.replace(/\s+/g, ' ').trim())).toEqual([
      '4.0.0 100% candidate synced',
      '3.2.0 50% 3.3.0 50% out of sync git declares 3.3.0 100%',
      '3.2.0 90% 3.3.0 10% synced',
    ]);
    // The bar's segments are as wide as the split says.
    const segments = row.locator('td').nth(2).locator('.seg');
    const [a, b] = [(await segments.nth(0).boundingBox())!.width, (await segments.nth(1).boundingBox())!.width];
    expect(a / (a + b)).toBeCloseTo(0.9, 1);
    await page.context().close();
  });

  it('shows a hostile description as text: no script runs, no element is created', async () => {
    const { page } = await open('light');
    expect(await page.title()).toBe('acme-ml: operator report');
    expect(await page.locator('script, img, iframe').count()).toBe(0);
    const description = await page.locator('table.matrix .desc').nth(2).innerText();
    expect(description).toContain(HOSTILE);
    await page.context().close();
  });

  it.each(['light', 'dark'] as const)('has readable contrast in %s, and a screenshot is written', async (scheme) => {
    const { page } = await open(scheme);
    const worst = (await page.evaluate(LOWEST_CONTRAST)) as { ratio: number; text: string };
    expect(worst.ratio, `lowest contrast: "${worst.text}"`).toBeGreaterThanOrEqual(4.5);
    expect(worst.ratio).toBeLessThan(21); // something was measured (a parse failure would leave 21)
    const file = path.join(outDir, `report-${scheme}.png`);
    await page.screenshot({ path: file, fullPage: true });
    expect(existsSync(file)).toBe(true);
    await page.context().close();
  });
});
