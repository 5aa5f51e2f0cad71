/**
 * Every SDK client shares one keep-alive agent (SHARED_AGENTS in src/aws/clients.ts): the clients of
 * one account after another reuse a connection instead of opening their own, and a client's destroy()
 * leaves the shared connections open for the next.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClients, SHARED_AGENTS } from "../../src/aws/clients.js";

let server: Server;
let endpoint: string;
let connections = 0;
let requests = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    requests++;
    request.resume();
    request.on("end", () => {
      const xml =
        '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
        "<Arn>arn:aws:iam::111111111111:user/auditor</Arn><UserId>AIDAAUDITOR</UserId><Account>111111111111</Account>" +
        "</GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>";
      response.writeHead(200, { "Content-Type": "text/xml", "Content-Length": Buffer.byteLength(xml) });
      response.end(xml);
    });
  });
  server.on("connection", () => {
    connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
});

describe("shared keep-alive agents", () => {
  it("three accounts' clients, one after another, each destroyed after its call, use one connection", async () => {
    for (const accessKeyId of ["AKIAACCOUNTONE000001", "AKIAACCOUNTTWO000002", "AKIAACCOUNTTHREE0003"]) {
      const clients = createClients({
        endpointUrl: endpoint,
        region: "us-east-1",
        credentials: { accessKeyId, secretAccessKey: "secret" },
      });
      const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
      expect(identity.Account).toBe("111111111111");
      clients.destroy();
    }
    expect(requests).toBe(3);
    expect(connections).toBe(1);
    // The agent outlives the clients: the connection waits, idle, for the next one.
    expect(Object.values(SHARED_AGENTS.http.freeSockets).flat()).toHaveLength(1);
  });
});
