/**
 * The progress lines of a multi-account scan (stderr, printed by default): account names and AWS error
 * messages come from the Organization and the endpoint, and are shown escaped as everywhere else on the
 * terminal (the newcomer trial saw a raw ESC from an AssumeRole message and raw bidi characters in names).
 */
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { AccountEvent } from "../../src/app/scan.js";
import { createLogger } from "../../src/cli/log.js";
import { accountDoneLine, createAccountProgress } from "../../src/cli/scan-accounts.js";
import { escapeTerminal } from "../../src/model/escape.js";

const HOSTILE_NAME = "esc\u001b]0;TITLE\u0007\u001b[2J\u202erev\u061c\u2066x\u2069\u200b";
const HOSTILE_ERROR = "sts:AssumeRole failed: AccessDenied: no\u001b[31mEVIL\r\nnext\u202e";

function done(name: string | null, error?: string): Extract<AccountEvent, { type: "done" }> {
  return {
    type: "done",
    accountId: "585671017877",
    name,
    account: {
      accountId: "585671017877",
      partition: "aws",
      outcome: error ? "failed" : "completed",
      ...(error ? { error } : {}),
      durationMs: 1234,
      apiCalls: { "sts:AssumeRole": 1 },
    },
    summary: { PASS: 0, FAIL: 0, MANUAL: 0, ERROR: 1, muted: 0, total: 1 },
    done: 1,
    total: 1,
  } as Extract<AccountEvent, { type: "done" }>;
}

describe("multi-account progress lines", () => {
  it("escape control, bidi and invisible characters of the account name and the error", () => {
    expect(accountDoneLine(done(HOSTILE_NAME, HOSTILE_ERROR))).toBe(
      "[1/1] account 585671017877 (esc\\u001b]0;TITLE\\u0007\\u001b[2J\\u202erev\\u061c\\u2066x\\u2069\\u200b): " +
        "failed in 1.2 s, 1 API call; 0 FAIL, 1 ERROR, 0 MANUAL, 0 PASS: " +
        "sts:AssumeRole failed: AccessDenied: no\\u001b[31mEVIL next\\u202e",
    );
    expect(accountDoneLine(done("prod"))).toBe(
      "[1/1] account 585671017877 (prod): completed in 1.2 s, 1 API call; 0 FAIL, 1 ERROR, 0 MANUAL, 0 PASS",
    );
  });

  it("cut a long account name after 120 characters, with its length (the trial saw a 100,097-character line)", () => {
    const name = `${"\u{1F600}".repeat(60)}${"n".repeat(99_940)}`;
    expect(accountDoneLine(done(name))).toBe(
      `[1/1] account 585671017877 (${"\u{1F600}".repeat(60)}${"n".repeat(60)}… (100000 characters)): ` +
        "completed in 1.2 s, 1 API call; 0 FAIL, 1 ERROR, 0 MANUAL, 0 PASS",
    );
    expect(accountDoneLine(done("n".repeat(120)))).toBe(
      `[1/1] account 585671017877 (${"n".repeat(120)}): completed in 1.2 s, 1 API call; 0 FAIL, 1 ERROR, 0 MANUAL, 0 PASS`,
    );
  });

  it("the line written to a non-terminal stream holds no control or bidi character but its newline", async () => {
    const stream = new PassThrough();
    let written = "";
    stream.setEncoding("utf8").on("data", (chunk: string) => {
      written += chunk;
    });
    const progress = await createAccountProgress(createLogger("normal", stream), stream as never);
    progress.onAccount(done(HOSTILE_NAME, HOSTILE_ERROR));
    progress.stop();
    expect(written.endsWith("\n")).toBe(true);
    // Apart from its newline, every character printable (what escapeTerminal would change, nothing).
    const line = written.slice(0, -1);
    expect(escapeTerminal(line)).toBe(line);
  });
});
