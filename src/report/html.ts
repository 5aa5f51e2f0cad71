/**
 * The HTML report: one self-contained file (inline CSS and JS, no network access, works opened from disk).
 * Header with account(s), scan time, report age, counts by status and severity and an inline SVG chart;
 * a compliance view per requirement; a findings table filterable by status, severity, account (a scan of
 * several accounts: then an Account column too), rule, requirement and free text, each row expanding to
 * evidence, remediation steps and AWS CLI commands; muted findings apart with reason and expiry;
 * print-friendly.
 *
 * Safety: the static parts escape every value with {@link escapeHtml}; the table is built in the browser
 * from JSON embedded with {@link jsonForScript} and inserted with `textContent` only. A Content Security
 * Policy forbids every network fetch.
 */
import { createHash } from "node:crypto";
import type { ScanReport } from "../engine/result.js";
import { DEFAULT_FRAMEWORK } from "../frameworks/index.js";
import { showBidi } from "../model/escape.js";
import { type Finding, SEVERITIES, type Severity, type Status } from "../model/finding.js";
import { escapeXml, reportAgeSentence, requirementsOf, rulesOf, sourceLabel } from "./common.js";
import { TOOL } from "./meta.js";
import { compareRequirements, frameworkInfo, sortFrameworks } from "./requirements.js";
import { joinChunks, type ReportChunks } from "./stream.js";

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return escapeXml(showBidi(text));
}

/**
 * JSON that is safe inside an inline `<script>` element: `<`, `>`, `&` and U+2028/U+2029 are written as
 * `\uXXXX` escapes, so no `</script>` or `<!--` can appear and the text stays valid JavaScript.
 */
export function jsonForScript(value: unknown): string {
  // Bidi formatting and invisible characters, C1 controls and U+2028/9 from the account are shown as
  // text, not obeyed (see showBidi).
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === "string" ? showBidi(item) : item,
  ).replace(/[<>&\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

const STATUSES: readonly Status[] = ["FAIL", "ERROR", "MANUAL", "PASS"];
const COLORS: Record<Status, string> = {
  FAIL: "#c62828",
  ERROR: "#8e24aa",
  MANUAL: "#ef6c00",
  PASS: "#2e7d32",
};

/** A horizontal stacked bar of findings per status, as inline SVG. */
function statusChart(result: ScanReport): string {
  const total = result.summary.total;
  const width = 600;
  let x = 0;
  const bars = STATUSES.filter((status) => result.summary[status] > 0).map((status) => {
    const count = result.summary[status];
    const w = total === 0 ? 0 : (count / total) * width;
    const bar = `<rect x="${x.toFixed(1)}" y="0" width="${w.toFixed(1)}" height="28" fill="${COLORS[status]}"><title>${status}: ${count}</title></rect>${
      w > 50
        ? `<text x="${(x + w / 2).toFixed(1)}" y="19" text-anchor="middle" fill="#fff" font-size="13">${status} ${count}</text>`
        : ""
    }`;
    x += w;
    return bar;
  });
  return `<svg class="chart" role="img" aria-label="Findings by status" viewBox="0 0 ${width} 28" width="${width}" height="28" xmlns="http://www.w3.org/2000/svg">${bars.join("")}</svg>`;
}

function severityCounts(findings: Iterable<Finding>): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const finding of findings)
    if (finding.status === "FAIL" && !finding.muted) counts[finding.severity] += 1;
  return counts;
}

