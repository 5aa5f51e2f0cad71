/**
 * An HTTP answer that is no AWS error response (a proxy's or load balancer's HTML page, an empty 5xx):
 * the finding names the API, the account, the HTTP status and the quoted body, never "Unknown: Unknown".
 * Real SDK v3 clients against the local fakes answering such bodies (`fail(…, { body })`); 5xx is retried
 * as the SDK retries it (3 attempts, 1 ms apart).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scan } from "../../src/app/scan.js";
import { type AwsClients, createClients } from "../../src/aws/clients.js";
import { collectDatasets } from "../../src/aws/runner.js";
import { getSecurityContact } from "../../src/aws/security-contact.js";
import { evaluate } from "../../src/engine/evaluate.js";
import { rule as profileRule } from "../../src/rules/ec2/ec2_instance_profile_attached.js";
import { rule as accessKeyRule } from "../../src/rules/iam/iam_user_no_access_key_at_setup.js";
import { type FakeAws, setupKeyUser, startFakeAws } from "../support/fake-aws.js";
import { type FakeRegional, startFakeRegional } from "../support/fake-regional.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const CREDENTIALS = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" };
const ACCOUNT = "123456789012";
const CANNOT_JUDGE = `Could not judge account ${ACCOUNT}: iam:GenerateCredentialReport failed in account ${ACCOUNT}: `;

let fake: FakeAws;
const opened: AwsClients[] = [];
beforeEach(async () => {
  fake = await startFakeAws({ accountId: ACCOUNT });
});
afterEach(async () => {
  for (const clients of opened.splice(0)) clients.destroy();
  await fake.close();
});

/** A live scan of the fake with the credential report rule only (the report, then the re-check of its users). */
function scanAccessKeys() {
  return scan({
    connection: { endpointUrl: fake.endpoint, credentials: CREDENTIALS, retryBaseMs: 1 },
    reportPollBaseMs: 5,
    rules: [accessKeyRule],
  });
}

/** {@link scanAccessKeys}'s findings: status, sentence and evidence. */
async function scanReport() {
  const result = await scanAccessKeys();
  return result.findings.map((finding) => [finding.status, finding.statusExtended, finding.evidence]);
}

/** The finding a failed GenerateCredentialReport gives, with `reason` after the API and account. */
function reportError(reason: string, errorCode = "NotAnAwsResponse") {
  return [
    "ERROR",
    `${CANNOT_JUDGE}${reason}`,
    {
      api: "iam:GenerateCredentialReport",
      errorCode,
      missingPermission: null,
      dataset: "iam.credentialReport",
    },
  ];
}

/** The error account:GetAlternateContact ends with through real clients against the fake. */
async function securityContactFailure(): Promise<Error> {
  const clients = createClients({ endpointUrl: fake.endpoint, credentials: CREDENTIALS, retryBaseMs: 1 });
  opened.push(clients);
  const account = await clients.account?.();
  if (!account) throw new Error("no Account client");
  return (await getSecurityContact(account, ACCOUNT).catch((error: unknown) => error)) as Error;
}

