import {
  DeleteAccessKeyCommand,
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetCredentialReportCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  ListUsersCommand,
  ListUserTagsCommand,
  UpdateAccessKeyCommand,
} from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { ConfiguredRetryStrategy } from "@smithy/util-retry";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeAws, startFakeAws } from "./fake-aws.js";

const credentials = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" };
const NOW = new Date("2024-04-01T12:00:00Z");

let fake: FakeAws;
let iam: IAMClient;
let sts: STSClient;

beforeEach(async () => {
  fake = await startFakeAws();
  fake.report.now = () => NOW;
  iam = new IAMClient({ region: "us-east-1", endpoint: fake.endpoint, credentials, maxAttempts: 1 });
  sts = new STSClient({ region: "us-east-1", endpoint: fake.endpoint, credentials, maxAttempts: 1 });
});

afterEach(async () => {
  iam.destroy();
  sts.destroy();
  await fake.close();
});

/** The rejection of `promise`, for asserting on SDK exceptions. */
async function failure(
  promise: Promise<unknown>,
): Promise<{ name: string; message: string; status?: number }> {
  const error: unknown = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (!(error instanceof Error)) throw new Error("expected the call to fail");
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return { name: error.name, message: error.message, status };
}

async function reportCsv(): Promise<string> {
  const out = await iam.send(new GetCredentialReportCommand({}));
  return Buffer.from(out.Content ?? new Uint8Array()).toString("utf8");
}

function seedSmallAccount(): void {
  fake.setRoot({ createDate: "2019-05-06T07:08:09Z", mfaActive: true });
  fake.addUser({
    userName: "bob",
    createDate: "2024-01-02T03:04:05.678Z",
    loginProfile: { createDate: "2024-01-02T03:10:00Z", passwordLastUsed: "2024-03-01T12:00:00Z" },
    mfaActive: true,
    accessKeys: [
      {
        accessKeyId: "AKIABOB0000000000001",
        createDate: "2024-01-02T03:05:00Z",
        lastUsed: { date: "2024-03-02T10:00:00Z", serviceName: "s3", region: "eu-west-1" },
      },
      { accessKeyId: "AKIABOB0000000000002", status: "Inactive", createDate: "2024-02-01T00:00:00Z" },
    ],
  });
  fake.addUser({ userName: "Zed_Admin", path: "/ops/", createDate: "2021-01-01T00:00:00Z" });
  fake.addUser({
    userName: "Alice",
    createDate: "2023-06-01T00:00:00Z",
    loginProfile: { createDate: "2023-06-01T00:05:00Z" },
  });
  fake.addUser({
    userName: "carol",
    createDate: "2022-01-01T00:00:00Z",
    accessKeys: [{ createDate: "2022-01-02T00:00:00Z" }],
  });
}

const HEADER =
  "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation," +
  "mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date," +
  "access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated," +
  "access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active," +
  "cert_1_last_rotated,cert_2_active,cert_2_last_rotated";

const SMALL_ACCOUNT_CSV = [
  HEADER,
  "<root_account>,arn:aws:iam::123456789012:root,2019-05-06T07:08:09Z,not_supported,no_information,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
  "Alice,arn:aws:iam::123456789012:user/Alice,2023-06-01T00:00:00Z,true,no_information,2023-06-01T00:05:00Z,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
  "bob,arn:aws:iam::123456789012:user/bob,2024-01-02T03:04:05Z,true,2024-03-01T12:00:00Z,2024-01-02T03:10:00Z,N/A,true,true,2024-01-02T03:05:00Z,2024-03-02T10:00:00Z,eu-west-1,s3,false,2024-02-01T00:00:00Z,N/A,N/A,N/A,false,N/A,false,N/A",
  "carol,arn:aws:iam::123456789012:user/carol,2022-01-01T00:00:00Z,false,N/A,N/A,N/A,false,true,2022-01-02T00:00:00Z,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
  "Zed_Admin,arn:aws:iam::123456789012:user/ops/Zed_Admin,2021-01-01T00:00:00Z,false,N/A,N/A,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A",
].join("\n");