/** Per requirement of `frameworks`: how many findings of each status decide it. */
function complianceRows(result: ScanReport, frameworks: readonly string[]): string {
  const rows = new Map<
    string,
    {
      framework: string;
      frameworkName: string;
      requirement: string;
      section: string;
      label: string;
      title: string;
      meta: string;
      counts: Record<Status, number>;
    }
  >();
  for (const finding of result.findings) {
    for (const ref of requirementsOf(finding)) {
      if (!frameworks.includes(ref.framework)) continue;
      const key = `${ref.framework}\u0000${ref.requirement}`;
      const row = rows.get(key) ?? {
        framework: ref.framework,
        frameworkName: ref.frameworkName,
        requirement: ref.requirement,
        section: ref.section ?? "Other requirements",
        label: `${ref.frameworkName} ${ref.requirement}`,
        title: ref.title ?? "",
        meta: [ref.profile, ref.assessment].filter((part) => part !== null).join(", "),
        counts: { FAIL: 0, ERROR: 0, MANUAL: 0, PASS: 0 },
      };
      if (!finding.muted) row.counts[finding.status] += 1;
      rows.set(key, row);
    }
  }
  // By framework, then requirement number (1.2 before 1.11), grouped by section with its count.
  const rank = new Map(sortFrameworks(frameworks).map((id, index) => [id, index]));
  const sorted = [...rows.values()].sort(
    (a, b) =>
      (rank.get(a.framework) ?? 0) - (rank.get(b.framework) ?? 0) ||
      compareRequirements(a.requirement, b.requirement),
  );
  const groups = new Map<string, typeof sorted>();
  for (const row of sorted) {
    const group = `${row.frameworkName} — ${row.section}`;
    groups.set(group, [...(groups.get(group) ?? []), row]);
  }
  return [...groups]
    .flatMap(([group, members]) => [
      `<tr class="section"><th colspan="${4 + STATUSES.length}">${escapeHtml(`${group}: ${members.length} requirement${members.length === 1 ? "" : "s"}`)}</th></tr>`,
      ...members.map((row) => {
        const verdict =
          row.counts.FAIL > 0
            ? "FAIL"
            : row.counts.ERROR > 0
              ? "ERROR"
              : row.counts.MANUAL > 0
                ? "MANUAL"
                : "PASS";
        return `<tr><td>${escapeHtml(row.label)}</td><td>${escapeHtml(row.title)}</td><td>${escapeHtml(row.meta)}</td><td><span class="badge s-${verdict}">${verdict}</span></td>${STATUSES.map((status) => `<td class="num">${row.counts[status]}</td>`).join("")}</tr>`;
      }),
    ])
    .join("\n");
}

/** One finding as the page's script reads it. */
function pageFinding(finding: Finding) {
  return {
    uid: finding.uid,
    ruleId: finding.ruleId,
    status: finding.status,
    muted: finding.muted,
    mute: finding.mute ?? null,
    severity: finding.severity,
    accountId: finding.accountId,
    region: finding.region,
    resourceType: finding.resourceType,
    resourceArn: finding.resourceArn,
    resourceName: finding.resourceName,
    statusExtended: finding.statusExtended,
    evidence: finding.evidence,
    tags: finding.tags ?? {},
    requirements: requirementsOf(finding).map((ref) => ref.label),
  };
}

/** What the page's script needs besides the findings and rules. */
interface PageSettings {
  /** The short name of the page's framework (`CIS AWS Foundations v3.0.0`): the Requirement column's. */
  readonly framework: string;
  /** A scan of several accounts: an Account column and filter. */
  readonly multi: boolean;
}

/**
 * The page's data, `{"findings":[...],"rules":{...},"framework":"...","multi":false}` as
 * {@link jsonForScript} writes it, one finding at a time (its escapes are per character, so the pieces
 * joined are the whole escaped alike).
 */
function* pageDataChunks(result: ScanReport, settings: PageSettings): Generator<string> {
  yield '{"findings":[';
  let first = true;
  for (const finding of result.findings) {
    yield `${first ? "" : ","}${jsonForScript(pageFinding(finding))}`;
    first = false;
  }
  const rules = Object.fromEntries(
    rulesOf(result.findings).map((rule) => [
      rule.id,
      {
        title: rule.title,
        console: rule.remediation.console,
        cli: rule.remediation.cli,
        references: rule.references,
      },
    ]),
  );
  yield `],"rules":${jsonForScript(rules)},"framework":${jsonForScript(settings.framework)},"multi":${settings.multi}}`;
}