describe("an answer that is no AWS error response (IAM, Query protocol)", () => {
  it("HTTP 500 with an HTML body: the status and the quoted body, after 3 attempts", async () => {
    fake.fail("GenerateCredentialReport", { code: "Proxy", httpStatus: 500, body: "<html>boom</html>" });
    expect(await scanReport()).toEqual([
      reportError('HTTP 500 from the endpoint, not an AWS error response (body: "<html>boom</html>").'),
    ]);
    expect(fake.counts().GenerateCredentialReport).toBe(3);
  });

  it("HTTP 502 with an empty body says so", async () => {
    fake.fail("GenerateCredentialReport", { code: "Proxy", httpStatus: 502, body: "" });
    expect(await scanReport()).toEqual([
      reportError("HTTP 502 from the endpoint, not an AWS error response (empty body)."),
    ]);
    expect(fake.counts().GenerateCredentialReport).toBe(3);
  });

  it("HTTP 403 with an HTML body is not access denied: no missing permission, one attempt", async () => {
    fake.fail("GenerateCredentialReport", { code: "Proxy", httpStatus: 403, body: "<html>forbidden</html>" });
    expect(await scanReport()).toEqual([
      reportError('HTTP 403 from the endpoint, not an AWS error response (body: "<html>forbidden</html>").'),
    ]);
    expect(fake.counts().GenerateCredentialReport).toBe(1);
  });

  it("HTTP 404 with a text body (which the SDK would call NotFound: Unknown)", async () => {
    fake.fail("GenerateCredentialReport", {
      code: "Proxy",
      httpStatus: 404,
      body: "<html><body>Not Found</body></html>",
    });
    expect(await scanReport()).toEqual([
      reportError(
        'HTTP 404 from the endpoint, not an AWS error response (body: "<html><body>Not Found</body></html>").',
      ),
    ]);
  });

  it("a long body with terminal controls is quoted escaped and cut at 120 characters with its length", async () => {
    const body = `\u001b[31m\u009b2J\u202e${"x".repeat(300)}`;
    fake.fail("GenerateCredentialReport", {
      code: "Proxy",
      httpStatus: 503,
      body,
      contentType: "text/plain",
    });
    const [finding] = await scanReport();
    const kept = `${"x".repeat(111)}…`;
    expect(finding?.[1]).toBe(
      `${CANNOT_JUDGE}HTTP 503 from the endpoint, not an AWS error response ` +
        `(body: "\\u001b[31m\\u009b2J\\u202e${kept}" (309 characters)).`,
    );
  });

  it("an AWS error response's long message is cut after 1,000 characters with its length", async () => {
    fake.fail("GenerateCredentialReport", {
      code: "ServiceFailure",
      httpStatus: 500,
      message: `${"m".repeat(4999)}!`,
    });
    expect(await scanReport()).toEqual([
      reportError(`ServiceFailure: ${"m".repeat(1000)}… (5000 characters).`, "ServiceFailure"),
    ]);
  });

  it("an AWS error response is still read by its code", async () => {
    fake.fail("GenerateCredentialReport", { code: "ServiceFailure", httpStatus: 500, message: "boom" });
    expect(await scanReport()).toEqual([reportError("ServiceFailure: boom.", "ServiceFailure")]);
  });
});

describe("STS: a page that is not STS's answered with HTTP 200", () => {
  it("an HTML page: the scan fails naming sts:GetCallerIdentity and the page", async () => {
    fake.fail("GetCallerIdentity", { code: "Portal", httpStatus: 200, body: "<html>Please log in</html>" });
    await expect(scanReport()).rejects.toThrow(
      `sts:GetCallerIdentity failed: UnreadableResponse: the HTTP 200 answer is an HTML page, not what the API returns (a captive portal or a proxy's page?) (body: "<html>Please log in</html>").`,
    );
    expect(fake.counts()).toEqual({ GetCallerIdentity: 1 });
  });

  it("XML that is not STS's (a portal's own): the scan fails naming the root element", async () => {
    fake.fail("GetCallerIdentity", {
      code: "Portal",
      httpStatus: 200,
      body: '<?xml version="1.0"?>\n<portal>Please log in</portal>',
    });
    await expect(scanReport()).rejects.toThrow(
      `sts:GetCallerIdentity failed: UnreadableResponse: the HTTP 200 answer is not the GetCallerIdentity answer (its root element is <portal>, not <GetCallerIdentityResponse>) (body: "<?xml version=\\"1.0\\"?>\\n<portal>Please log in</portal>").`,
    );
  });

  it("STS's answer naming no account: the scan fails naming sts:GetCallerIdentity, never judges an 'account unknown'", async () => {
    fake.fail("GetCallerIdentity", {
      code: "Empty",
      httpStatus: 200,
      body: "<GetCallerIdentityResponse><GetCallerIdentityResult/></GetCallerIdentityResponse>",
    });
    await expect(scanReport()).rejects.toThrow(
      "sts:GetCallerIdentity failed: UnreadableResponse: the answer names no 12-digit account (none): is the endpoint STS?",
    );
    expect(fake.counts()).toEqual({ GetCallerIdentity: 1 });
  });
});

