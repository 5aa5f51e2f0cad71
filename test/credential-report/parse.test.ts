import { describe, expect, it } from "vitest";
import {
  isToken,
  NO_INFORMATION,
  NOT_APPLICABLE,
  NOT_SUPPORTED,
  parseCredentialReportCsv,
  parseCredentialReportInput,
} from "../../src/credential-report/index.js";
import { CredentialReportFormatError } from "../../src/model/errors.js";
import {
  CONSOLE_USER,
  HEADER,
  neverUsedKey,
  report,
  rootRow,
  usedKey,
  userRow,
} from "../support/report-rows.js";

function formatError(run: () => unknown): CredentialReportFormatError {
  try {
    run();
  } catch (error) {
    if (error instanceof CredentialReportFormatError) return error;
    throw error;
  }
  throw new Error("expected a CredentialReportFormatError");
}

describe("parseCredentialReportCsv", () => {
  it("reads a header-only report as zero rows", () => {
    const parsed = parseCredentialReportCsv(HEADER);
    expect(parsed.rows).toEqual([]);
    expect(parsed.layout).toBe("22-column");
    expect(parsed.warnings).toEqual([]);
  });

  it("parses Z and +00:00 timestamps in one file to the same UTC instants", () => {
    const parsed = parseCredentialReportCsv(
      report(
        userRow("zulu", { user_creation_time: "2025-01-28T23:09:18Z" }),
        userRow("offset", { user_creation_time: "2025-01-28T23:09:18+00:00" }),
        userRow("east", { user_creation_time: "2025-01-29T01:09:18+02:00" }),
      ),
    );
    const times = parsed.rows.map((row) => (row.userCreationTime as Date).toISOString());
    expect(times).toEqual([
      "2025-01-28T23:09:18.000Z",
      "2025-01-28T23:09:18.000Z",
      "2025-01-28T23:09:18.000Z",
    ]);
  });

  it("keeps N/A, no_information and not_supported as three distinct tokens", () => {
    const [root, user] = parseCredentialReportCsv(report(rootRow(), userRow("alice", CONSOLE_USER))).rows;
    expect(root?.passwordEnabled).toBe(NOT_SUPPORTED);
    expect(root?.passwordLastUsed).toBe(NO_INFORMATION);
    expect(root?.passwordLastChanged).toBe(NOT_SUPPORTED);
    expect(user?.passwordLastUsed).toBe(NO_INFORMATION);
    expect(user?.passwordNextRotation).toBe(NOT_APPLICABLE);
    expect(user?.accessKeys[0].lastUsedDate).toBe(NOT_APPLICABLE);
    expect(isToken(user?.passwordLastUsed, "N/A")).toBe(false);
    expect(isToken(user?.passwordLastUsed, "no_information")).toBe(true);
    expect(isToken(root?.passwordEnabled, "not_supported")).toBe(true);
    expect(isToken(new Date(0))).toBe(false);
    expect(NOT_APPLICABLE).not.toEqual(NO_INFORMATION);
  });

  it("reads booleans in any letter case", () => {
    const [row] = parseCredentialReportCsv(
      report(
        userRow("upper", { password_enabled: "TRUE", mfa_active: "True", access_key_1_active: "FALSE" }),
      ),
    ).rows;
    expect(row?.passwordEnabled).toBe(true);
    expect(row?.mfaActive).toBe(true);
    expect(row?.accessKeys[0].active).toBe(false);
  });

  it("tolerates a BOM, CRLF line ends and a trailing newline", () => {
    const text = `\uFEFF${report(userRow("alice"), userRow("bob")).replaceAll("\n", "\r\n")}\r\n`;
    const parsed = parseCredentialReportCsv(text);
    expect(parsed.rows.map((row) => [row.user, row.line])).toEqual([
      ["alice", 2],
      ["bob", 3],
    ]);
  });

  it("finds columns by header name, in any order, and ignores unknown columns with a warning", () => {
    const columns = HEADER.split(",");
    const reordered = [...columns].reverse();
    const values = userRow("alice", { ...CONSOLE_USER, ...neverUsedKey(2, "2024-03-01T10:00:01Z") }).split(
      ",",
    );
    const byName = new Map(columns.map((name, index) => [name, values[index] as string]));
    const text = [
      `${reordered.join(",")},future_column`,
      `${reordered.map((name) => byName.get(name)).join(",")},x`,
    ].join("\n");
    const parsed = parseCredentialReportCsv(text, { source: "r.csv" });
    const [row] = parsed.rows;
    expect(row?.user).toBe("alice");
    expect(row?.passwordEnabled).toBe(true);
    expect(row?.accessKeys[1].active).toBe(true);
    expect(row?.accessKeys[1].lastRotated).toEqual(new Date("2024-03-01T10:00:01Z"));
    expect(parsed.warnings).toEqual(["r.csv: ignored unknown columns: future_column"]);
  });

  it("still refuses a known column twice, naming it", () => {
    const text = [`${HEADER},arn`, `${userRow("alice")},x`].join("\n");
    expect(() => parseCredentialReportCsv(text, { source: "r.csv" })).toThrow(
      `r.csv, line 1, column ${HEADER.split(",").length + 1}: the column arn appears twice in the header`,
    );
  });

  it.for([
    [",", '"" (an empty column name)'],
    [",,,", '"" (3 empty column names)'],
    [',"odd name",,future', '"odd name", future, "" (an empty column name)'],
    [",x,x", "x"],
  ])("names empty and odd unknown columns in the warning (header ending %j)", ([tail, shown]) => {
    const extra = ",".repeat((tail as string).split(",").length - 1);
    const text = [`${HEADER}${tail}`, `${userRow("alice")}${extra}`].join("\n");
    expect(parseCredentialReportCsv(text, { source: "r.csv" }).warnings).toEqual([
      `r.csv: ignored unknown columns: ${shown}`,
    ]);
  });

  it("reads the pre-April-2015 16-column layout with key usage unknown (null)", () => {
    const text = [
      "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_2_active,access_key_2_last_rotated,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated",
      "Bill,arn:aws:iam::123456789012:user/Bill,2015-04-15T18:27:44+00:00,false,N/A,N/A,N/A,false,true,2015-04-15T18:27:44+00:00,false,N/A,false,N/A,false,N/A",
    ].join("\n");
    const parsed = parseCredentialReportCsv(text);
    expect(parsed.layout).toBe("16-column");
    expect(parsed.rows[0]?.accessKeys[0]).toEqual({
      slot: 1,
      active: true,
      lastRotated: new Date("2015-04-15T18:27:44Z"),
      lastUsedDate: null,
      lastUsedRegion: null,
      lastUsedService: null,
    });
  });

  it("recognises the root row by <root_account> with a :root ARN in any partition", () => {
    const parsed = parseCredentialReportCsv(
      report(
        rootRow({ password_enabled: "true" }),
        rootRow({ arn: "arn:aws-us-gov:iam::111122223333:root" }),
        rootRow({ arn: "arn:aws-cn:iam::111122223333:root", password_enabled: "false" }),
        userRow("root", { arn: "arn:aws:iam::111122223333:user/root" }),
      ),
    );
    expect(parsed.rows.map((row) => [row.user, row.isRoot])).toEqual([
      ["<root_account>", true],
      ["<root_account>", true],
      ["<root_account>", true],
      ["root", false],
    ]);
  });

  it("merges duplicate rows for one ARN, keeping the most recent activity, with a warning", () => {
    const parsed = parseCredentialReportCsv(
      report(
        userRow("chestnut", CONSOLE_USER),
        userRow("chestnut", {
          ...CONSOLE_USER,
          ...usedKey(1, "2024-05-01T00:00:00Z", "2024-06-01T00:00:00Z"),
        }),
        userRow("oak"),
      ),
    );
    expect(parsed.rows.map((row) => [row.user, row.line])).toEqual([
      ["chestnut", 3],
      ["oak", 4],
    ]);
    expect(parsed.warnings).toEqual([
      "duplicate rows for arn:aws:iam::111122223333:user/chestnut at lines 2 and 3: using line 3, the one with the most recent activity",
    ]);
  });

  it("reads a report with no root row", () => {
    const parsed = parseCredentialReportCsv(report(userRow("alice")));
    expect(parsed.rows.map((row) => row.isRoot)).toEqual([false]);
  });

  it("names a missing required column", () => {
    const error = formatError(() =>
      parseCredentialReportCsv(HEADER.replace(",mfa_active", ""), { source: "r.csv" }),
    );
    expect(error.message).toBe(
      "r.csv, line 1: the header has no column mfa_active: expected a credential report header (user,arn,user_creation_time,...)",
    );
  });

  it("names a partly missing set of last-used columns", () => {
    const error = formatError(() =>
      parseCredentialReportCsv(HEADER.replace(",access_key_2_last_used_region", ""), { source: "r.csv" }),
    );
    expect(error.message).toBe("r.csv, line 1: the header has no column access_key_2_last_used_region");
  });

  it("names the line and column of a row with too few fields", () => {
    const short = userRow("alice").split(",").slice(0, 20).join(",");
    const error = formatError(() =>
      parseCredentialReportCsv(report(userRow("ok"), short), { source: "r.csv" }),
    );
    expect(error.message).toBe("r.csv, line 3, column 21: expected 22 fields like the header, found 20");
    expect([error.line, error.column]).toEqual([3, 21]);
  });

  describe("user names with commas (IAM allows +=,.@_-; issue 18)", () => {
    /** A row whose user name (and ARN) hold commas, written without quotes as moto writes it. */
    const unquoted = (name: string, arn = `arn:aws:iam::111122223333:user/${name}`) =>
      userRow(name, { ...CONSOLE_USER, arn });

    it("reads a quoted name (RFC 4180) as it is, without a warning", () => {
      const row = userRow("X", CONSOLE_USER).replace(
        /^X,arn:aws:iam::111122223333:user\/X,/,
        '"smith,john","arn:aws:iam::111122223333:user/smith,john",',
      );
      const parsed = parseCredentialReportCsv(report(userRow("ok"), row));
      expect(parsed.rows.map((r) => [r.user, r.arn])).toEqual([
        ["ok", "arn:aws:iam::111122223333:user/ok"],
        ["smith,john", "arn:aws:iam::111122223333:user/smith,john"],
      ]);
      expect(parsed.warnings).toEqual([]);
    });

    it("recovers an unquoted name from the ARN, which ends with it, and says so with the line", () => {
      const parsed = parseCredentialReportCsv(
        report(
          userRow("ok"),
          unquoted("smith,john"),
          unquoted("a,b,c", "arn:aws:iam::111122223333:user/div,x/a,b,c"),
        ),
        { source: "r.csv" },
      );
      expect(parsed.rows.map((r) => [r.line, r.user, r.arn, r.passwordEnabled])).toEqual([
        [2, "ok", "arn:aws:iam::111122223333:user/ok", false],
        [3, "smith,john", "arn:aws:iam::111122223333:user/smith,john", true],
        [4, "a,b,c", "arn:aws:iam::111122223333:user/div,x/a,b,c", true],
      ]);
      expect(parsed.warnings).toEqual([
        'r.csv, line 3: the user name "smith,john" holds commas but is not quoted (RFC 4180): read from the ARN, which ends with it',
        'r.csv, line 4: the user name "a,b,c" holds commas but is not quoted (RFC 4180): read from the ARN, which ends with it',
      ]);
    });

    it("refuses a row it cannot put back together: the line by default, a warning and the other rows with badRows skip", () => {
      // The ARN does not end with the name: no split fits.
      const broken = unquoted("smith,john", "arn:aws:iam::111122223333:user/other,name");
      const text = report(userRow("before"), broken, userRow("after"));
      expect(formatError(() => parseCredentialReportCsv(text, { source: "r.csv" })).message).toBe(
        "r.csv, line 3, column 23: expected 22 fields like the header, found 24",
      );
      const parsed = parseCredentialReportCsv(text, { source: "r.csv", badRows: "skip" });
      expect(parsed.rows.map((r) => r.user)).toEqual(["before", "after"]);
      expect(parsed.warnings).toEqual([
        "r.csv, line 3, column 23: expected 22 fields like the header, found 24: row skipped",
      ]);
    });
  });

  describe("cells beyond IAM's limits (a name of IAM's has at most 64 characters)", () => {
    it("accepts a 64-character name, quoted with commas or recovered unquoted; refuses 65 naming line and column", () => {
      const name64 = `${"a,".repeat(31)}bb`;
      expect(name64).toHaveLength(64);
      const unquoted = userRow(name64, CONSOLE_USER);
      const parsed = parseCredentialReportCsv(report(unquoted, userRow("z".repeat(64))), { source: "r.csv" });
      expect(parsed.rows.map((row) => row.user)).toEqual([name64, "z".repeat(64)]);
      const error = formatError(() =>
        parseCredentialReportCsv(report(userRow("ok"), userRow("z".repeat(65))), { source: "r.csv" }),
      );
      expect(error.message).toBe(
        `r.csv, line 3, column 1: user: expected an IAM user name of at most 64 characters, found 65: "${"z".repeat(65)}"`,
      );
      expect([error.line, error.column]).toEqual([3, 1]);
    });

    it("a 5 MB user name: quoted by 120 characters and its length; with badRows skip, that row alone is left out", () => {
      const huge = "u".repeat(5 * 1024 * 1024);
      const text = report(userRow("before"), userRow(huge), userRow("after"));
      expect(formatError(() => parseCredentialReportCsv(text, { source: "r.csv" })).message).toBe(
        `r.csv, line 3, column 1: user: expected an IAM user name of at most 64 characters, found 5242880: "${"u".repeat(120)}…" (5242880 characters)`,
      );
      const skipped = parseCredentialReportCsv(text, { source: "r.csv", badRows: "skip" });
      expect(skipped.rows.map((row) => row.user)).toEqual(["before", "after"]);
      expect(skipped.warnings).toHaveLength(1);
      expect(skipped.warnings[0]?.length).toBeLessThan(300);
    });

    it("refuses an ARN longer than 2,048 characters and a last-used region or service longer than 128", () => {
      const arn = `arn:aws:iam::111122223333:user/${"p/".repeat(1008)}alice`;
      expect(arn).toHaveLength(2052);
      expect(
        formatError(() => parseCredentialReportCsv(report(userRow("alice", { arn })), { source: "r.csv" }))
          .message,
      ).toBe(
        `r.csv, line 2, column 2: arn: expected an ARN of at most 2048 characters, found 2052: "${arn.slice(0, 120)}…" (2052 characters)`,
      );
      const region = formatError(() =>
        parseCredentialReportCsv(
          report(
            userRow("alice", {
              ...usedKey(1, "2024-03-01T10:00:00Z", "2024-03-02T10:00:00Z"),
              access_key_1_last_used_region: "r".repeat(129),
            }),
          ),
          { source: "r.csv" },
        ),
      );
      expect(region.message).toBe(
        `r.csv, line 2, column 12: access_key_1_last_used_region: expected a name of at most 128 characters, found "${"r".repeat(120)}…" (129 characters)`,
      );
      const service = parseCredentialReportCsv(
        report(
          userRow("alice", {
            ...usedKey(2, "2024-03-01T10:00:00Z", "2024-03-02T10:00:00Z"),
            access_key_2_last_used_service: "s".repeat(128),
          }),
        ),
      );
      expect(service.rows[0]?.accessKeys[1]?.lastUsedService).toBe("s".repeat(128));
    });

    it("a row with 40,000 unquoted commas is one error, not every split of them tried (quadratic)", () => {
      const name = `${"a,".repeat(20_000)}b`;
      const error = formatError(() =>
        parseCredentialReportCsv(report(userRow("ok"), userRow(name)), { source: "r.csv" }),
      );
      expect(error.message).toBe("r.csv, line 3, column 23: expected 22 fields like the header, found 40022");
    });
  });

  it("names the line, column and expected values of a bad boolean", () => {
    const error = formatError(() =>
      parseCredentialReportCsv(report(userRow("alice", { mfa_active: "yes" })), { source: "r.csv" }),
    );
    expect(error.message).toBe('r.csv, line 2, column 8: mfa_active: expected true or false, found "yes"');
  });

  it("quotes a 5 MB bad cell by its first 120 characters and its length, control characters escaped", () => {
    const cell = `\u001b[31m${"y".repeat(5 * 1024 * 1024)}`;
    const error = formatError(() =>
      parseCredentialReportCsv(report(userRow("alice", { mfa_active: cell })), { source: "r.csv" }),
    );
    expect(error.message).toBe(
      `r.csv, line 2, column 8: mfa_active: expected true or false, found "\\u001b[31m${"y".repeat(115)}…" (5242885 characters)`,
    );
  });

  it("never feeds a token-like or malformed value to the date parser", () => {
    const bad = formatError(() =>
      parseCredentialReportCsv(report(userRow("alice", { user_creation_time: "2024-03-01 10:00:00" })), {
        source: "r.csv",
      }),
    );
    expect(bad.message).toBe(
      'r.csv, line 2, column 3: user_creation_time: expected an ISO 8601 timestamp (e.g. 2025-01-28T17:25:12Z), N/A, no_information or not_supported, found "2024-03-01 10:00:00"',
    );
    const invalidDay = formatError(() =>
      parseCredentialReportCsv(report(userRow("alice", { password_last_used: "2024-13-45T10:00:00Z" }))),
    );
    expect(invalidDay.column).toBe(5);
  });

  it("reads a quote inside an unquoted user name as part of the name (an emulator writes it so), every other row too", () => {
    const parsed = parseCredentialReportCsv(report(userRow('bob"quote'), userRow("alice")), {
      source: "r.csv",
    });
    expect(parsed.rows.map((row) => [row.user, row.arn])).toEqual([
      ['bob"quote', 'arn:aws:iam::111122223333:user/bob"quote'],
      ["alice", "arn:aws:iam::111122223333:user/alice"],
    ]);
    expect(parsed.warnings).toEqual([]);
  });

  it("reports unbalanced quotes with their line", () => {
    const error = formatError(() =>
      parseCredentialReportCsv(report(userRow("alice"), '"bob,arn'), { source: "r.csv" }),
    );
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^r\.csv, line 3: not valid CSV: /);
  });

  it("rejects an empty input and a non-report", () => {
    expect(formatError(() => parseCredentialReportCsv("", { source: "e.csv" })).message).toBe(
      "e.csv, line 1: empty input: expected a credential report header starting with user,arn,...",
    );
    expect(formatError(() => parseCredentialReportCsv("name,age\nx,1", { source: "p.csv" })).message).toMatch(
      /^p\.csv, line 1: the header has no column user:/,
    );
  });
});

