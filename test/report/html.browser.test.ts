/**
 * The HTML report in headless Chromium (Debian's `/usr/bin/chromium` driven by playwright-core; no
 * browser is ever downloaded): no network request, filters, expanding a finding, account data shown as
 * text, and a screenshot under test-artifacts/. Skips with a one-line reason when Chromium is absent.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../../src/model/finding.js";
import { render } from "../../src/report/index.js";
import { cli, ensureBuilt } from "../support/built-bin.js";
import { EXAMPLE, exampleScan, finding, ROOT, resultOf } from "./fixtures.js";

const CHROMIUM = "/usr/bin/chromium";
const ARTIFACTS = join(ROOT, "test-artifacts");
const present = existsSync(CHROMIUM);
const title = present
  ? "the HTML report in headless Chromium"
  : `the HTML report in headless Chromium (skipped: ${CHROMIUM} not found; apt-get install chromium)`;

// The skipped tests' title carries the reason, but the default reporter hides skipped titles: say it once.
if (!present) console.warn(title);

const XSS_TAG = '<script>window.__xss = "tag"</script><img src=x onerror="window.__xss=\'img\'">';
const XSS_USER = "</script><script>window.__xss='name'</script><!--";

let context: BrowserContext;
let profile: string;

/** Script errors seen by any page; every test expects none. */
const errors: string[] = [];

async function open(html: string, name: string): Promise<{ page: Page; requests: string[]; url: string }> {
  const path = join(ARTIFACTS, name);
  await writeFile(path, html);
  const url = pathToFileURL(path).href;
  const page = await context.newPage();
  const requests: string[] = [];
  page.on("request", (request) => {
    requests.push(request.url());
  });
  page.on("pageerror", (error) => {
    errors.push(error.message);
  });
  page.on("dialog", (dialog) => {
    throw new Error(`unexpected dialog: ${dialog.message()}`);
  });
  await page.goto(url, { waitUntil: "load" });
  return { page, requests, url };
}

