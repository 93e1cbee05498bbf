import type { EnvironmentSync } from '../status/sync.js';
import { formatElapsed } from '../world/duration.js';
import { plural } from './style.js';
import type {
  DataVerification,
  OperatorReport,
  PendingPromotion,
  PendingSoak,
  ReportCell,
  ReportEnvironment,
  ReportRow,
  TimelineEntry,
  TrafficShare,
} from '../status/report.js';

/**
 * The operator's page: one self-contained HTML file (no script, no external asset, nothing
 * fetched: the Content-Security-Policy forbids it), readable in light and dark. Every string that
 * comes from the configuration or the store goes through `escapeHtml`.
 */
export function formatReportHtml(report: OperatorReport): string {
  const title = report.project ? `${report.project}: operator report` : 'Operator report';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<link rel="icon" href="data:,">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(title)}</h1>
<p class="muted">Generated ${time(report.generatedAt)} by Slipway</p>
${summaryHtml(report)}
</header>
<main>
${environmentsSection(report.environments)}
${deploymentsSection(report)}
${pendingSection(report.pending)}
${timelineSection(report.timeline)}
${report.data ? dataSection(report.data) : ''}
</main>
</body>
</html>
`;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const time = (iso: string): string =>
  `<time datetime="${escapeHtml(iso)}">${escapeHtml(iso.replace('T', ' ').replace(/(:\d\d)?(\.\d+)?Z$/, ' UTC'))}</time>`;

const revision = (rev: string, dirty = false): string =>
  `<code title="${escapeHtml(rev)}">${escapeHtml(/^[0-9a-f]{40}$/.test(rev) ? rev.slice(0, 7) : rev)}</code>${dirty ? ' <span class="badge warn">uncommitted changes</span>' : ''}`;

const badge = (kind: 'ok' | 'warn' | 'bad' | 'info' | 'quiet', text: string): string =>
  `<span class="badge ${kind}">${escapeHtml(text)}</span>`;

function section(id: string, heading: string, body: string): string {
  return `<section aria-labelledby="${id}">\n<h2 id="${id}">${escapeHtml(heading)}</h2>\n${body}\n</section>`;
}

function table(caption: string, head: readonly string[], rows: readonly string[], className = ''): string {
  return `<div class="scroll"><table${className ? ` class="${className}"` : ''}>
