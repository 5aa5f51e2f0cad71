/**
 * Listings that never end are refused (src/aws/page-guard.ts), with the real SDK v3 against local
 * endpoints: an answer that gives back the page token it was sent (IAM's Query/XML `Marker`, KMS's JSON
 * `NextMarker`) is refused at its second request; a new token on every page is refused after the page
 * limit; a last page (`IsTruncated` false) is never refused. Through a live scan, the listing's rules get
 * an ERROR naming the API and `EndlessPages`, and the other rules are judged.
 */
import { KMSClient, paginateListKeys } from "@aws-sdk/client-kms";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { scan } from "../../src/app/scan.js";
import { RefusedAnswerError } from "../../src/aws/answer-body.js";
import { makeClient } from "../../src/aws/clients.js";
import { guardPages, MAX_CONTINUATION_PAGES } from "../../src/aws/page-guard.js";
import { rule as rule116 } from "../../src/rules/iam/iam_policy_no_full_admin_attached.js";
import { rule as rule119 } from "../../src/rules/iam/iam_server_certificate_not_expired.js";
import { type LocalEndpoint, listenLocal, readBody, send } from "../support/endpoint.js";
import { type FakeAws, startFakeAws } from "../support/fake-aws.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const CREDENTIALS = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" };
const ACCOUNT = "111122223333";

describe("a live scan whose IAM listing gives back its own page token", () => {
  let fake: FakeAws;
  beforeEach(async () => {
    fake = await startFakeAws({ accountId: ACCOUNT });
  });
  afterEach(async () => {
    await fake.close();
  });

  it("GetAccountAuthorizationDetails answering Marker SAME on every page: an ERROR after 2 requests; the other rule is judged", async () => {
    fake.fail("GetAccountAuthorizationDetails", {
      code: "Loop",
      httpStatus: 200,
      contentType: "text/xml",
      body:
        '<GetAccountAuthorizationDetailsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetAccountAuthorizationDetailsResult>' +
        "<UserDetailList/><GroupDetailList/><RoleDetailList/><Policies/><IsTruncated>true</IsTruncated><Marker>SAME</Marker>" +
        "</GetAccountAuthorizationDetailsResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetAccountAuthorizationDetailsResponse>",
    });
    const result = await scan({
      connection: {
        endpointUrl: fake.endpoint,
        credentials: CREDENTIALS,
        region: "us-east-1",
        retryBaseMs: 1,
      },
      reportPollBaseMs: 1,
      rules: [rule116, rule119],
    });
    expect(fake.counts().GetAccountAuthorizationDetails).toBe(2);
    expect(
      result.findings.map((finding) => [finding.ruleId, finding.status, finding.statusExtended]),
    ).toEqual([
      [
        rule116.id,
        "ERROR",
        `Could not judge account ${ACCOUNT}: iam:GetAccountAuthorizationDetails failed in account ${ACCOUNT}: EndlessPages: the answer gives back the page token it was sent ("SAME") as the next page's: the listing would never end.`,
      ],
      [rule119.id, "PASS", "IAM stores no server certificate."],
    ]);
    expect(result.findings[0]?.evidence).toMatchObject({
      api: "iam:GetAccountAuthorizationDetails",
      errorCode: "EndlessPages",
    });
  });
});