describe.skipIf(!present)(title, () => {
  beforeAll(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    profile = await mkdtemp(join(tmpdir(), "cloudpatrol-chromium-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      viewport: { width: 1280, height: 900 },
    });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (profile) await rm(profile, { recursive: true, force: true });
  });

  it("filters, expands and escapes, with no network request", async () => {
    const example = await exampleScan();
    const hostile = finding("mallory", "FAIL", {
      resourceName: XSS_USER,
      statusExtended: `${XSS_USER} has a console password and an unused key.`,
      tags: { owner: XSS_TAG },
      evidence: { userName: XSS_USER, note: "\u2028line separator\u2029" },
      severity: "high",
    });
    const muted: Finding = finding("build-bot", "FAIL", {
      muted: true,
      mute: {
        reason: "CI deploy key, rotated by Vault",
        owner: "platform",
        expires: "2027-03-31",
        entry: "*/*",
      },
    });
    const result = { ...resultOf([...example.findings, hostile, muted]), scan: example.scan };
    const { page, requests, url } = await open(render(result, "html"), "report.html");

    expect(requests).toEqual([url]);
    expect(await page.evaluate("window.__xss")).toBeUndefined();
    expect(await page.locator("#accounts").textContent()).toBe("210987654321");

    const rows = page.locator("#findings-body tr.finding");
    const visible = page.locator("#findings-body tr.finding:not([hidden])");
    expect(await rows.count()).toBe(10);
    expect(await page.locator("#muted-body tr.finding").count()).toBe(1);
    expect(await page.locator("#muted-body").textContent()).toContain(
      "CI deploy key, rotated by Vault (until 2027-03-31)",
    );

    await page.selectOption("#f-status", "FAIL");
    expect(await visible.count()).toBe(6);
    expect(await visible.evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-status")))).toEqual(
      Array(6).fill("FAIL"),
    );
    expect(await page.locator("#shown-count").textContent()).toBe("6 of 10 shown");

    await page.selectOption("#f-severity", "high");
    expect(await visible.count()).toBe(1);
    await page.selectOption("#f-severity", "");
    await page.fill("#f-text", "katherine");
    expect(await visible.locator("td.resource").allTextContents()).toEqual([
      "Katherine.Johnson access key 1",
      "Katherine.Johnson access key 2",
    ]);
    await page.fill("#f-text", "");
    await page.selectOption("#f-status", "PASS");
    expect(await visible.count()).toBe(4);
    await page.selectOption("#f-status", "");

    // Expanding a finding shows its remediation commands.
    const ada = page.locator("#findings-body tr.finding", { hasText: "ada.lovelace access key 1" });
    const detail = ada.locator("xpath=following-sibling::tr[1]");
    expect(await detail.isVisible()).toBe(false);
    await ada.locator("button.toggle").click();
    expect(await detail.isVisible()).toBe(true);
    expect(await detail.locator("pre.cli").textContent()).toBe(
      [
        "aws iam list-access-keys --user-name <user>",
        "aws iam get-access-key-last-used --access-key-id <access-key-id>",
        "aws iam update-access-key --access-key-id <access-key-id> --status Inactive --user-name <user>",
        "aws iam delete-access-key --access-key-id <access-key-id> --user-name <user>",
      ].join("\n"),
    );
    expect(await detail.locator("pre.evidence").textContent()).toContain('"userName": "ada.lovelace"');

    // The hostile finding: its name and tag are text, nothing ran.
    const evil = page.locator("#findings-body tr.finding", {
      hasText: "has a console password and an unused key",
    });
    expect(await evil.locator("td.resource").textContent()).toBe(XSS_USER);
    await evil.locator("button.toggle").click();
    const evilDetail = evil.locator("xpath=following-sibling::tr[1]");
    expect(await evilDetail.locator("ul.tags li").allTextContents()).toEqual([`owner = ${XSS_TAG}`]);
    expect(await page.evaluate('document.querySelectorAll("img, script:not([type])").length')).toBe(1);
    expect(await page.evaluate("window.__xss")).toBeUndefined();

    await page.screenshot({ path: join(ARTIFACTS, "html-report.png"), fullPage: true });
    expect(requests).toEqual([url]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the report the CLI writes for the bundled example loads from disk and agrees with the JSON", async () => {
    await ensureBuilt();
    const dir = await mkdtemp(join(tmpdir(), "cloudpatrol-html-"));
    try {
      const run = await cli(dir, [
        "scan",
        "--credential-report",
        EXAMPLE,
        "--rule",
        "iam_user_no_access_key_at_setup",
        "-o",
        "html,json",
        "--output-dir",
        ".",
      ]);
      expect(run.code).toBe(3);
      const files = (await readdir(dir)).sort();
      const html = files.find((name) => name.endsWith(".html")) ?? "";
      const page = await context.newPage();
      const requests: string[] = [];
      page.on("request", (request) => {
        requests.push(request.url());
      });
      page.on("pageerror", (error) => {
        errors.push(error.message);
      });
      const url = pathToFileURL(join(dir, html)).href;
      await page.goto(url);
      expect(requests).toEqual([url]);
      expect(await page.locator("#findings-body tr.finding").count()).toBe(9);
      expect(await page.locator('#status-counts [data-status="FAIL"] b').textContent()).toBe("5");
      expect(await page.locator('#status-counts [data-status="PASS"] b').textContent()).toBe("4");
      // One benchmark version by default (CIS v1.5.0), not the nine that map 1.11.
      // One section header, then the requirement rows (issue 16 item 19).
      expect(await page.locator("#compliance tbody tr.section").count()).toBe(1);
      expect(await page.locator("#compliance tbody tr:not(.section)").count()).toBe(1);
      expect(await page.locator("#compliance tbody tr td").first().textContent()).toBe(
        "CIS AWS Foundations Benchmark v1.5.0 1.11",
      );
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
