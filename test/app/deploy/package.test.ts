/**
 * `cloudpatrol deploy package` (issue 5, item 3): the zip holds one esbuild bundle per handler named in
 * the template, each bundle exports that handler, and the bundles run against local AWS endpoints.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateRawSync } from "node:zlib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { handlerFiles, type PackageResult, writeLambdaPackage } from "../../../src/app/deploy/package.js";
import { renderTemplate } from "../../../src/cli/deploy.js";
import { type FakeAws, startFakeAws } from "../../support/fake-aws.js";
import { type FakeConfig, startFakeConfig } from "../../support/fake-config.js";
import { type FakeSns, startFakeSns } from "../../support/fake-sns.js";

/** Reads a zip's entries (stored or deflated) from its central directory. */
function readZip(zip: Buffer): Map<string, Buffer> {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end -= 1;
  if (end < 0) throw new Error("no end of central directory");
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  for (let index = 0; index < count; index += 1) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error("bad central directory entry");
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const local = zip.readUInt32LE(offset + 42);
    const name = zip.toString("utf8", offset + 46, offset + 46 + nameLength);
    const dataStart = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

let dir: string;
let result: PackageResult;
let entries: Map<string, Buffer>;
const loaded = new Map<string, Record<string, unknown>>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "cloudpatrol-package-"));
  result = await writeLambdaPackage(join(dir, "cloudpatrol-lambda.zip"));
  entries = readZip(readFileSync(result.path));
  const require = createRequire(join(dir, "loader.js"));
  for (const [name, contents] of entries) {
    writeFileSync(join(dir, name), contents);
    loaded.set(name, require(join(dir, name)) as Record<string, unknown>);
  }
}, 60_000);
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("deploy package", () => {
  it("writes a zip with exactly one bundle per handler file", () => {
    expect([...entries.keys()]).toEqual(["config-rule.js", "iam-event.js"]);
    expect(handlerFiles()).toEqual(["config-rule.js", "iam-event.js"]);
    expect(result.sha256).toMatch(/^[0-9a-f]{64}$/);
    for (const file of result.files) expect(file.bytes).toBe(entries.get(file.name)?.byteLength);
  });

  it("every handler the template names resolves to a function exported by its bundle", () => {
    for (const mode of ["notify", "enforce"] as const) {
      const template = JSON.parse(renderTemplate({ mode })) as {
        Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
      };
      const handlers = Object.values(template.Resources)
        .filter((resource) => resource.Type === "AWS::Lambda::Function")
        .map((resource) => String(resource.Properties.Handler));
      expect(handlers).toEqual(["config-rule.handler", "iam-event.handler"]);
      for (const handler of handlers) {
        const dot = handler.lastIndexOf(".");
        const module = loaded.get(`${handler.slice(0, dot)}.js`);
        expect(module, handler).toBeDefined();
        expect(typeof module?.[handler.slice(dot + 1)], handler).toBe("function");
      }
    }
  });

  it("is deterministic: packaging again gives the same bytes", async () => {
    const again = await writeLambdaPackage(join(dir, "again.zip"));
    expect(again.sha256).toBe(result.sha256);
  }, 60_000);
});

describe("the bundles run", () => {
  const saved = { ...process.env };
  let fake: FakeAws;
  let sns: FakeSns;
  let config: FakeConfig;

  beforeAll(async () => {
    fake = await startFakeAws();
    sns = await startFakeSns();
    config = await startFakeConfig();
    Object.assign(process.env, {
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
      AWS_SECRET_ACCESS_KEY: "test",
      AWS_ENDPOINT_URL_IAM: fake.endpoint,
      AWS_ENDPOINT_URL_STS: fake.endpoint,
      AWS_ENDPOINT_URL_SNS: sns.endpoint,
      AWS_ENDPOINT_URL_CONFIG_SERVICE: config.endpoint,
      TOPIC_ARN: "arn:aws:sns:us-east-1:123456789012:cloudpatrol-alerts",
      MODE: "enforce",
      POWERTOOLS_LOG_LEVEL: "SILENT",
    });
    fake.addUser({
      userName: "alice",
      userId: "AIDAALICE000000000001",
      createDate: "2026-03-01T12:00:00Z",
      loginProfile: { createDate: "2026-03-01T12:00:00Z" },
      accessKeys: [{ accessKeyId: "AKIAALICE00000000001", createDate: "2026-03-01T12:00:20Z" }],
    });
  });
  afterEach(() => {
    fake.resetCounts();
  });
  afterAll(async () => {
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    await Promise.all([fake.close(), sns.close(), config.close()]);
  });

  it("iam-event.handler (MODE=enforce from the environment) alerts and deactivates the event's key", async () => {
    const handler = loaded.get("iam-event.js")?.handler as (
      event: unknown,
      context: unknown,
    ) => Promise<Record<string, unknown>>;
    // The Lambda context: the function's own account comes from its ARN, the retry deadline from the time left.
    const context = {
      invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:cloudpatrol-IamEventFunction",
      getRemainingTimeInMillis: () => 60_000,
    };
    const result = await handler(
      {
        id: "e1",
        "detail-type": "AWS API Call via CloudTrail",
        source: "aws.iam",
        account: "123456789012",
        detail: {
          eventSource: "iam.amazonaws.com",
          eventName: "CreateAccessKey",
          eventID: "bundle-test-1",
          eventTime: "2026-03-01T12:00:20Z",
          userIdentity: { type: "IAMUser", userName: "admin", arn: "arn:aws:iam::123456789012:user/admin" },
          requestParameters: { userName: "alice" },
          responseElements: {
            accessKey: { accessKeyId: "AKIAALICE00000000001", userName: "alice", status: "Active" },
          },
        },
      },
      context,
    );
    expect(result).toMatchObject({ outcome: "alerted", deactivated: ["AKIAALICE00000000001"] });
    expect(sns.messages.map((message) => message.subject)).toEqual([
      "CIS 1.11: deactivating access key AKIAALICE00000000001 of console user alice in 123456789012",
    ]);
    expect(fake.counts().UpdateAccessKey).toBe(1);
    expect(fake.counts().GetCallerIdentity).toBeUndefined();
  });

  it("config-rule.handler reports a change evaluation to AWS Config", async () => {
    const handler = loaded.get("config-rule.js")?.handler as (
      event: unknown,
    ) => Promise<Record<string, unknown>>;
    await handler({
      invokingEvent: JSON.stringify({
        messageType: "ConfigurationItemChangeNotification",
        notificationCreationTime: "2026-03-01T12:01:00Z",
        configurationItem: {
          resourceType: "AWS::IAM::User",
          resourceId: "AIDAALICE000000000001",
          resourceName: "alice",
          configurationItemStatus: "OK",
          configurationItemCaptureTime: "2026-03-01T12:00:30Z",
          awsAccountId: "123456789012",
        },
      }),
      ruleParameters: "{}",
      resultToken: "token",
      eventLeftScope: false,
      accountId: "123456789012",
      configRuleName: "cloudpatrol-iam-user-no-access-key-at-setup",
    });
    // The key was deactivated by the test above: the user now complies.
    expect(config.evaluations().map((e) => [e.ComplianceResourceId, e.ComplianceType])).toEqual([
      ["AIDAALICE000000000001", "COMPLIANT"],
    ]);
  });
});