describe("the page guard on a JSON API (KMS ListKeys)", () => {
  let local: LocalEndpoint;
  let requests: (string | undefined)[];
  /** The next page's token for the request's `Marker` (undefined: the last page). */
  let nextMarker: (sent: string | undefined) => string | undefined;
  /** The answer's `Truncated` (default: whether there is a next token). */
  let truncated: ((next: string | undefined) => boolean) | undefined;
  beforeEach(async () => {
    requests = [];
    truncated = undefined;
    local = await listenLocal();
    local.serve(async (request, response) => {
      const input = JSON.parse(await readBody(request)) as { Marker?: string };
      requests.push(input.Marker);
      const next = nextMarker(input.Marker);
      send(
        response,
        200,
        JSON.stringify({
          Keys: [
            {
              KeyId: `k${requests.length}`,
              KeyArn: `arn:aws:kms:us-east-1:${ACCOUNT}:key/k${requests.length}`,
            },
          ],
          Truncated: truncated ? truncated(next) : next !== undefined,
          ...(next !== undefined ? { NextMarker: next } : {}),
        }),
        { "content-type": "application/x-amz-json-1.1" },
      );
    });
  });
  afterEach(async () => {
    await local.close();
  });
  const connection = () => ({
    endpointUrl: local.url,
    credentials: CREDENTIALS,
    region: "us-east-1",
    retryBaseMs: 1,
  });

  /** Every key of the listing, or the error that ended it. */
  async function listKeys(client: KMSClient): Promise<string[] | unknown> {
    const keys: string[] = [];
    try {
      for await (const page of paginateListKeys({ client }, {}))
        for (const key of page.Keys ?? []) keys.push(key.KeyId ?? "");
      return keys;
    } catch (error) {
      return error;
    } finally {
      client.destroy();
    }
  }

  it("NextMarker SAME answered to Marker SAME: refused at the second request", async () => {
    nextMarker = () => "SAME";
    const error = await listKeys(makeClient(KMSClient, "kms", connection()));
    expect(error).toBeInstanceOf(RefusedAnswerError);
    expect(error).toMatchObject({ code: "EndlessPages" });
    expect(requests).toEqual([undefined, "SAME"]);
  });

  it("a new token on every page: refused once the limit of continuation pages is reached", async () => {
    nextMarker = (sent) => `m${Number((sent ?? "m0").slice(1)) + 1}`;
    const client = new KMSClient({ ...connection(), endpoint: local.url });
    guardPages(client as never, 3);
    const error = await listKeys(client);
    expect(error).toMatchObject({
      code: "EndlessPages",
      message:
        "the listing asked for more than 3 further pages without reaching its end (a page token on every answer): not followed further",
    });
    // The first page, then 3 continuation pages; the 4th is not sent.
    expect(requests).toEqual([undefined, "m1", "m2", "m3"]);
    expect(MAX_CONTINUATION_PAGES).toBe(5_000);
  });

  it("a listing that ends, even at the limit, is read whole", async () => {
    nextMarker = (sent) => (sent === "m3" ? undefined : `m${Number((sent ?? "m0").slice(1)) + 1}`);
    const client = new KMSClient({ ...connection(), endpoint: local.url });
    guardPages(client as never, 3);
    expect(await listKeys(client)).toEqual(["k1", "k2", "k3", "k4"]);
    expect(requests).toEqual([undefined, "m1", "m2", "m3"]);
  });

  it("a last page (Truncated false) that also carries a token ends the listing: the token is not followed", async () => {
    truncated = () => false;
    nextMarker = () => "TOK";
    expect(await listKeys(makeClient(KMSClient, "kms", connection()))).toEqual(["k1"]);
    expect(requests).toEqual([undefined]);
  });

  it("tokens alternating A, B, A: refused before A is sent again", async () => {
    nextMarker = (sent) => (sent === "A" ? "B" : "A");
    const error = await listKeys(makeClient(KMSClient, "kms", connection()));
    expect(error).toMatchObject({
      code: "EndlessPages",
      message: 'the listing was sent back to a page token it had already followed ("A"): it would never end',
    });
    expect(requests).toEqual([undefined, "A", "B"]);
  });

  it("Truncated true without a page token: refused, never read as the whole list", async () => {
    truncated = () => true;
    nextMarker = () => undefined;
    const error = await listKeys(makeClient(KMSClient, "kms", connection()));
    expect(error).toMatchObject({
      code: "UnreadableResponse",
      message:
        "the answer says more pages follow (IsTruncated) but gives no page token: the listing cannot be read whole",
    });
    expect(requests).toEqual([undefined]);
  });

  it("the same input listed again from its start may follow the same tokens (a second listing, not a loop)", async () => {
    nextMarker = (sent) => (sent === undefined ? "m1" : sent === "m1" ? "m2" : undefined);
    const client = makeClient(KMSClient, "kms", connection());
    const first: string[] = [];
    for await (const page of paginateListKeys({ client }, {}))
      for (const key of page.Keys ?? []) first.push(key.KeyId ?? "");
    const second = await listKeys(client);
    expect([first.length, second]).toEqual([3, ["k4", "k5", "k6"]]);
    expect(requests).toEqual([undefined, "m1", "m2", undefined, "m1", "m2"]);
  });
});