<caption>${escapeHtml(caption)}</caption>
<thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table></div>`;
}

/** The counts an operator looks for first; each links to its section. */
function summaryHtml(report: OperatorReport): string {
  const cells = report.rows.flatMap((r) => r.cells);
  const outOfSync = cells.filter((c) => c.sync === 'out-of-sync' || c.sync === 'not-declared').length;
  const drifted = report.environments.reduce((n, e) => n + e.drift.length, 0);
  const locked = report.environments.filter((e) => e.lock).length;
  const behind = report.environments.filter((e) => e.sync?.status === 'out-of-sync').length;
  const synced = report.environments.every((e) => e.sync?.status === 'synced');
  const ref = report.environments.find((e) => e.sync?.ref)?.sync?.ref;
  const failing = (report.data ?? []).filter((d) => d.outcome === 'failed' || d.outcome === 'error').length;
  const items: [Parameters<typeof badge>[0], string, string][] = [
    [locked ? 'warn' : 'ok', locked ? `${plural(locked, 'environment')} locked` : 'no lock held', '#environments'],
    [drifted ? 'bad' : 'ok', drifted ? `${plural(drifted, 'resource')} drifted` : 'no drift', '#environments'],
  ];
  if (ref !== undefined)
    items.push(
      behind
        ? ['warn', `${plural(behind, 'environment')} out of sync with ${ref}`, '#environments']
        : synced
          ? ['ok', `every environment synced with ${ref}`, '#environments']
          : ['quiet', `sync with ${ref} unknown`, '#environments'],
    );
  items.push(
    [
      outOfSync ? 'warn' : 'ok',
      outOfSync ? `${plural(outOfSync, 'deployment')} out of sync` : 'all in sync',
      '#deployments',
    ],
    [report.pending.length ? 'info' : 'ok', `${plural(report.pending.length, 'pending promotion')}`, '#pending'],
  );
  if (report.data)
    items.push([
      failing ? 'bad' : 'ok',
      failing ? `${plural(failing, 'data source')} failing verification` : 'data verified',
      '#data',
    ]);
  return `<ul class="summary">${items.map(([kind, text, href]) => `<li><a href="${href}">${badge(kind, text)}</a></li>`).join('')}</ul>`;
}

const empty = (text: string): string => `<p class="empty">${escapeHtml(text)}</p>`;

function environmentsSection(envs: readonly ReportEnvironment[]): string {
  const rows = envs.map((e) => {
    const apply = e.lastApply
      ? `<td>${revision(e.lastApply.revision, e.lastApply.dirty)}</td><td>${time(e.lastApply.at)}</td><td>${escapeHtml(e.lastApply.actor)}</td>`
      : `<td colspan="3">${badge('quiet', 'never applied')}</td>`;
    const lock = e.lock
      ? `${badge('warn', 'locked')} by ${escapeHtml(e.lock.owner)} on ${escapeHtml(e.lock.host)} (pid ${e.lock.pid}) until ${time(e.lock.expiresAt)}`
      : badge('ok', 'unlocked');
    const drift =
      e.drift.length === 0
        ? badge('ok', 'no drift')
        : `${badge('bad', `${e.drift.length} drifted`)}<ul class="plain">${e.drift
            .map((d) => `<li>${escapeHtml(`${d.kind}/${d.name}`)}: ${escapeHtml(DRIFT[d.drift])}</li>`)
            .join('')}</ul>`;
    const sync = e.sync ? `<td>${syncHtml(e.sync)}</td>` : '';
    return `<tr><th scope="row">${escapeHtml(e.name)}</th>${apply}<td class="num">${e.resources}</td>${sync}<td>${lock}</td><td>${drift}</td></tr>`;
  });
  const withSync = envs.some((e) => e.sync);
  return section(
    'environments',
    'Environments',
    table(
      `Each environment in promotion order: its last apply${withSync ? ', sync with git' : ''}, lock and drift`,
      ['Environment', 'Revision', 'Applied', 'Operator', 'Resources', ...(withSync ? ['Sync'] : []), 'Lock', 'Drift'],
      rows,
    ),
  );
}

const SYMBOL = { create: '+', update: '~', delete: '-' } as const;

/** Synced or OutOfSync, as `status` says it; the pending changes, and applied revisions off the branch. */
function syncHtml(sync: EnvironmentSync): string {
  if (sync.status === 'unknown')
    return `${badge('quiet', 'unknown')} <span class="muted">${escapeHtml(UNKNOWN[sync.reason.kind])}</span>`;
  const against = `${escapeHtml(sync.ref)} ${revision(sync.revision)}`;
  const parts =
    sync.status === 'synced'
      ? [`${badge('ok', 'Synced')} with ${against}`]
      : [
          `${badge('warn', 'OutOfSync')} with ${against}: ${escapeHtml(
            `${sync.pending.add} to add, ${sync.pending.change} to change, ${sync.pending.destroy} to destroy`,
          )}`,
          `<ul class="plain small">${sync.changes
            .slice(0, 10)
            .map((c) => `<li><code>${escapeHtml(`${SYMBOL[c.action]} ${c.kind}/${c.name}`)}</code></li>`)
            .join(
              '',
            )}${sync.changes.length > 10 ? `<li>${escapeHtml(`and ${sync.changes.length - 10} more`)}</li>` : ''}</ul>`,
        ];
  for (const rev of sync.offRef)
    parts.push(
      `<p class="small">${badge('bad', 'not on branch')} ${revision(rev)} is not on ${escapeHtml(sync.ref)}</p>`,
    );
  return parts.join('');
}

const UNKNOWN: Record<Extract<EnvironmentSync, { status: 'unknown' }>['reason']['kind'], string> = {
  'not-a-repository': 'not a git repository',
  'no-branch': 'no default branch to compare with',
  'invalid-configuration': 'the configuration there does not validate',
  'not-declared': 'not declared on the default branch',
};

const DRIFT = {
  changed: 'changed outside Slipway',
  missing: 'missing from the target',
  unrecorded: 'on the target but not recorded',
} as const;

const SYNC: Record<ReportCell['sync'], [Parameters<typeof badge>[0], string]> = {
  synced: ['ok', 'synced'],
  'out-of-sync': ['warn', 'out of sync'],
  'not-applied': ['quiet', 'not applied'],
  'not-declared': ['bad', 'not in git'],
  absent: ['quiet', 'absent'],
};

function deploymentsSection(report: OperatorReport): string {
  if (report.rows.length === 0) return section('deployments', 'Deployments', empty('No deployments.'));
  const rows = report.rows.map(
    (row: ReportRow) =>
      `<tr><th scope="row"><span class="name">${escapeHtml(row.deployment)}</span>${
        row.model && row.model !== row.deployment ? `<span class="muted"> model ${escapeHtml(row.model)}</span>` : ''
      }${row.description ? `<span class="desc">${escapeHtml(row.description)}</span>` : ''}</th>${row.cells
        .map(cellHtml)
        .join('')}</tr>`,
  );
  return section(
    'deployments',
    'Deployments',
    table(
      'Traffic per deployment and environment: live (as applied) and, where it differs, as declared in git',
      ['Deployment', ...report.environments.map((e) => e.name)],
      rows,
      'matrix',
    ),
  );
}

function cellHtml(cell: ReportCell): string {
  if (cell.sync === 'absent') return `<td class="absent"><span class="muted">not deployed</span></td>`;
  const shown = cell.live ?? cell.declared ?? [];
  const [kind, text] = SYNC[cell.sync];
  const parts = [
    trafficHtml(shown),
    `<p class="state">${badge(kind, text)}${cell.drift ? ` ${badge('bad', `drift: ${DRIFT[cell.drift]}`)}` : ''}</p>`,
  ];
  if (cell.live && cell.declared && cell.sync === 'out-of-sync')
    parts.push(`<p class="muted small">git declares ${escapeHtml(shareText(cell.declared))}</p>`);
  return `<td>${parts.join('')}</td>`;
}

const shareText = (traffic: readonly TrafficShare[]): string =>
  traffic.map((t) => `${t.version} ${t.percent}%`).join(', ');

/** A bar (decoration) and the same split as text: the numbers never depend on colour. */
function trafficHtml(traffic: readonly TrafficShare[]): string {
  const segments = traffic
    .map((t, i) => {
      const width = Math.max(0, Math.min(100, Number(t.percent) || 0));
      return width === 0 ? '' : `<span class="seg c${i % 4}" style="width:${width}%"></span>`;
    })
    .join('');
  const items = traffic
    .map(
      (t, i) =>
        `<li><span class="swatch c${i % 4}" aria-hidden="true"></span><span class="version">${escapeHtml(t.version)}</span> <span class="pct">${Number(t.percent)}%</span>${
          t.status && t.status !== 'approved' ? ` ${badge(t.status === 'candidate' ? 'info' : 'bad', t.status)}` : ''
        }</li>`,
    )
    .join('');
  return `<div class="bar" aria-hidden="true">${segments}</div><ul class="shares">${items}</ul>`;
}

function pendingSection(pending: readonly PendingPromotion[]): string {
  if (pending.length === 0)
    return section(
      'pending',
      'Pending promotions',
      empty('Nothing is waiting: every version live in an environment is live in the next one.'),
    );
  const rows = pending.map(
    (p) =>
      `<tr><th scope="row">${escapeHtml(p.deployment)}</th><td><span class="version">${escapeHtml(p.version)}</span>${
        p.status && p.status !== 'approved' ? ` ${badge(p.status === 'candidate' ? 'info' : 'bad', p.status)}` : ''
      }</td><td>${escapeHtml(p.from)} <span class="pct">${p.percent}%</span></td><td>${escapeHtml(p.to)}</td><td>${soakHtml(p)}</td></tr>`,
  );
  return section(
    'pending',
    'Pending promotions',
    table(
      `Versions live in one environment and not yet in the next, with the soak the next one's promotion policy asks for`,
      ['Deployment', 'Version', 'Live in', 'Not yet in', 'Soak'],
      rows,
    ),
  );
}