describe("parseCredentialReportInput", () => {
  const csv = report(
    rootRow(),
    userRow("alice", { ...CONSOLE_USER, ...neverUsedKey(1, "2024-03-01T10:00:01Z") }),
  );

  it("decodes the base64 Content of `aws iam get-credential-report` exactly once and keeps GeneratedTime", () => {
    const json = JSON.stringify({
      Content: Buffer.from(csv).toString("base64"),
      ReportFormat: "text/csv",
      GeneratedTime: "2024-03-02T08:00:00+00:00",
    });
    const parsed = parseCredentialReportInput(json, { source: "cli.json" });
    expect(parsed.rows.map((row) => row.user)).toEqual(["<root_account>", "alice"]);
    expect(parsed.generatedAt?.toISOString()).toBe("2024-03-02T08:00:00.000Z");
  });

  it("refuses Content that is base64-encoded twice", () => {
    const twice = Buffer.from(Buffer.from(csv).toString("base64")).toString("base64");
    const error = formatError(() =>
      parseCredentialReportInput(JSON.stringify({ Content: twice }), { source: "cli.json" }),
    );
    expect(error.message).toBe(
      "cli.json: Content is base64-encoded twice: decoded once it is still base64, not CSV; refusing to decode it again",
    );
  });

  it("reads a recorded SDK response whose Content is already text, with a botocore datetime", () => {
    const recorded = JSON.stringify({
      status_code: 200,
      data: {
        Content: csv,
        ReportFormat: "text/csv",
        GeneratedTime: { year: 2016, month: 11, day: 25, hour: 14, minute: 30, second: 42 },
      },
    });
    const parsed = parseCredentialReportInput(recorded);
    expect(parsed.rows).toHaveLength(2);
    expect(parsed.generatedAt?.toISOString()).toBe("2016-11-25T14:30:42.000Z");
  });

  it("rejects JSON without Content, invalid JSON and non-base64 Content", () => {
    expect(formatError(() => parseCredentialReportInput('{"Users": []}', { source: "x.json" })).message).toBe(
      'x.json: expected the JSON of "aws iam get-credential-report" with a "Content" string',
    );
    expect(
      formatError(() => parseCredentialReportInput('{\n  "Content": "abc",\n  }', { source: "x.json" }))
        .message,
    ).toBe("x.json, line 3, column 3: not valid JSON: Expected double-quoted property name");
    expect(
      formatError(() => parseCredentialReportInput('{"Content": "%%%"}', { source: "x.json" })).message,
    ).toBe("x.json: Content is neither credential report CSV nor base64");
  });
});