describe("credential report", () => {
  it("goes through the real lifecycle: not present, started, in progress, complete", async () => {
    seedSmallAccount();
    expect(await failure(iam.send(new GetCredentialReportCommand({})))).toEqual({
      name: "CredentialReportNotPresentException",
      message:
        "The credential report does not exist. To generate a credential report, use GenerateCredentialReport.",
      status: 410,
    });

    const started = await iam.send(new GenerateCredentialReportCommand({}));
    expect({ State: started.State, Description: started.Description }).toEqual({
      State: "STARTED",
      Description: "No report exists. Starting a new report generation task",
    });
    expect(await failure(iam.send(new GetCredentialReportCommand({})))).toMatchObject({
      name: "CredentialReportNotReadyException",
      status: 404,
    });

    const complete = await iam.send(new GenerateCredentialReportCommand({}));
    expect({ State: complete.State, Description: complete.Description }).toEqual({
      State: "COMPLETE",
      Description: undefined,
    });
    const out = await iam.send(new GetCredentialReportCommand({}));
    expect(out.ReportFormat).toBe("text/csv");
    expect(out.GeneratedTime).toEqual(NOW);
    expect(Buffer.from(out.Content ?? new Uint8Array()).toString("utf8")).toBe(SMALL_ACCOUNT_CSV);
    expect(fake.counts()).toEqual({ GenerateCredentialReport: 2, GetCredentialReport: 3 });
  });

  it("keeps serving the report built at generation time while it is fresh", async () => {
    seedSmallAccount();
    fake.report.generateCallsUntilComplete = 0;
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe("STARTED");
    fake.addUser({ userName: "dave", createDate: "2024-03-30T00:00:00Z" });
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe("COMPLETE");
    expect(await reportCsv()).toBe(SMALL_ACCOUNT_CSV);

    fake.report.now = () => new Date(NOW.getTime() + 14_401_000);
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe("STARTED");
    expect((await reportCsv()).split("\n").at(-1)).toMatch(/^Zed_Admin,/);
    expect((await reportCsv()).split("\n")).toHaveLength(7);
  });

  it("reports INPROGRESS until the configured number of Generate calls", async () => {
    fake.report.generateCallsUntilComplete = 3;
    const states: (string | undefined)[] = [];
    for (let call = 0; call < 5; call++) {
      states.push((await iam.send(new GenerateCredentialReportCommand({}))).State);
    }
    expect(states).toEqual(["STARTED", "INPROGRESS", "INPROGRESS", "COMPLETE", "COMPLETE"]);
    expect(fake.report.state).toBe("complete");
  });

  it("answers ReportExpired (410) after expire(), until a new report is generated", async () => {
    fake.report.preset({ generatedAt: "2024-04-01T11:00:00Z" });
    fake.report.expire();
    expect(await failure(iam.send(new GetCredentialReportCommand({})))).toMatchObject({
      name: "CredentialReportExpiredException",
      status: 410,
    });
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe("STARTED");
  });

  it("presets an old report, reused by Generate while younger than maxAgeSeconds", async () => {
    seedSmallAccount();
    fake.report.preset({ generatedAt: "2024-04-01T09:00:00Z" });
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe("COMPLETE");
    const out = await iam.send(new GetCredentialReportCommand({}));
    expect(out.GeneratedTime).toEqual(new Date("2024-04-01T09:00:00Z"));
    expect(Buffer.from(out.Content ?? new Uint8Array()).toString("utf8")).toBe(SMALL_ACCOUNT_CSV);

    fake.report.preset({ generatedAt: "2024-04-01T07:59:59Z" });
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe("STARTED");
  });

  it("serves overridden Content verbatim, e.g. base64 applied twice", async () => {
    fake.report.preset({ generatedAt: NOW });
    const twice = Buffer.from(Buffer.from("user,arn\n").toString("base64")).toString("base64");
    fake.report.overrideContent(twice);
    expect(await reportCsv()).toBe(Buffer.from("user,arn\n").toString("base64"));
    fake.report.overrideContent(undefined);
    expect(await reportCsv()).toMatch(/^user,arn,user_creation_time,/);
  });
});

