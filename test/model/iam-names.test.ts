/**
 * What `--role-name` (and the library's `roleName`) takes: a role name after an optional path, written
 * as it follows `role/` in the role's ARN.
 */
import { describe, expect, it } from "vitest";
import { roleNameProblem } from "../../src/model/iam-names.js";

const FORM =
  "--role-name takes an IAM role name, 1 to 64 characters of A-Z a-z 0-9 + = , . @ _ -, optionally after a path (audit/CloudPatrolAudit).";

describe("roleNameProblem", () => {
  it.for([
    "CloudPatrolAudit",
    "audit/CloudPatrolAudit",
    "a/b/c/R+=,.@_-",
    ".hidden/..dots/Audit",
    "!#$%&'()*+,-.:;<=>?@[\\]^_`{|}~/Audit",
    // The longest path IAM accepts: 510 characters between its two slashes.
    `${"p".repeat(510)}/Audit`,
  ])("accepts %s", (value) => {
    expect(roleNameProblem(value)).toBeUndefined();
  });

  it.for([
    ["audit\u007f/Audit", FORM],
    ["audit path/Audit", FORM],
    ["\u00e9t\u00e9/Audit", FORM],
    ["audit/", FORM],
    [
      `${"p".repeat(511)}/Audit`,
      "--role-name has a path of 513 characters, its slashes included; IAM allows at most 512.",
    ],
    [
      "/Audit",
      "--role-name takes the path without a leading /, as the role's ARN writes it after role/: audit/CloudPatrolAudit, not /audit/CloudPatrolAudit.",
    ],
    [
      "//Audit",
      "--role-name takes the path without a leading /, as the role's ARN writes it after role/: audit/CloudPatrolAudit, not /audit/CloudPatrolAudit.",
    ],
    [
      "a//b",
      "--role-name has an empty path segment (//): write each part of the path once, between single slashes (audit/CloudPatrolAudit).",
    ],
    [
      "./Audit",
      "--role-name has a . or .. path segment: a role's path is matched as written, never resolved; name the path itself (audit/CloudPatrolAudit).",
    ],
    [
      "a/b/../Audit",
      "--role-name has a . or .. path segment: a role's path is matched as written, never resolved; name the path itself (audit/CloudPatrolAudit).",
    ],
  ])("refuses %j", ([value, message]) => {
    expect(roleNameProblem(value as string)).toBe(message);
  });
});
