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
import { cli, ensureBuilt, tempDir } from "../support/built-bin.js";
import { EXAMPLE, EXAMPLE_ACCOUNT, exampleScan, finding, ROOT, resultOf } from "./fixtures.js";

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

const SINGLE_HEADERS = ["", "Status", "Severity", "Resource", "Rule", "Requirements", "Details"];
const OTHER = "222233334444";
/** An account id as hostile as a hand-edited report file can make it. */
const XSS_ACCOUNT = "<img src=x onerror=\"window.__xss='account'\">";

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

    // One account: no Account column, no account filter; the Requirement column names CIS v1.5.0.
    expect(await page.locator("#findings thead th").allTextContents()).toEqual(SINGLE_HEADERS);
    expect(await page.locator("#f-account").count()).toBe(0);
    expect(await page.locator("#findings-body td.account").count()).toBe(0);
    expect(await page.locator("#findings-body td.reqs").first().textContent()).toBe(
      "CIS AWS Foundations v1.5.0/1.11 +8",
    );

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
    expect(await detail.locator("td").getAttribute("colspan")).toBe("7");
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

  it("a scan of several accounts: an Account column, an account filter, the account in the free-text filter", async () => {
    const example = await exampleScan();
    // The example's users again in a second account (same names), one of them muted, and one finding of
    // an account whose id is markup.
    const again = example.findings.map(
      (f) => JSON.parse(JSON.stringify(f).replaceAll(EXAMPLE_ACCOUNT, OTHER)) as Finding,
    );
    const mutedAgain: Finding = {
      ...(again[1] as Finding),
      uid: "muted-in-other",
      muted: true,
      mute: { reason: "break-glass user", owner: null, expires: null, entry: "*/*" },
    };
    const hostile = finding("mallory", "FAIL", { accountId: XSS_ACCOUNT });
    const result = resultOf([...example.findings, ...again, mutedAgain, hostile]);
    const multi = {
      ...result,
      scan: {
        ...result.scan,
        accounts: [EXAMPLE_ACCOUNT, OTHER, XSS_ACCOUNT].map((accountId) => ({ accountId, partition: "aws" })),
      },
    };
    const { page, requests, url } = await open(render(multi, "html"), "report-accounts.html");
    expect(requests).toEqual([url]);

    const headers = ["", "Status", "Severity", "Account", "Resource", "Rule", "Requirements", "Details"];
    expect(await page.locator("#findings thead th").allTextContents()).toEqual(headers);
    expect(await page.locator("#muted thead th").allTextContents()).toEqual([...headers, "Reason"]);
    const rows = page.locator("#findings-body tr.finding");
    const visible = page.locator("#findings-body tr.finding:not([hidden])");
    expect(await rows.count()).toBe(19);
    // The account cell sits between Severity and Resource; the same user name shows once per account.
    const ada = page.locator("#findings-body tr.finding", { hasText: "ada.lovelace access key 1" });
    expect(
      await ada.evaluateAll((trs) =>
        trs.map((tr) => [...tr.children].slice(2, 5).map((td) => td.textContent)),
      ),
    ).toEqual([
      ["medium", EXAMPLE_ACCOUNT, "ada.lovelace access key 1"],
      ["medium", OTHER, "ada.lovelace access key 1"],
    ]);
    expect(await page.locator("#muted-body tr.finding td.account").allTextContents()).toEqual([OTHER]);

    // The account filter lists every account; choosing one shows its findings only.
    expect(await page.locator("#f-account option").allTextContents()).toEqual([
      "all",
      EXAMPLE_ACCOUNT,
      OTHER,
      XSS_ACCOUNT,
    ]);
    await page.selectOption("#f-account", OTHER);
    expect(await visible.locator("td.account").allTextContents()).toEqual(Array(9).fill(OTHER));
    expect(await page.locator("#shown-count").textContent()).toBe("9 of 19 shown");
    await page.selectOption("#f-status", "PASS");
    expect(await visible.locator("td.account").allTextContents()).toEqual(Array(4).fill(OTHER));
    await page.selectOption("#f-status", "");
    await page.selectOption("#f-account", "");
    expect(await visible.count()).toBe(19);

    // The free-text filter matches the account id.
    await page.fill("#f-text", "10987654");
    expect(await visible.locator("td.account").allTextContents()).toEqual(Array(9).fill(EXAMPLE_ACCOUNT));
    await page.fill("#f-text", "");

    // The markup account id is text in its cell and its option; nothing ran.
    const evil = page.locator("#findings-body tr.finding", { hasText: "mallory" });
    expect(await evil.locator("td.account").textContent()).toBe(XSS_ACCOUNT);
    await page.selectOption("#f-account", XSS_ACCOUNT);
    expect(await visible.locator("td.resource").allTextContents()).toEqual(["mallory"]);
    expect(await page.evaluate('document.querySelectorAll("img").length')).toBe(0);
    expect(await page.evaluate("window.__xss")).toBeUndefined();
    await page.selectOption("#f-account", "");

    // A detail row spans every column.
    await ada.first().locator("button.toggle").click();
    expect(await ada.first().locator("xpath=following-sibling::tr[1]/td").getAttribute("colspan")).toBe("8");
    const mutedRow = page.locator("#muted-body tr.finding");
    await mutedRow.locator("button.toggle").click();
    expect(await mutedRow.locator("xpath=following-sibling::tr[1]/td").getAttribute("colspan")).toBe("9");

    await page.screenshot({ path: join(ARTIFACTS, "html-report-accounts.png"), fullPage: true });
    expect(requests).toEqual([url]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("the Requirement column names the requirement of --framework, else of the first --compliance-framework", async () => {
    const example = await exampleScan();
    for (const [options, expected] of [
      [{ framework: "cis_v300" }, "CIS AWS Foundations v3.0.0/1.11 +8"],
      [{ complianceFrameworks: ["cis_v600", "cis_v150"] }, "CIS AWS Foundations v6.0.0/2.10 +8"],
      [{ framework: "cis_v500", complianceFrameworks: ["cis_v600"] }, "CIS AWS Foundations v5.0.0/1.10 +8"],
    ] as const) {
      const { page } = await open(render(example, "html", options), "report-framework.html");
      expect(await page.locator("#findings-body td.reqs").allTextContents()).toEqual(Array(9).fill(expected));
      // The full list stays in the cell's title.
      expect(
        (await page.locator("#findings-body td.reqs").first().getAttribute("title"))?.split("\n"),
      ).toEqual([
        "CIS AWS Foundations v1.2.0/1.21",
        "CIS AWS Foundations v1.3.0/1.11",
        "CIS AWS Foundations v1.4.0/1.11",
        "CIS AWS Foundations v1.5.0/1.11",
        "CIS AWS Foundations v2.0.0/1.11",
        "CIS AWS Foundations v3.0.0/1.11",
        "CIS AWS Foundations v4.0.0/1.11",
        "CIS AWS Foundations v5.0.0/1.10",
        "CIS AWS Foundations v6.0.0/2.10",
      ]);
      await page.close();
    }
    expect(errors).toEqual([]);
  });

  it("the report the CLI writes for the bundled example loads from disk and agrees with the JSON", async ({
    onTestFinished,
  }) => {
    await ensureBuilt();
    // Removed after the test with the state directory the CLI made beside it.
    const dir = await tempDir(onTestFinished);
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
    expect(await page.locator("#findings-body td.reqs").first().textContent()).toBe(
      "CIS AWS Foundations v1.5.0/1.11 +8",
    );
    // With --framework cis_v300 the Requirement column names v3.0.0 requirements.
    const v300 = await cli(dir, [
      "scan",
      "--credential-report",
      EXAMPLE,
      "--rule",
      "iam_user_no_access_key_at_setup",
      "--framework",
      "cis_v300",
      "--no-history",
      "-o",
      "html",
      "--output-file",
      "v300.html",
    ]);
    expect(v300.code).toBe(3);
    const v300Url = pathToFileURL(join(dir, "v300.html")).href;
    await page.goto(v300Url);
    expect(await page.locator("#compliance tbody tr td").first().textContent()).toBe(
      "CIS AWS Foundations Benchmark v3.0.0 1.11",
    );
    expect(await page.locator("#findings-body td.reqs").allTextContents()).toEqual(
      Array(9).fill("CIS AWS Foundations v3.0.0/1.11 +8"),
    );
    expect(requests).toEqual([url, v300Url]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
