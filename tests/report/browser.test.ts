import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatReportHtml } from '../../src/format/report-html.js';
import { buildOperatorReport } from '../../src/status/report.js';
import { runCli } from '../support/cli.js';
import { exampleRepo } from '../support/example-repo.js';
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

interface StatusJson {
  environments: Array<{
    env: string;
    deployments: Array<{ name: string; traffic: Array<{ version: string; percent: number }> }>;
    sync: { status: string; ref?: string; pending?: { add: number; change: number; destroy: number } };
  }>;
}

describe.skipIf(!available)('`slipway report` on the example, against `status --format json` of the same store', () => {
  let browser: Browser;
  let page: Page;
  let status: StatusJson;
  let written: { code: number; stdout: string; stderr: string };

  beforeAll(async () => {
    const { repo } = exampleRepo({ localTargets: true });
    const now = new Date('2026-11-28T12:00:00Z');
    const cli = (...argv: string[]) =>
      runCli([...argv, '--repo', repo.dir], { cwd: repo.dir, env: { SLIPWAY_ACTOR: 'dave' }, now });
    expect((await cli('apply', '--env', 'dev,staging,prod', '--yes')).code).toBe(0);
    // main moves on: prod's fraud-detector goes to 50/50 in git, not yet applied.
    const file = path.join(repo.dir, 'environments/prod/deployments/fraud-detector.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace(/percent: 90\b/, 'percent: 50')
        .replace(/percent: 10\b/, 'percent: 50'),
    );
    repo.commit({}, { message: 'prod: fraud-detector 50/50' });
    status = JSON.parse((await cli('status', '--format', 'json')).stdout) as StatusJson;
    written = await cli('report', '--out', 'out/report.html');
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.goto(pathToFileURL(path.join(repo.dir, 'out/report.html')).href, { waitUntil: 'load' });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('writes the page and says so', () => {
    expect(written).toEqual({
      code: 0,
      stdout: 'Report written to out/report.html: 3 environments, 3 deployments, 4 pending promotions.\n',
      stderr: '',
    });
  });

  it('shows, in every cell of the matrix, the traffic status says is live', async () => {
    const table = page.locator('table.matrix');
    const envs = (await table.locator('thead th').allInnerTexts()).slice(1);
    expect(envs).toEqual(status.environments.map((e) => e.env));
    const rows = table.locator('tbody tr');
    const names = await rows.locator('th .name').allInnerTexts();
    expect(names).toEqual([...new Set(status.environments.flatMap((e) => e.deployments.map((d) => d.name)))].sort());
    for (let r = 0; r < names.length; r++) {
      const cells = rows.nth(r).locator('td');
      for (let c = 0; c < envs.length; c++) {
        const shares = cells.nth(c).locator('.shares li');
        const shown = [];
        for (let i = 0; i < (await shares.count()); i++)
          shown.push({
            version: await shares.nth(i).locator('.version').innerText(),
            percent: Number((await shares.nth(i).locator('.pct').innerText()).replace('%', '')),
          });
        const live = status.environments[c]!.deployments.find((d) => d.name === names[r])!.traffic;
        expect(shown, `${names[r]} in ${envs[c]}`).toEqual(live);
      }
    }
    const prodFraud = rows.nth(names.indexOf('fraud-detector')).locator('td').nth(2);
    expect(await prodFraud.innerText()).toContain('git declares 3.2.0 50%, 3.3.0 50%');
  });

  it('says of each environment what status says of its sync', async () => {
    const rows = page.locator('#environments ~ .scroll table tbody tr');
    expect(await rows.count()).toBe(status.environments.length);
    for (let i = 0; i < status.environments.length; i++) {
      const e = status.environments[i]!;
      const sync = await rows.nth(i).locator('td').nth(4).innerText();
      expect(sync, e.env).toMatch(
        e.sync.status === 'synced'
          ? /^Synced with main \w{7}$/
          : new RegExp(
              `^OutOfSync with main \\w{7}: ${e.sync.pending!.add} to add, ${e.sync.pending!.change} to change`,
            ),
      );
    }
    expect(status.environments.map((e) => e.sync.status)).toEqual(['synced', 'synced', 'out-of-sync']);
    expect(await page.locator('.summary').innerText()).toContain('1 environment out of sync with main');
  });

  it.each(['light', 'dark'] as const)('has readable contrast in %s too', async (colorScheme) => {
    await page.emulateMedia({ colorScheme });
    const worst = (await page.evaluate(LOWEST_CONTRAST)) as { ratio: number; text: string };
    expect(worst.ratio, `lowest contrast: "${worst.text}"`).toBeGreaterThanOrEqual(4.5);
    await page.screenshot({ path: path.join(outDir, `report-cli-${colorScheme}.png`), fullPage: true });
  });

  it('lists pending promotions with the soak the next environment asks for, from the audit log', async () => {
    const pending = page.locator('#pending ~ .scroll table tbody tr');
    const texts = (await pending.allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
    // Applied at 12:00 today: staging asks for 12h in dev, prod for 48h in staging.
    expect(texts).toContainEqual(
      expect.stringMatching(
        /^fraud-detector 4\.0\.0 candidate dev 100% staging 12h left 12h required ready at 2026-11-29 00:00 UTC$/,
      ),
    );
    expect(texts).toContainEqual(expect.stringMatching(/^churn-scorer 2\.1\.0 staging 100% prod 2d left 48h required/));
  });
});