const CSS = `
:root{--fg:#1d1d1f;--muted:#666;--line:#ddd;--bg:#fafafa}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);margin:0;padding:24px;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
.meta{color:var(--muted);margin:2px 0}
.cards{display:flex;gap:10px;flex-wrap:wrap;margin:14px 0}
.card{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:92px;background:var(--bg)}
.card b{display:block;font-size:20px}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{background:var(--bg);font-weight:600}
td.num{text-align:right}
.badge{display:inline-block;padding:1px 7px;border-radius:10px;color:#fff;font-size:12px;font-weight:600}
.s-FAIL{background:#c62828}.s-ERROR{background:#8e24aa}.s-MANUAL{background:#ef6c00}.s-PASS{background:#2e7d32}
.filters{display:flex;gap:8px;flex-wrap:wrap;margin:8px 0}
.filters label{display:flex;flex-direction:column;font-size:12px;color:var(--muted)}
.filters select,.filters input{font:inherit;padding:3px 6px}
button.toggle{font:inherit;border:1px solid var(--line);background:#fff;border-radius:4px;cursor:pointer;padding:0 6px}
tr.detail td{background:var(--bg)}
pre{white-space:pre-wrap;word-break:break-word;background:#f2f2f2;padding:8px;border-radius:4px;margin:4px 0}
.warn{background:#fff8e1;border:1px solid #ffe082;padding:6px 10px;border-radius:4px;margin:4px 0}
.count{color:var(--muted)}
@media print{
  body{padding:0}.filters,button.toggle{display:none}
  tr.detail[hidden]{display:table-row}
  tr{break-inside:avoid}
}
`;