describe("the Account API (REST-JSON): a body that is not JSON", () => {
  it("HTTP 500 with an HTML body names the status and quotes the body, not the SDK's JSON parse error", async () => {
    fake.fail("GetAlternateContact", { code: "Proxy", httpStatus: 500, body: "<html>boom</html>" });
    const failure = await securityContactFailure();
    expect(failure).toMatchObject({
      api: "account:GetAlternateContact",
      code: "NotAnAwsResponse",
      message: `account:GetAlternateContact failed in account ${ACCOUNT}: HTTP 500 from the endpoint, not an AWS error response (body: "<html>boom</html>").`,
    });
    expect(fake.counts().GetAlternateContact).toBe(3);
  });

  it("HTTP 200 with an HTML page (a captive portal): UnreadableResponse quoting the page", async () => {
    fake.fail("GetAlternateContact", {
      code: "Portal",
      httpStatus: 200,
      body: "\n  <!DOCTYPE html><html>sign in</html>",
    });
    const failure = await securityContactFailure();
    expect(failure).toMatchObject({
      api: "account:GetAlternateContact",
      code: "UnreadableResponse",
      message: `account:GetAlternateContact failed in account ${ACCOUNT}: UnreadableResponse: the HTTP 200 answer is an HTML page, not what the API returns (a captive portal or a proxy's page?) (body: "\\n  <!DOCTYPE html><html>sign in</html>").`,
    });
  });

  it("HTTP 200 with text that is not JSON: UnreadableResponse with the status, not the SDK's hint", async () => {
    fake.fail("GetAlternateContact", { code: "Portal", httpStatus: 200, body: "sign in first" });
    const failure = await securityContactFailure();
    expect(failure).toMatchObject({ api: "account:GetAlternateContact", code: "UnreadableResponse" });
    expect(failure.message).toMatch(
      new RegExp(
        // V8's JSON.parse wording (which quotes the start of the page) may vary between Node versions.
        `^account:GetAlternateContact failed in account ${ACCOUNT}: UnreadableResponse: the HTTP 200 answer is not what the API returns: .*"sign in first".* is not valid JSON \\(body: "sign in first"\\)\\.$`,
      ),
    );
    expect(failure.message).not.toContain("hidden field");
  });
});