describe("a row whose user name and ARN disagree (issue 16 item 3)", () => {
  const source = "report.csv";
  it.each([
    [
      "<root_account> with a user's ARN",
      userRow("<root_account>", { arn: "arn:aws:iam::111122223333:user/x" }),
      'user <root_account> names the root user, but the arn "arn:aws:iam::111122223333:user/x" is not a root ARN (arn:<partition>:iam::<account>:root)',
    ],
    [
      "a user name with the root ARN",
      userRow("alice", { arn: "arn:aws:iam::111122223333:root" }),
      'the arn "arn:aws:iam::111122223333:root" is the root user\'s, but user is "alice", not <root_account>',
    ],
    [
      "a user name with another user's ARN",
      userRow("alice", { arn: "arn:aws:iam::111122223333:user/team/bob" }),
      'user "alice" does not match the arn "arn:aws:iam::111122223333:user/team/bob" (user name bob)',
    ],
    [
      "a user with an ARN that is no IAM user's",
      userRow("alice", { arn: "arn:aws:iam::111122223333:role/alice" }),
      'arn: expected an IAM user ARN (arn:<partition>:iam::<account>:user/<path><name>) or the root ARN, found "arn:aws:iam::111122223333:role/alice"',
    ],
  ])("%s is an invalid line (exit 2), never skipped", (_what, row, problem) => {
    const error = formatError(() => parseCredentialReportCsv(report(rootRow(), row), { source }));
    expect([error.message, error.line, error.column]).toEqual([
      `${source}, line 3, column 2: ${problem}`,
      3,
      2,
    ]);
  });

  it("accepts a user under a path and the root row in another partition", () => {
    const parsed = parseCredentialReportCsv(
      report(
        rootRow({ arn: "arn:aws-us-gov:iam::111122223333:root" }),
        userRow("bob", { arn: "arn:aws-us-gov:iam::111122223333:user/team/bob" }),
      ),
    );
    expect(parsed.rows.map((row) => [row.user, row.isRoot])).toEqual([
      ["<root_account>", true],
      ["bob", false],
    ]);
  });
});

