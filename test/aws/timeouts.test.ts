/**
 * A hung endpoint (it accepts the connection and never answers) fails the call after the request timeout
 * and its retries, instead of hanging the scan: found by a newcomer trial, where one such region blocked
 * every finding of a scan with no output.
 */
import { createServer, type Server, type Socket } from "node:net";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  clientSettings,
  DEFAULT_CONNECTION_TIMEOUT_MS,
  DEFAULT_REQUEST_TIMEOUT_MS,
  makeClient,
  NON_THROTTLING_MAX_ATTEMPTS,
  SHARED_AGENTS,
} from "../../src/aws/clients.js";

describe("request timeouts", () => {
  let server: Server;
  let endpoint = "";
  let connections = 0;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    server = createServer((socket) => {
      connections++;
      sockets.push(socket); // read and never answer
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("no port");
    endpoint = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("are on by default: 30 s for an answer, 10 s to connect", () => {
    expect(clientSettings({}).requestHandler).toEqual({
      httpAgent: SHARED_AGENTS.http,
      httpsAgent: SHARED_AGENTS.https,
      requestTimeout: DEFAULT_REQUEST_TIMEOUT_MS,
      connectionTimeout: DEFAULT_CONNECTION_TIMEOUT_MS,
      throwOnRequestTimeout: true,
    });
    expect([DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_CONNECTION_TIMEOUT_MS]).toEqual([30_000, 10_000]);
  });

  it("fail a call to an endpoint that never answers after the transient-error attempts, naming the API", async () => {
    connections = 0;
    const sts = makeClient(STSClient, "sts", {
      endpointUrl: endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret" },
      retryBaseMs: 10,
      requestTimeoutMs: 300,
    });
    const started = Date.now();
    const error = await sts.send(new GetCallerIdentityCommand({})).then(
      () => undefined,
      (caught: unknown) => caught as Error & { cloudpatrolApi?: string },
    );
    sts.destroy();
    expect(error?.name).toBe("TimeoutError");
    expect(error?.cloudpatrolApi).toBe("sts:GetCallerIdentity");
    expect(connections).toBe(NON_THROTTLING_MAX_ATTEMPTS);
    // Three attempts of 300 ms and two short retry delays: far from a hang.
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