describe("EC2 (its Query protocol): DescribeRegions answered by a proxy", () => {
  let regional: FakeRegional;
  beforeEach(async () => {
    regional = await startFakeRegional({ accountId: ACCOUNT });
  });
  afterEach(async () => {
    await regional.close();
  });

  it("HTTP 500 with an HTML body: one account-wide ERROR naming the status and the body", async () => {
    regional.fail("DescribeRegions", "*", { code: "Proxy", httpStatus: 500, body: "<html>boom</html>" });
    const clients = createClients({
      endpointUrl: regional.endpoint,
      credentials: CREDENTIALS,
      retryBaseMs: 1,
    });
    opened.push(clients);
    const { snapshot } = await collectDatasets(
      clients,
      { accountId: ACCOUNT, partition: "aws" },
      { datasets: ["ec2.regions", "ec2.instances"], collectedAt: new Date() },
    );
    const message = `ec2:DescribeRegions failed for account ${ACCOUNT}: HTTP 500 from the endpoint, not an AWS error response (body: "<html>boom</html>").`;
    expect(snapshot.errors).toEqual([
      { dataset: "ec2.regions", api: "ec2:DescribeRegions", code: "NotAnAwsResponse", message },
    ]);
    expect(
      evaluate(snapshot, [profileRule]).map((finding) => [
        finding.region,
        finding.status,
        finding.statusExtended,
        finding.evidence,
      ]),
    ).toEqual([
      [
        "global",
        "ERROR",
        `Could not judge account ${ACCOUNT}: ${message}`,
        {
          api: "ec2:DescribeRegions",
          errorCode: "NotAnAwsResponse",
          missingPermission: null,
          dataset: "ec2.regions",
        },
      ],
    ]);
    expect(regional.counts()).toEqual({ "us-east-1 DescribeRegions": 3 });
  });

  it("HTTP 200 with an answer that lists no region: an ERROR, never 'no region was read'", async () => {
    regional.fail("DescribeRegions", "*", {
      code: "Empty",
      httpStatus: 200,
      body: "<DescribeRegionsResponse><regionInfo/></DescribeRegionsResponse>",
    });
    const clients = createClients({
      endpointUrl: regional.endpoint,
      credentials: CREDENTIALS,
      retryBaseMs: 1,
    });
    opened.push(clients);
    const { snapshot } = await collectDatasets(
      clients,
      { accountId: ACCOUNT, partition: "aws" },
      { datasets: ["ec2.regions", "ec2.instances"], collectedAt: new Date() },
    );
    const message = `ec2:DescribeRegions failed in account ${ACCOUNT}: NoEnabledRegion: the answer lists no region at all (AWS always lists at least the one asked: is the endpoint EC2?).`;
    expect(snapshot.errors).toEqual([
      { dataset: "ec2.regions", api: "ec2:DescribeRegions", code: "NoEnabledRegion", message },
    ]);
    expect(
      evaluate(snapshot, [profileRule]).map((finding) => [finding.status, finding.statusExtended]),
    ).toEqual([["ERROR", `Could not judge account ${ACCOUNT}: ${message}`]]);
    expect(regional.counts()).toEqual({ "us-east-1 DescribeRegions": 1 });
  });
});

describe("a success answer that is an HTML page (a captive portal, a proxy's login page)", () => {
  it.each([
    [
      "comment-led HTML",
      "<!-- captive --><html><body>Login</body></html>",
      "its root element is <html>, not <ListUsersResponse>",
    ],
    [
      "a portal's own XML",
      '<?xml version="1.0"?><portal/>',
      "its root element is <portal>, not <ListUsersResponse>",
    ],
    ["an empty body", "", "an empty body"],
  ])(
    "IAM ListUsers answered 200 with %s: the re-check fails loudly, never 'deleted since the report'",
    async (_label, body, why) => {
      fake.addUser(setupKeyUser("alice"));
      fake.fail("ListUsers", { code: "Portal", httpStatus: 200, body });
      const result = await scanAccessKeys();
      expect(result.warnings).toHaveLength(1);
      expect(result.warnings[0]).toContain(
        `iam:ListUsers failed in account ${ACCOUNT}: UnreadableResponse: the HTTP 200 answer is ${body.startsWith("<!--") ? "an HTML page" : `not the ListUsers answer (${why})`}`,
      );
      expect(result.findings.map((finding) => [finding.status, finding.resourceName])).toEqual([
        ["FAIL", "alice access key 1"],
      ]);
    },
  );

  it("IAM ListUsers (Query XML, which the SDK would read as no user): an ERROR naming the page, never 'deleted since the report'", async () => {
    fake.addUser(setupKeyUser("alice"));
    fake.fail("ListUsers", {
      code: "Portal",
      httpStatus: 200,
      body: "<!doctype html><html><body>Please log in to the Wi-Fi</body></html>",
      contentType: "text/html",
    });
    const result = await scanAccessKeys();
    // The report is read; its re-check through the API fails loudly, as any failed re-check does.
    expect(result.warnings).toEqual([
      `Could not verify the credential report through the API; verdicts come from the report alone: iam:ListUsers failed in account ${ACCOUNT}: UnreadableResponse: the HTTP 200 answer is an HTML page, not what the API returns (a captive portal or a proxy's page?) (body: "<!doctype html><html><body>Please log in to the Wi-Fi</body></html>").`,
    ]);
    expect(result.findings.map((finding) => [finding.status, finding.resourceName])).toEqual([
      ["FAIL", "alice access key 1"],
    ]);
    expect(fake.counts().ListUsers).toBe(1);
  });
});
