import { describe, expect, it } from "vitest";
import { rule } from "../../../src/rules/iam/iam_server_certificate_not_expired.js";
import type { ServerCertificate } from "../../../src/snapshot/authorization.js";
import { snapshot } from "./authorization-fixtures.js";

function certificate(name: string, expiration: string | null): ServerCertificate {
  return {
    serverCertificateName: name,
    serverCertificateId: `ASCA${name.toUpperCase()}`,
    arn: `arn:aws:iam::111122223333:server-certificate/${name}`,
    path: "/",
    uploadDate: new Date("2024-01-01T00:00:00Z"),
    expiration: expiration === null ? null : new Date(expiration),
  };
}

describe("iam_server_certificate_not_expired (CIS v1.5.0 1.19)", () => {
  it("FAILs an expired certificate and PASSes a valid one, judged at the scan time (2026-03-02T12:00:00Z)", () => {
    const findings = rule.evaluate(
      snapshot({
        serverCertificates: [
          certificate("old", "2026-01-31T12:00:00Z"),
          certificate("new", "2026-04-01T12:00:00Z"),
          certificate("now", "2026-03-02T12:00:00Z"),
          certificate("odd", null),
        ],
      }),
      {},
    );
    expect(findings.map((f) => [f.resourceName, f.status, f.statusExtended])).toEqual([
      [
        "old",
        "FAIL",
        "Server certificate old expired at 2026-01-31T12:00:00Z, 30 days before this scan: delete it.",
      ],
      ["new", "PASS", "Server certificate new expires at 2026-04-01T12:00:00Z, in 30 days."],
      [
        "now",
        "FAIL",
        "Server certificate now expired at 2026-03-02T12:00:00Z, 0 seconds before this scan: delete it.",
      ],
      [
        "odd",
        "ERROR",
        "Server certificate odd has no expiration date in the ListServerCertificates response; cannot judge.",
      ],
    ]);
    expect(findings[0]?.evidence).toMatchObject({
      expiration: "2026-01-31T12:00:00Z",
      scanTime: "2026-03-02T12:00:00Z",
      secondsUntilExpiration: -2_592_000,
    });
  });

  it("PASSes an account that stores no certificate", () => {
    const findings = rule.evaluate(snapshot({ serverCertificates: [] }), {});
    expect(findings.map((f) => [f.resourceType, f.status, f.statusExtended])).toEqual([
      ["AWS::::Account", "PASS", "IAM stores no server certificate."],
    ]);
  });
});