/** The soak still to wait, by the audit log, against the next environment's policy. */
function soakHtml(p: PendingPromotion): string {
  const soak: PendingSoak | undefined = p.soak;
  if (!soak) return '<span class="muted">none required</span>';
  const required = `<span class="muted">${escapeHtml(soak.required)} required</span>`;
  if (soak.remainingMs === undefined || soak.readyAt === undefined)
    return `${badge('quiet', `not at 100% in ${p.from}`)} ${required}`;
  if (soak.remainingMs === 0) return `${badge('ok', 'soaked')} ${required}`;
  return `${badge('info', `${formatElapsed(soak.remainingMs)} left`)} ${required}<p class="muted small">ready at ${time(soak.readyAt)}</p>`;
}

/** What `slipway report` says once the page is written. */
export function reportWrittenLine(report: OperatorReport, file: string): string {
  return `Report written to ${file}: ${plural(report.environments.length, 'environment')}, ${plural(report.rows.length, 'deployment')}, ${plural(report.pending.length, 'pending promotion')}.\n`;
}

function timelineSection(timeline: readonly TimelineEntry[]): string {
  if (timeline.length === 0) return section('timeline', 'Recent activity', empty('Nothing was applied yet.'));
  const rows = timeline.map((e) => {
    const change = e.traffic
      ? `<span class="muted">${escapeHtml(e.traffic.before ? shareText(e.traffic.before) : 'none')} → </span>${escapeHtml(e.traffic.after ? shareText(e.traffic.after) : 'none')}`
      : '';
    return `<tr><td>${time(e.at)}</td><td>${escapeHtml(e.env)}</td><td>${escapeHtml(e.operator)}</td><td>${revision(e.revision, e.dirty)}</td><td>${escapeHtml(`${e.action} ${e.kind}/${e.name}`)}${e.drift ? ` ${badge('warn', 'corrected drift')}` : ''}</td><td>${change}</td></tr>`;
  });
  return section(
    'timeline',
    'Recent activity',
    table('The audit log, newest first', ['When', 'Environment', 'Operator', 'Revision', 'Change', 'Traffic'], rows),
  );
}

