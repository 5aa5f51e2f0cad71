/**
 * The live progress display of a multi-account scan (a terminal) shows no ETA before an account has
 * finished: `ETA –`, never cli-progress's `ETA 0s` computed from nothing (trial s6 "summary" item 5).
 */
import { PassThrough } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import type { AccountEvent } from "../../src/app/scan.js";
import { createLogger } from "../../src/cli/log.js";
import { createAccountProgress } from "../../src/cli/scan-accounts.js";

/** A stream that says it is a terminal, recording what is written (cursor moves ignored). */
function fakeTerminal() {
  const stream = Object.assign(new PassThrough(), {
    isTTY: true,
    columns: 200,
    cursorTo: () => true,
    moveCursor: () => true,
    clearLine: () => true,
    clearScreenDown: () => true,
  });
  let written = "";
  stream.setEncoding("utf8").on("data", (chunk: string) => {
    written += chunk;
  });
  return { stream, written: () => written };
}

const start = (accountId: string): AccountEvent =>
  ({ type: "start", accountId, name: null, index: 0, total: 3 }) as unknown as AccountEvent;

function done(accountId: string): AccountEvent {
  return {
    type: "done",
    accountId,
    name: null,
    account: { accountId, partition: "aws", outcome: "completed", durationMs: 1000, apiCalls: {} },
    summary: { PASS: 1, FAIL: 0, MANUAL: 0, ERROR: 0, muted: 0, total: 1 },
    done: 1,
    total: 3,
  } as unknown as AccountEvent;
}

/** The overall bar's lines drawn so far. */
function overallLines(text: string): string[] {
  // Cursor moves and line clears written raw by cli-progress: each redraw starts at `ESC[1G`.
  return text
    .split("\u001b[1G")
    .flatMap((part) => part.split(/[\r\n]/))
    .map((line) => stripVTControlCharacters(line))
    .filter((line) => line.includes("accounts |"));
}

describe("progress display ETA", () => {
  it("ETA – until an account has finished, then a time", async () => {
    const terminal = fakeTerminal();
    const progress = await createAccountProgress(
      createLogger("normal", terminal.stream),
      terminal.stream as never,
    );
    progress.onAccount(start("111111111111"));
    progress.onAccount(start("222222222222"));
    await sleep(450); // two redraws at 5 frames a second
    const before = overallLines(terminal.written());
    expect(before.length).toBeGreaterThan(0);
    for (const line of before) expect(line).toMatch(/ 0\/3 accounts \| \d+s elapsed \| ETA –$/);
    progress.onAccount(done("111111111111"));
    await sleep(450);
    const after = overallLines(terminal.written()).slice(before.length);
    expect(after.length).toBeGreaterThan(0);
    for (const line of after) expect(line).toMatch(/ 1\/3 accounts \| \d+s elapsed \| ETA \d+s$/);
    progress.stop();
  });
});
