/**
 * Issue 16 item 20: without Chromium, running the browser test prints the one-line reason it is
 * skipped, not only "2 skipped" (the default reporter hides skipped titles).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");

describe.skipIf(existsSync("/usr/bin/chromium"))("the HTML browser test without Chromium", () => {
  it("says why it is skipped, in one line", async () => {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [join(ROOT, "node_modules/vitest/vitest.mjs"), "run", "test/report/html.browser.test.ts"],
      { cwd: ROOT, env: { ...process.env, CI: "1", NO_COLOR: "1" }, timeout: 120_000 },
    );
    expect(`${stdout}\n${stderr}`).toContain(
      "the HTML report in headless Chromium (skipped: /usr/bin/chromium not found; apt-get install chromium)",
    );
  }, 150_000);
});
