/**
 * How often the SDK clients try a call (src/aws/clients.ts): throttling up to 8 attempts with growing
 * waits, every other retryable error (a reset connection, HTTP 503) up to 3, the SDK's default, so a
 * scan without a route to AWS fails in about a second. Counted at the endpoint, never timed.
 */

import type { AddressInfo } from "node:net";
import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { getCallerAccount } from "../../src/aws/account.js";
import { createClients, NON_THROTTLING_MAX_ATTEMPTS } from "../../src/aws/clients.js";
import { getAccountSummary } from "../../src/aws/iam-account.js";
import { type FakeAws, startFakeAws } from "../support/fake-aws.js";

const CREDENTIALS = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "test" };

let fake: FakeAws | undefined;
let server: Server | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

describe("retries", () => {
  it("a connection reset on every attempt: 3 attempts, then the error naming the API", async () => {
    let connections = 0;
    server = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const clients = createClients({
      endpointUrl: `http://127.0.0.1:${port}`,
      credentials: CREDENTIALS,
      region: "us-east-1",
      retryBaseMs: 1,
    });
    try {
      const failure = await getCallerAccount(clients.sts).catch((error: unknown) => error);
      expect(failure).toMatchObject({ api: "sts:GetCallerIdentity" });
      expect(connections).toBe(NON_THROTTLING_MAX_ATTEMPTS);
      expect(NON_THROTTLING_MAX_ATTEMPTS).toBe(3);
    } finally {
      clients.destroy();
    }
  });

  it("throttling is retried up to 8 attempts: 7 Throttling answers, then the data", async () => {
    fake = await startFakeAws({ accountId: "111122223333" });
    fake.fail("GetAccountSummary", { code: "Throttling", times: 7 });
    const clients = createClients({ endpointUrl: fake.endpoint, credentials: CREDENTIALS, retryBaseMs: 1 });
    try {
      const summary = await getAccountSummary(clients.iam, "111122223333");
      expect(summary.AccountMFAEnabled).toBeTypeOf("number");
      expect(fake.counts().GetAccountSummary).toBe(8);
    } finally {
      clients.destroy();
    }
  });

  it("HTTP 503 ServiceUnavailable is retried up to 3 attempts, then the error", async () => {
    fake = await startFakeAws({ accountId: "111122223333" });
    fake.fail("GetAccountSummary", { code: "ServiceUnavailable", httpStatus: 503 });
    const clients = createClients({ endpointUrl: fake.endpoint, credentials: CREDENTIALS, retryBaseMs: 1 });
    try {
      const failure = await getAccountSummary(clients.iam, "111122223333").catch((error: unknown) => error);
      expect(failure).toMatchObject({ api: "iam:GetAccountSummary", code: "ServiceUnavailable" });
      expect(fake.counts().GetAccountSummary).toBe(3);
    } finally {
      clients.destroy();
    }
  });
});