describe("IAM users and keys", () => {
  it("pages ListUsers with MaxItems and Marker", async () => {
    for (const name of ["u7", "u1", "U3", "u2", "u5", "u4", "u6"]) {
      fake.addUser({ userName: name, createDate: "2024-01-01T00:00:00Z" });
    }
    const pages: { names: (string | undefined)[]; truncated: boolean | undefined }[] = [];
    let marker: string | undefined;
    do {
      const page = await iam.send(new ListUsersCommand({ MaxItems: 3, Marker: marker }));
      pages.push({ names: (page.Users ?? []).map((user) => user.UserName), truncated: page.IsTruncated });
      marker = page.Marker;
    } while (marker !== undefined);
    expect(pages).toEqual([
      { names: ["u1", "u2", "U3"], truncated: true },
      { names: ["u4", "u5", "u6"], truncated: true },
      { names: ["u7"], truncated: false },
    ]);
    expect(fake.counts()).toEqual({ ListUsers: 3 });
    expect(fake.requests.map((request) => request.params.MaxItems)).toEqual(["3", "3", "3"]);
  });

  it("returns users with the real field values", async () => {
    seedSmallAccount();
    const { Users } = await iam.send(new ListUsersCommand({}));
    expect(Users?.[1]).toEqual({
      Path: "/",
      UserName: "bob",
      UserId: "AIDAFAKE0000000000001",
      Arn: "arn:aws:iam::123456789012:user/bob",
      CreateDate: new Date("2024-01-02T03:04:05Z"),
      PasswordLastUsed: new Date("2024-03-01T12:00:00Z"),
    });
    const { User } = await iam.send(new GetUserCommand({ UserName: "Zed_Admin" }));
    expect(User?.Arn).toBe("arn:aws:iam::123456789012:user/ops/Zed_Admin");
    expect(User?.PasswordLastUsed).toBeUndefined();
    expect((await iam.send(new GetUserCommand({}))).User?.Arn).toBe("arn:aws:iam::123456789012:user/auditor");
    expect(await failure(iam.send(new GetUserCommand({ UserName: "nobody" })))).toEqual({
      name: "NoSuchEntityException",
      message: "The user with name nobody cannot be found.",
      status: 404,
    });
  });

  it("reports login profiles, MFA devices and tags (XML-escaped)", async () => {
    seedSmallAccount();
    fake.addUser({
      userName: "tagged",
      createDate: "2024-01-01T00:00:00Z",
      tags: [{ Key: "owner", Value: `a<b> & "c" 'd'` }],
    });
    const profile = await iam.send(new GetLoginProfileCommand({ UserName: "Alice" }));
    expect(profile.LoginProfile).toEqual({
      UserName: "Alice",
      CreateDate: new Date("2023-06-01T00:05:00Z"),
      PasswordResetRequired: false,
    });
    expect(await failure(iam.send(new GetLoginProfileCommand({ UserName: "carol" })))).toEqual({
      name: "NoSuchEntityException",
      message: "Login Profile for User carol cannot be found.",
      status: 404,
    });
    const devices = await iam.send(new ListMFADevicesCommand({ UserName: "bob" }));
    expect(devices.MFADevices?.map((device) => device.SerialNumber)).toEqual([
      "arn:aws:iam::123456789012:mfa/bob",
    ]);
    expect((await iam.send(new ListMFADevicesCommand({ UserName: "carol" }))).MFADevices).toEqual([]);
    const tags = await iam.send(new ListUserTagsCommand({ UserName: "tagged" }));
    expect(tags.Tags).toEqual([{ Key: "owner", Value: `a<b> & "c" 'd'` }]);
  });

  it("lists, inspects, deactivates and deletes access keys", async () => {
    seedSmallAccount();
    const listed = await iam.send(new ListAccessKeysCommand({ UserName: "bob" }));
    expect(listed.AccessKeyMetadata).toEqual([
      {
        UserName: "bob",
        AccessKeyId: "AKIABOB0000000000001",
        Status: "Active",
        CreateDate: new Date("2024-01-02T03:05:00Z"),
      },
      {
        UserName: "bob",
        AccessKeyId: "AKIABOB0000000000002",
        Status: "Inactive",
        CreateDate: new Date("2024-02-01T00:00:00Z"),
      },
    ]);
    const used = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: "AKIABOB0000000000001" }));
    expect({ UserName: used.UserName, ...used.AccessKeyLastUsed }).toEqual({
      UserName: "bob",
      LastUsedDate: new Date("2024-03-02T10:00:00Z"),
      ServiceName: "s3",
      Region: "eu-west-1",
    });
    const never = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: "AKIAFAKE000000000001" }));
    expect({ UserName: never.UserName, ...never.AccessKeyLastUsed }).toEqual({
      UserName: "carol",
      ServiceName: "N/A",
      Region: "N/A",
    });

    const update = await iam.send(
      new UpdateAccessKeyCommand({
        UserName: "bob",
        AccessKeyId: "AKIABOB0000000000001",
        Status: "Inactive",
      }),
    );
    expect(update.$metadata.httpStatusCode).toBe(200);
    await iam.send(new DeleteAccessKeyCommand({ UserName: "bob", AccessKeyId: "AKIABOB0000000000002" }));
    const after = await iam.send(new ListAccessKeysCommand({ UserName: "bob" }));
    expect(after.AccessKeyMetadata?.map((key) => `${key.AccessKeyId}:${key.Status}`)).toEqual([
      "AKIABOB0000000000001:Inactive",
    ]);
    expect(
      await failure(
        iam.send(
          new UpdateAccessKeyCommand({
            UserName: "carol",
            AccessKeyId: "AKIABOB0000000000001",
            Status: "Active",
          }),
        ),
      ),
    ).toEqual({
      name: "NoSuchEntityException",
      message: "The Access Key with id AKIABOB0000000000001 cannot be found.",
      status: 404,
    });
  });
});