describe("impossible dates (issue 16 item 4)", () => {
  it.each([
    ["user_creation_time", 3, "2024-02-30T00:00:00Z", "February 2024 has 29 days"],
    ["password_last_used", 5, "0000-01-01T00:00:00Z", "year 0000 is before 1970"],
    ["access_key_1_last_rotated", 10, "2024-06-31T10:00:00+00:00", "June 2024 has 30 days"],
  ])("%s = %s is refused with its line and column, never rolled over", (column, position, value, why) => {
    const fields =
      column === "password_last_used" ? { ...CONSOLE_USER, [column]: value } : { [column]: value };
    const error = formatError(() =>
      parseCredentialReportCsv(report(rootRow(), userRow("alice", fields)), { source: "r.csv" }),
    );
    expect(error.message).toBe(
      `r.csv, line 3, column ${position}: ${column}: ${JSON.stringify(value)} is not a real time: ${why}`,
    );
  });

  it("refuses an impossible GeneratedTime in the JSON of aws iam get-credential-report", () => {
    const json = JSON.stringify({
      Content: Buffer.from(report(rootRow())).toString("base64"),
      ReportFormat: "text/csv",
      GeneratedTime: "2024-02-30T00:00:00+00:00",
    });
    const error = formatError(() => parseCredentialReportInput(json, { source: "r.json" }));
    expect(error.message).toBe(
      'r.json: GeneratedTime: "2024-02-30T00:00:00+00:00" is not a real time: February 2024 has 29 days',
    );
  });
});
