/**
 * Every answer's body is read within limits before the SDK parses it (src/aws/answer-body.ts): a body
 * over the size limit or one that does not arrive in time fails the call instead of exhausting memory or
 * holding the scan for ever; a success answer that is an HTML page is refused. Real SDK clients against
 * a local HTTP server of the test's own that answers as a hostile endpoint would.
 */
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { afterEach, describe, expect, it } from "vitest";
import {
  looksLikeHtml,
  queryAction,
  RefusedAnswerError,
  readBody,
  rootElement,
} from "../../src/aws/answer-body.js";
import { type AwsClients, createClients } from "../../src/aws/clients.js";
import { awsErrorCode, describeAwsError } from "../../src/aws/errors.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const CREDENTIALS = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" };

/** A stream of `chunks`, each after `gapMs`; records whether it was destroyed. */
function slowStream(chunks: readonly string[], gapMs: number) {
  let next = 0;
  const stream = new Readable({
    read() {
      const chunk = chunks[next++];
      setTimeout(() => this.push(chunk === undefined ? null : Buffer.from(chunk)), gapMs);
    },
  });
  return stream;
}

describe("readBody", () => {
  it("reads a body within the limits whole", async () => {
    const bytes = await readBody(slowStream(["<a>", "x", "</a>"], 1), { timeoutMs: 1000, maxBytes: 8 });
    expect(Buffer.from(bytes).toString()).toBe("<a>x</a>");
  });

  it("stops at the byte past the size limit: AnswerTooLarge, the stream destroyed", async () => {
    const stream = slowStream(["12345", "67890", "never read"], 1);
    const error = await readBody(stream, { timeoutMs: 1000, maxBytes: 9 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RefusedAnswerError);
    expect(error).toMatchObject({ code: "AnswerTooLarge", name: "AnswerTooLarge" });
    expect((error as Error).message).toBe(
      "the answer is larger than 0 MiB, far more than an AWS API answers: not read",
    );
    expect(stream.destroyed).toBe(true);
  });

  it("a body dripping one byte at a time fails at the time limit, however steady the drip", async () => {
    const stream = slowStream(
      Array.from({ length: 100 }, () => "x"),
      40,
    );
    const started = Date.now();
    const error = await readBody(stream, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error).toMatchObject({ code: "TimeoutError", name: "TimeoutError" });
    expect((error as Error).message).toMatch(
      /^the answer's body did not arrive within 0\.3 s of its headers \([1-9] bytes read\): the endpoint is too slow or stalled$/,
    );
    expect(stream.destroyed).toBe(true);
  });
});

describe("looksLikeHtml", () => {
  it.each([
    ["<html><body>x</body></html>", true],
    ["\ufeff\r\n  <!DOCTYPE HTML PUBLIC>", true],
    ["<!doctype html>", true],
    ["<!-- captive --><html><body>Login</body></html>", true],
    ['<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN">', true],
    ['<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">', true],
    ['<?xml version="1.0"?><ListUsersResponse/>', false],
    ["<ListUsersResponse><html/></ListUsersResponse>", false],
    ['{"html": 1}', false],
    ["", false],
  ])("%j → %s", (text, html) => {
    expect(looksLikeHtml(Buffer.from(text))).toBe(html);
  });
});

describe("the Query protocol's action and an answer's root element", () => {
  it("reads the action of a form body, and nothing from another protocol's body", () => {
    expect(queryAction({ body: "Action=ListUsers&Version=2010-05-08" })).toBe("ListUsers");
    expect(queryAction({ body: "Version=2016-11-15&Action=DescribeRegions&RegionName.1=x" })).toBe(
      "DescribeRegions",
    );
    expect(queryAction({ body: '{"Action":"ListUsers"}' })).toBeUndefined();
    expect(queryAction({ body: "NoAction=ListUsers" })).toBeUndefined();
    expect(queryAction({ body: new Uint8Array() })).toBeUndefined();
    expect(queryAction(null)).toBeUndefined();
  });

  it.each([
    ['<?xml version="1.0" encoding="UTF-8"?>\n<ListUsersResponse xmlns="x">', "ListUsersResponse"],
    ["\ufeff  <!-- a comment -->\n<DescribeRegionsResponse>", "DescribeRegionsResponse"],
    ["<portal>sign in</portal>", "portal"],
    ["sign in", undefined],
    ["", undefined],
  ])("%j → %s", (text, root) => {
    expect(rootElement(Buffer.from(text))).toBe(root);
  });
});

describe("an endpoint that answers STS GetCallerIdentity badly", () => {
  let server: Server | undefined;
  let clients: AwsClients | undefined;
  afterEach(async () => {
    clients?.destroy();
    server?.closeAllConnections();
    await new Promise((done) => server?.close(done));
  });

  /** A server answering every request with `answer`; resolves to its endpoint. */
  async function serve(answer: (response: ServerResponse) => void): Promise<string> {
    const started = createServer((request, response) => {
      request.resume();
      request.on("end", () => answer(response));
    });
    server = started;
    await new Promise<void>((ready) => started.listen(0, "127.0.0.1", ready));
    return `http://127.0.0.1:${(started.address() as AddressInfo).port}`;
  }

  async function callerIdentityError(endpointUrl: string): Promise<unknown> {
    clients = createClients({ endpointUrl, credentials: CREDENTIALS, retryBaseMs: 1, requestTimeoutMs: 400 });
    return clients.sts.send(new GetCallerIdentityCommand({})).catch((error: unknown) => error);
  }

  it("40 MiB of body: AnswerTooLarge after 32 MiB, one attempt, nothing parsed", async () => {
    let answered = 0;
    const endpoint = await serve((response) => {
      answered += 1;
      response.writeHead(200, { "Content-Type": "text/xml" });
      const chunk = Buffer.alloc(1024 * 1024, "A");
      let sent = 0;
      const more = () => {
        while (sent < 40 && !response.destroyed) {
          sent += 1;
          if (!response.write(chunk)) return void response.once("drain", more);
        }
        response.end();
      };
      response.on("error", () => undefined);
      more();
    });
    const error = await callerIdentityError(endpoint);
    expect(awsErrorCode(error)).toBe("AnswerTooLarge");
    expect(describeAwsError(error)).toBe(
      "AnswerTooLarge: the answer is larger than 32 MiB, far more than an AWS API answers: not read",
    );
    expect(answered).toBe(1);
  });

  it("a body sent a byte at a time: TimeoutError at the request timeout, retried as timeouts are (3 attempts)", async () => {
    let answered = 0;
    const endpoint = await serve((response) => {
      answered += 1;
      response.writeHead(200, { "Content-Type": "text/xml", "Content-Length": "1000000" });
      const drip = setInterval(() => (response.destroyed ? clearInterval(drip) : response.write("<")), 50);
      response.on("close", () => clearInterval(drip));
    });
    const started = Date.now();
    const error = await callerIdentityError(endpoint);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(awsErrorCode(error)).toBe("TimeoutError");
    expect(describeAwsError(error)).toMatch(
      /^TimeoutError: the answer's body did not arrive within 0\.4 s of its headers \(\d+ bytes read\): the endpoint is too slow or stalled$/,
    );
    expect(answered).toBe(3);
  });
});