describe("STS and the wire", () => {
  it("answers GetCallerIdentity for the configured caller", async () => {
    await fake.close();
    fake = await startFakeAws({ accountId: "210987654321", callerUserName: "ci" });
    sts.destroy();
    sts = new STSClient({ region: "eu-west-1", endpoint: fake.endpoint, credentials, maxAttempts: 1 });
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    expect({ Account: identity.Account, Arn: identity.Arn, UserId: identity.UserId }).toEqual({
      Account: "210987654321",
      Arn: "arn:aws:iam::210987654321:user/ci",
      UserId: "AIDAFAKECALLER0000001",
    });
    expect(fake.requests.map((request) => [request.service, request.action, request.status])).toEqual([
      ["sts", "GetCallerIdentity", 200],
    ]);
  });

  it("sends the real envelopes, routed by the SigV4 credential scope", async () => {
    const post = (service: string, body: string) =>
      fetch(fake.endpoint, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          authorization: `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240102/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`,
        },
        body,
      });
    const ok = await post(
      "iam",
      "Action=UpdateAccessKey&Version=2010-05-08&UserName=carol&AccessKeyId=x&Status=Active",
    );
    expect(ok.status).toBe(404);
    fake.addUser({
      userName: "carol",
      createDate: "2024-01-01T00:00:00Z",
      accessKeys: [{ accessKeyId: "x", createDate: "2024-01-01T00:00:00Z" }],
    });
    const updated = await post(
      "iam",
      "Action=UpdateAccessKey&Version=2010-05-08&UserName=carol&AccessKeyId=x&Status=Inactive",
    );
    expect(updated.headers.get("content-type")).toBe("text/xml");
    const requestId = updated.headers.get("x-amzn-requestid");
    expect(await updated.text()).toBe(
      `<UpdateAccessKeyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></UpdateAccessKeyResponse>`,
    );

    const unknown = await post("sts", "Action=AssumeRole&Version=2011-06-15");
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toBe(
      `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>InvalidAction</Code>` +
        `<Message>Could not find operation AssumeRole for version 2011-06-15</Message></Error>` +
        `<RequestId>${unknown.headers.get("x-amzn-requestid")}</RequestId></ErrorResponse>`,
    );
    expect(fake.counts()).toEqual({ UpdateAccessKey: 2, AssumeRole: 1 });
  });
});