const SCRIPT = `
(function(){
  "use strict";
  var data = JSON.parse(document.getElementById("cloudpatrol-data").textContent);
  var rules = data.rules;
  var multi = data.multi === true;
  var mainPrefix = data.framework + "/";
  function el(tag, attrs, children){
    var node = document.createElement(tag);
    if (attrs) for (var k in attrs) { if (k === "text") node.textContent = attrs[k]; else node.setAttribute(k, attrs[k]); }
    (children || []).forEach(function(c){ if (c) node.appendChild(c); });
    return node;
  }
  function shortRequirements(list){
    if (!list.length) return "";
    var main = list.filter(function(r){ return r.indexOf(mainPrefix) === 0; })[0] || list[0];
    return main + (list.length > 1 ? " +" + (list.length - 1) : "");
  }
  function pre(text, cls){ return el("pre", {text: text, "class": cls || ""}); }
  function details(f){
    var rule = rules[f.ruleId];
    var box = el("div", {"class": "finding-detail"});
    box.appendChild(el("p", {text: f.statusExtended}));
    box.appendChild(el("p", {"class": "requirements", text: "Requirements: " + f.requirements.join(", ")}));
    box.appendChild(el("p", {text: "ARN: " + f.resourceArn + " \\u2014 account " + f.accountId + ", region " + f.region + ", uid " + f.uid}));
    var tagKeys = Object.keys(f.tags);
    if (tagKeys.length) {
      box.appendChild(el("h4", {text: "Tags"}));
      var tl = el("ul", {"class": "tags"});
      tagKeys.forEach(function(k){ tl.appendChild(el("li", {text: k + " = " + f.tags[k]})); });
      box.appendChild(tl);
    }
    if (f.mute) box.appendChild(el("p", {"class": "warn", text: "Muted: " + f.mute.reason + (f.mute.owner ? " (owner " + f.mute.owner + ")" : "") + (f.mute.expires ? ", until " + f.mute.expires : "")}));
    box.appendChild(el("h4", {text: "Evidence"}));
    box.appendChild(pre(JSON.stringify(f.evidence, null, 2), "evidence"));
    if (rule) {
      box.appendChild(el("h4", {text: "Remediation"}));
      var ol = el("ol");
      rule.console.forEach(function(step){ ol.appendChild(el("li", {text: step})); });
      box.appendChild(ol);
      box.appendChild(el("h4", {text: "AWS CLI"}));
      box.appendChild(pre(rule.cli.join("\\n"), "cli"));
      var refs = el("ul", {"class": "refs"});
      rule.references.forEach(function(r){ refs.appendChild(el("li", {text: r})); });
      box.appendChild(refs);
    }
    return box;
  }
  function rowsFor(list, body, cols){
    list.forEach(function(f){
      var btn = el("button", {"class": "toggle", type: "button", "aria-expanded": "false", title: "Show details", text: "+"});
      var tr = el("tr", {"class": "finding", "data-uid": f.uid, "data-status": f.status}, [
        el("td", null, [btn]),
        el("td", null, [el("span", {"class": "badge s-" + f.status, text: f.status})]),
        el("td", {text: f.severity}),
        multi ? el("td", {"class": "account", text: f.accountId}) : null,
        el("td", {"class": "resource", text: f.resourceName}),
        el("td", {text: f.ruleId}),
        el("td", {"class": "reqs", title: f.requirements.join("\\n"), text: shortRequirements(f.requirements)}),
        el("td", {"class": "status-extended", text: f.statusExtended})
      ]);
      if (cols === "muted") tr.appendChild(el("td", {text: (f.mute ? f.mute.reason : "") + (f.mute && f.mute.expires ? " (until " + f.mute.expires + ")" : "")}));
      var cell = el("td", {colspan: String((cols === "muted" ? 8 : 7) + (multi ? 1 : 0))}, [details(f)]);
      var detail = el("tr", {"class": "detail", hidden: ""}, [cell]);
      btn.addEventListener("click", function(){
        var open = detail.hasAttribute("hidden");
        if (open) detail.removeAttribute("hidden"); else detail.setAttribute("hidden", "");
        btn.setAttribute("aria-expanded", String(open));
        btn.textContent = open ? "\\u2212" : "+";
      });
      tr._detail = detail; tr._finding = f;
      body.appendChild(tr); body.appendChild(detail);
    });
  }
  var active = data.findings.filter(function(f){ return !f.muted; });
  var muted = data.findings.filter(function(f){ return f.muted; });
  var body = document.getElementById("findings-body");
  rowsFor(active, body, "active");
  rowsFor(muted, document.getElementById("muted-body"), "muted");
  function fill(id, values){
    var select = document.getElementById(id);
    values.forEach(function(v){ select.appendChild(el("option", {value: v, text: v})); });
  }
  function uniq(values){ return values.filter(function(v, i){ return values.indexOf(v) === i; }).sort(); }
  if (multi) fill("f-account", uniq(data.findings.map(function(f){ return f.accountId; })));
  fill("f-rule", uniq(data.findings.map(function(f){ return f.ruleId; })));
  fill("f-requirement", uniq([].concat.apply([], data.findings.map(function(f){ return f.requirements; }))));
  function apply(){
    var status = document.getElementById("f-status").value;
    var severity = document.getElementById("f-severity").value;
    var account = multi ? document.getElementById("f-account").value : "";
    var rule = document.getElementById("f-rule").value;
    var req = document.getElementById("f-requirement").value;
    var text = document.getElementById("f-text").value.toLowerCase();
    var shown = 0;
    Array.prototype.forEach.call(body.querySelectorAll("tr.finding"), function(tr){
      var f = tr._finding;
      var hay = [f.accountId, f.resourceName, f.resourceArn, f.statusExtended, f.ruleId, f.uid, JSON.stringify(f.evidence), JSON.stringify(f.tags)].join(" ").toLowerCase();
      var ok = (!status || f.status === status) && (!severity || f.severity === severity)
        && (!account || f.accountId === account) && (!rule || f.ruleId === rule)
        && (!req || f.requirements.indexOf(req) >= 0) && (!text || hay.indexOf(text) >= 0);
      tr.hidden = !ok;
      if (!ok) tr._detail.setAttribute("hidden", "");
      if (ok) shown++;
    });
    document.getElementById("shown-count").textContent = shown + " of " + active.length + " shown";
  }
  ["f-status","f-severity","f-rule","f-requirement"].concat(multi ? ["f-account"] : []).forEach(function(id){ document.getElementById(id).addEventListener("change", apply); });
  document.getElementById("f-text").addEventListener("input", apply);
  apply();
})();
`;

/** Options of {@link renderHtml}. */
export interface HtmlOptions {
  /** The compliance table's frameworks (`cis_v150`, ...). Default: `cis_v150` alone. */
  readonly frameworks?: readonly string[];
}

