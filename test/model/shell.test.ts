import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { escapeTerminal } from "../../src/model/escape.js";
import { fillCommand, shellQuote } from "../../src/model/shell.js";

describe("shellQuote", () => {
  it("leaves every character IAM allows in a user name unquoted", () => {
    expect(shellQuote("alice")).toBe("alice");
    expect(shellQuote("a.b+c=d,e@f_g-h")).toBe("a.b+c=d,e@f_g-h");
    expect(shellQuote("AKIAFAKE000000000001")).toBe("AKIAFAKE000000000001");
  });

  it("quotes words a shell would expand: leading = (zsh) or ~", () => {
    expect(shellQuote("=alice")).toBe("'=alice'");
    expect(shellQuote("~alice")).toBe("'~alice'");
  });

  it("single-quotes anything else, writing ' as '\\''", () => {
    expect(shellQuote("")).toBe("''");
    expect(shellQuote("a b")).toBe("'a b'");
    expect(shellQuote("$(rm -rf /)")).toBe("'$(rm -rf /)'");
    expect(shellQuote("o'brien")).toBe("'o'\\''brien'");
    expect(shellQuote("`id`;x|y&z")).toBe("'`id`;x|y&z'");
  });

  it("writes control and hidden characters as UTF-8 \\xHH bytes in ANSI-C quotes, which bash reads back exactly in any locale", () => {
    expect(shellQuote("bidi\u202egnp.exe")).toBe("$'bidi\\xE2\\x80\\xAEgnp.exe'");
    expect(shellQuote("o'b\\r\u0007")).toBe("$'o\\'b\\\\r\\x07'");
    expect(shellQuote("esc\u001bBE")).toBe("$'esc\\x1BBE'");
    expect(shellQuote("shy\u00adx")).toBe("$'shy\\xC2\\xADx'");
    expect(shellQuote("tag\u{e0041}")).toBe("$'tag\\xF3\\xA0\\x81\\x81'");
    expect(shellQuote("c1\u009b")).toBe("$'c1\\xC2\\x9B'");
    const values = [
      "bidi\u202egnp.exe",
      "tab\tx",
      "new\nline",
      "esc\u001b[31m 'q' \\z $(id)",
      "esc\u001bBE",
      "zw\u200b",
      "o'brien",
      "shy\u00adx\u2028y",
      "tag\u{e0041}\u{e007f}",
      "c1\u009b\u007f",
      "zoë 山田 👩\u200d💻\u2066",
    ];
    for (const value of values) {
      const quoted = shellQuote(value);
      expect(escapeTerminal(quoted), value).toBe(quoted); // nothing raw reaches the terminal
      for (const locale of ["C", "C.UTF-8"]) {
        const env = { ...process.env, LC_ALL: locale, LANG: locale };
        const out = execFileSync("bash", ["-c", `printf %s ${quoted}`], { env });
        expect(out.toString("utf8"), `${escapeTerminal(value)} under LC_ALL=${locale}`).toBe(value);
      }
    }
  });
});

describe("fillCommand", () => {
  const template =
    "aws iam update-access-key --access-key-id <access-key-id> --status Inactive --user-name <user>";

  it("fills both placeholders", () => {
    expect(fillCommand(template, { user: "bob@example.com", accessKeyId: "AKIAFAKE000000000002" })).toBe(
      "aws iam update-access-key --access-key-id AKIAFAKE000000000002 --status Inactive --user-name bob@example.com",
    );
  });

  it("leaves a placeholder without a value in place", () => {
    expect(fillCommand(template, { user: "bob" })).toBe(
      "aws iam update-access-key --access-key-id <access-key-id> --status Inactive --user-name bob",
    );
  });

  it("attaches a value starting with - to its option so the AWS CLI does not read it as an option", () => {
    expect(fillCommand("aws iam list-access-keys --user-name <user>", { user: "-ops" })).toBe(
      "aws iam list-access-keys --user-name=-ops",
    );
  });

  it("quotes odd names", () => {
    expect(fillCommand("aws iam get-user --user-name <user>", { user: "it's me" })).toBe(
      "aws iam get-user --user-name 'it'\\''s me'",
    );
  });
});