const OUTCOME: Record<DataVerification['outcome'], Parameters<typeof badge>[0]> = {
  passed: 'ok',
  failed: 'bad',
  error: 'bad',
  skipped: 'quiet',
};

function dataSection(data: readonly DataVerification[]): string {
  if (data.length === 0) return section('data', 'Data verification', empty('No verification runs recorded.'));
  const rows = data.map(
    (d) =>
      `<tr><td>${escapeHtml(d.env)}</td><th scope="row">${escapeHtml(d.dataSource)}</th><td>${time(d.at)}</td><td>${badge(OUTCOME[d.outcome], d.outcome)}</td><td><ul class="plain">${d.checks
        .map((c) => `<li>${escapeHtml(c.check)}: ${badge(OUTCOME[c.outcome], c.outcome)}</li>`)
        .join('')}</ul></td></tr>`,
  );
  return section(
    'data',
    'Data verification',
    table(
      'The latest data verification of each source',
      ['Environment', 'Data source', 'When', 'Outcome', 'Checks'],
      rows,
    ),
  );
}

// Colours meet WCAG AA (4.5:1) for text on both schemes; the bar's colours are decoration.
const CSS = `
:root{--bg:#ffffff;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--head:#f3f5f7;--ok-bg:#dafbe1;--ok:#116329;--warn-bg:#fff1c2;--warn:#7a4a00;--bad-bg:#ffe1e1;--bad:#a40e26;--info-bg:#ddf4ff;--info:#0a4fa3;--quiet-bg:#eef0f2;--quiet:#4b535c;--c0:#0969da;--c1:#d4731a;--c2:#8250df;--c3:#1a7f37;--track:#e6e9ed}
@media (prefers-color-scheme: dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9da7b3;--line:#30363d;--head:#161b22;--ok-bg:#12361f;--ok:#7ee2a0;--warn-bg:#3b2a05;--warn:#f2cc60;--bad-bg:#4a1016;--bad:#ff9ba5;--info-bg:#0c2d52;--info:#9ccbff;--quiet-bg:#22272e;--quiet:#b3bcc6;--c0:#4493f8;--c1:#f0883e;--c2:#ab7df8;--c3:#3fb950;--track:#21262d}}
*{box-sizing:border-box}
body{margin:0;padding:2rem clamp(1rem,4vw,3rem);background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
h1{font-size:1.6rem;margin:0 0 .25rem}
h2{font-size:1.15rem;margin:2.2rem 0 .6rem;padding-bottom:.3rem;border-bottom:1px solid var(--line)}
.muted{color:var(--muted)}
.small{font-size:.85em;margin:.3rem 0 0}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
caption{text-align:left;color:var(--muted);padding:0 0 .5rem;font-size:.9em}
th,td{border:1px solid var(--line);padding:.55rem .7rem;text-align:left;vertical-align:top}
thead th{background:var(--head);font-weight:600}
tbody th{font-weight:600}
.matrix td{min-width:12rem}
.matrix tbody th{min-width:14rem;max-width:24rem}
.name{display:block}
.desc{display:block;font-weight:400;color:var(--muted);font-size:.88em;margin-top:.2rem;overflow-wrap:anywhere}
td.absent{background:repeating-linear-gradient(135deg,transparent 0 6px,var(--head) 6px 12px)}
.num{text-align:right}
code{font:.9em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.bar{display:flex;height:.7rem;border-radius:.35rem;overflow:hidden;background:var(--track);margin:.15rem 0 .45rem}
.seg{display:block;height:100%}
.seg+.seg{border-left:2px solid var(--bg)}
.c0{background:var(--c0)}.c1{background:var(--c1)}.c2{background:var(--c2)}.c3{background:var(--c3)}
.shares,.plain{list-style:none;margin:0;padding:0}
.shares li{display:flex;align-items:center;gap:.4rem;flex-wrap:wrap}
.swatch{display:inline-block;width:.7rem;height:.7rem;border-radius:2px;flex:none}
.version{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92em}
.pct{font-weight:600}
.state{margin:.45rem 0 0}
.badge{display:inline-block;border-radius:999px;padding:0 .55rem;font-size:.78rem;font-weight:600;line-height:1.45rem;white-space:nowrap}
.badge.ok{background:var(--ok-bg);color:var(--ok)}
.badge.warn{background:var(--warn-bg);color:var(--warn)}
.badge.bad{background:var(--bad-bg);color:var(--bad)}
.badge.info{background:var(--info-bg);color:var(--info)}
.badge.quiet{background:var(--quiet-bg);color:var(--quiet)}
.empty{color:var(--muted);font-style:italic}
.summary{list-style:none;display:flex;flex-wrap:wrap;gap:.5rem;margin:1rem 0 0;padding:0}
.summary a{text-decoration:none}
.summary .badge{font-size:.85rem;line-height:1.8rem;padding:0 .8rem}
`;