/** The HTML report piece by piece: one finding at a time (the same text as {@link renderHtml}). */
export function* htmlChunks(result: ScanReport, options: HtmlOptions = {}): ReportChunks {
  const frameworks = options.frameworks ?? [DEFAULT_FRAMEWORK];
  // The Requirement column names the requirement of the page's framework (the first given).
  const settings: PageSettings = {
    framework: frameworkInfo(frameworks[0] ?? DEFAULT_FRAMEWORK).shortName,
    multi: result.scan.accounts.length > 1,
  };
  const s = result.summary;
  const accounts = result.scan.accounts.map((account) => account.accountId).join(", ");
  const severities = severityCounts(result.findings);
  // Only the one inline script below may run (by hash), and nothing may be fetched.
  const scriptHash = createHash("sha256").update(SCRIPT).digest("base64");
  const csp = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${scriptHash}'; img-src data:; base-uri 'none'; form-action 'none'`;
  const option = (value: string) => `<option value="${escapeHtml(value)}">${escapeHtml(value)}</option>`;
  // Several accounts: the same user or bucket name can be in each, so rows name their account.
  const header = `<th></th><th>Status</th><th>Severity</th>${settings.multi ? "<th>Account</th>" : ""}<th>Resource</th><th>Rule</th><th>Requirements</th><th>Details</th>`;
  yield `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${escapeHtml(`${TOOL.name} ${TOOL.version}`)}">
<title>${escapeHtml(`cloudpatrol report: ${accounts}`)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>cloudpatrol: CIS AWS Foundations report</h1>
<p class="meta">Account${result.scan.accounts.length === 1 ? "" : "s"}: <b id="accounts">${escapeHtml(accounts)}</b></p>
<p class="meta">Scan started ${escapeHtml(result.scan.startedAt)}, finished ${escapeHtml(result.scan.finishedAt)} (${escapeHtml(sourceLabel(result.scan))})</p>
<p class="meta">${escapeHtml(reportAgeSentence(result.scan))}</p>
${result.warnings.map((warning) => `<p class="warn">${escapeHtml(warning)}</p>`).join("\n")}
<div class="cards" id="status-counts">
${STATUSES.map((status) => `<div class="card" data-status="${status}"><span class="badge s-${status}">${status}</span><b>${s[status]}</b></div>`).join("\n")}
<div class="card" data-status="muted">muted<b>${s.muted}</b></div>
<div class="card" data-status="total">total<b>${s.total}</b></div>
</div>
${statusChart(result)}
<p class="meta" id="severity-counts">Unmuted FAIL by severity: ${SEVERITIES.map((severity) => `${severity} ${severities[severity]}`).join(", ")}</p>
</header>
<main>
<h2>Compliance: ${escapeHtml(frameworks.map((id) => frameworkInfo(id).name).join(", "))}</h2>
<table id="compliance"><thead><tr><th>Requirement</th><th>Title</th><th>Profile</th><th>Verdict</th>${STATUSES.map((status) => `<th class="num">${status}</th>`).join("")}</tr></thead>
<tbody>
${complianceRows(result, frameworks)}
</tbody></table>
<p class="meta">Muted findings are not counted in the compliance view.</p>
<h2>Findings</h2>
<div class="filters">
<label>Status<select id="f-status"><option value="">all</option>${STATUSES.map(option).join("")}</select></label>
<label>Severity<select id="f-severity"><option value="">all</option>${SEVERITIES.map(option).join("")}</select></label>
${settings.multi ? '<label>Account<select id="f-account"><option value="">all</option></select></label>\n' : ""}<label>Rule<select id="f-rule"><option value="">all</option></select></label>
<label>Requirement<select id="f-requirement"><option value="">all</option></select></label>
<label>Search<input id="f-text" type="search" placeholder="user, ARN, text"></label>
<span class="count" id="shown-count"></span>
</div>
<table id="findings"><thead><tr>${header}</tr></thead><tbody id="findings-body"></tbody></table>
<h2>Muted findings (${s.muted})</h2>
<table id="muted"><thead><tr>${header}<th>Reason</th></tr></thead><tbody id="muted-body"></tbody></table>
<noscript><p class="warn">The findings table needs JavaScript; the JSON output has every finding.</p></noscript>
</main>
<footer><p class="meta">Generated by ${escapeHtml(`${TOOL.name} ${TOOL.version}`)}.</p></footer>
<script type="application/json" id="cloudpatrol-data">`;
  yield* pageDataChunks(result, settings);
  yield `</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

/**
 * The self-contained HTML report: summary, compliance table for `options.frameworks`, and every finding
 * with filters. Every value from the account is escaped; the page fetches nothing.
 */
export function renderHtml(result: ScanReport, options: HtmlOptions = {}): string {
  return joinChunks(htmlChunks(result, options));
}