describe("fault injection", () => {
  it("throttles twice, then succeeds when the SDK retries", async () => {
    fake.fail("GetCallerIdentity", { code: "Throttling", times: 2 });
    const retrying = new STSClient({
      region: "us-east-1",
      endpoint: fake.endpoint,
      credentials,
      retryStrategy: new ConfiguredRetryStrategy(3, () => 0),
    });
    try {
      const identity = await retrying.send(new GetCallerIdentityCommand({}));
      expect(identity.Arn).toBe("arn:aws:iam::123456789012:user/auditor");
      expect(identity.$metadata.attempts).toBe(3);
    } finally {
      retrying.destroy();
    }
    expect(fake.counts()).toEqual({ GetCallerIdentity: 3 });
    expect(fake.requests.map((request) => [request.status, request.errorCode])).toEqual([
      [400, "Throttling"],
      [400, "Throttling"],
      [200, undefined],
    ]);
  });

  it("denies access with the real message and status", async () => {
    fake.fail("GenerateCredentialReport", { code: "AccessDenied" });
    for (let call = 0; call < 2; call++) {
      expect(await failure(iam.send(new GenerateCredentialReportCommand({})))).toEqual({
        name: "AccessDenied",
        message:
          "User: arn:aws:iam::123456789012:user/auditor is not authorized to perform: iam:GenerateCredentialReport on resource: *",
        status: 403,
      });
    }
    fake.clearFaults();
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toBe("STARTED");
    expect(fake.counts()).toEqual({ GenerateCredentialReport: 3 });
    fake.resetCounts();
    expect(fake.counts()).toEqual({});
    expect(fake.requests).toEqual([]);
  });

  it("answers a fault's raw body as it is, with its status and content type (a proxy's page)", async () => {
    fake.fail("GenerateCredentialReport", {
      code: "Proxy",
      httpStatus: 502,
      body: "<html>boom</html>",
      times: 1,
    });
    fake.fail("GetAlternateContact", { code: "Proxy", httpStatus: 500, body: "", contentType: "text/plain" });
    const post = (service: string, path: string, body: string) =>
      fetch(`${fake.endpoint}${path}`, {
        method: "POST",
        headers: {
          authorization: `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20240102/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=0`,
        },
        body,
      });
    const iamAnswer = await post("iam", "/", "Action=GenerateCredentialReport&Version=2010-05-08");
    expect([iamAnswer.status, iamAnswer.headers.get("content-type"), await iamAnswer.text()]).toEqual([
      502,
      "text/html",
      "<html>boom</html>",
    ]);
    const account = await post("account", "/getAlternateContact", '{"AlternateContactType":"SECURITY"}');
    expect([account.status, account.headers.get("content-type"), await account.text()]).toEqual([
      500,
      "text/plain",
      "",
    ]);
    expect((await post("iam", "/", "Action=GenerateCredentialReport&Version=2010-05-08")).status).toBe(200);
    expect(fake.requests.map((request) => [request.action, request.status, request.errorCode])).toEqual([
      ["GenerateCredentialReport", 502, "Proxy"],
      ["GetAlternateContact", 500, "Proxy"],
      ["GenerateCredentialReport", 200, undefined],
    ]);
  });

  it("adds latency to every response", async () => {
    fake.setLatency(120);
    const started = performance.now();
    await sts.send(new GetCallerIdentityCommand({}));
    expect(performance.now() - started).toBeGreaterThanOrEqual(115);
  });
});
