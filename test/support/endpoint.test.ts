/** The shared fake-endpoint core: server lifecycle, SigV4 scope, counts, fault queues, error envelopes. */
import { describe, expect, it } from "vitest";
import {
  dispatchLocal,
  listenLocal,
  RequestCounts,
  readBody,
  readBodyBytes,
  send,
  sigV4Scope,
} from "./endpoint.js";
import { FaultPlan } from "./faults.js";
import { awsJsonError, ec2ErrorXml, queryErrorXml, restJsonError } from "./wire-errors.js";

describe("endpoint core", () => {
  it("serves on 127.0.0.1 with the body echoed, destroys the response when the handler throws, and closes", async () => {
    const local = await listenLocal();
    local.serve(async (request, response) => {
      const body = await readBody(request);
      if (body === "boom") throw new Error("boom");
      send(response, 201, `got ${body}`, { "Content-Type": "text/plain" });
    });
    expect(local.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const answer = await fetch(local.url, { method: "POST", body: "ping" });
    expect([answer.status, answer.headers.get("content-length"), await answer.text()]).toEqual([
      201,
      "8",
      "got ping",
    ]);
    await expect(fetch(local.url, { method: "POST", body: "boom" })).rejects.toThrow();
    await local.close();
    await expect(fetch(local.url)).rejects.toThrow();
  });

  it("hands a request whose body was read to another local endpoint in-process; none once it is closed", async () => {
    const inner = await listenLocal();
    inner.serve(async (request, response) => {
      const body = await readBody(request);
      send(response, 200, `${request.method} ${request.url} ${request.headers["x-test"]} ${body}`, {
        "Content-Type": "text/plain",
      });
    });
    const outer = await listenLocal();
    let handedOver = false;
    outer.serve(async (request, response) => {
      const body = await readBodyBytes(request);
      await dispatchLocal(inner.url, request, body, response);
      handedOver = true;
    });
    const answer = await fetch(`${outer.url}/path?q=1`, {
      method: "POST",
      body: "ping",
      headers: { "x-test": "yes" },
    });
    expect([answer.status, await answer.text()]).toEqual([200, "POST /path?q=1 yes ping"]);
    expect(handedOver).toBe(true);
    await inner.close();
    await expect(fetch(outer.url, { method: "POST", body: "again" })).rejects.toThrow();
    await outer.close();
  });

  it("reads the SigV4 credential scope", () => {
    const header =
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240102/eu-west-1/ec2/aws4_request, SignedHeaders=host, Signature=00";
    expect(sigV4Scope(header)).toEqual({
      accessKeyId: "AKIDEXAMPLE",
      date: "20240102",
      region: "eu-west-1",
      service: "ec2",
    });
    expect(sigV4Scope(undefined)).toBeUndefined();
    expect(sigV4Scope("Bearer x")).toBeUndefined();
  });

  it("counts requests per key and resets", () => {
    const counts = new RequestCounts();
    counts.add("a");
    counts.add("a");
    counts.add("b");
    const snapshot = counts.snapshot();
    counts.add("a");
    expect(snapshot).toEqual({ a: 2, b: 1 });
    counts.reset();
    expect(counts.snapshot()).toEqual({});
  });

  it("queues faults (add), replaces them (set), and knows '*' only as a wildcard when asked", () => {
    const queued = new FaultPlan();
    queued.add("A", { code: "Throttling", times: 1 });
    queued.add("A", { code: "AccessDenied", times: 1 });
    queued.add("*", { code: "ServiceFailure", times: 1 });
    expect([
      queued.take("A")?.code,
      queued.take("A")?.code,
      queued.take("A")?.code,
      queued.take("A"),
    ]).toEqual(["Throttling", "AccessDenied", "ServiceFailure", undefined]);
    const single = new FaultPlan({ wildcard: false });
    single.set("A", { code: "Throttling", times: 1 });
    single.set("A", { code: "AccessDenied", times: 2 });
    single.set("*", { code: "ServiceFailure" });
    expect([single.take("A")?.code, single.take("A")?.code, single.take("A"), single.take("B")]).toEqual([
      "AccessDenied",
      "AccessDenied",
      undefined,
      undefined,
    ]);
    single.set("*", { code: "ServiceFailure", times: 0 });
    expect(single.take("*")).toBeUndefined();
  });

  it("renders each protocol's error envelope", () => {
    expect(queryErrorXml("urn:x", { type: "Sender", code: "A&B", message: "<m>" }, "r1")).toBe(
      '<ErrorResponse xmlns="urn:x"><Error><Type>Sender</Type><Code>A&amp;B</Code><Message>&lt;m&gt;</Message></Error><RequestId>r1</RequestId></ErrorResponse>',
    );
    expect(ec2ErrorXml("UnauthorizedOperation", "no", "r2")).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>no</Message></Error></Errors><RequestID>r2</RequestID></Response>',
    );
    expect(awsJsonError("ThrottlingException", "slow")).toEqual({
      body: '{"__type":"ThrottlingException","message":"slow"}',
      headers: { "x-amzn-ErrorType": "ThrottlingException" },
    });
    expect(restJsonError("AccessDeniedException", "no", { errorType: "AccessDeniedException:ns" })).toEqual({
      body: '{"message":"no"}',
      headers: { "x-amzn-ErrorType": "AccessDeniedException:ns" },
    });
    expect(restJsonError("TooManyRequestsException", "Rate exceeded", { fields: "Code" }).body).toBe(
      '{"Code":"TooManyRequestsException","Message":"Rate exceeded"}',
    );
  });
});
