/**
 * The plumbing every local fake endpoint shares: a node:http server on 127.0.0.1 (a free port) with a
 * clean close, the request body, the SigV4 credential scope that routes a request, per-action request
 * counts, added latency, and sending a complete response. Protocol envelopes live in wire-errors.ts and
 * query-protocol.ts; fault queues in faults.ts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";

/** Handles one request; a rejection destroys the response (the client sees a dropped connection). */
export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void> | void;

/** A listening local server. */
export interface LocalEndpoint {
  /** `http://127.0.0.1:<port>`, for the SDK's `endpoint`. */
  readonly url: string;
  readonly server: Server;
  /** Sets the request handler (once, usually from the fake's constructor). */
  serve(handler: RequestHandler): void;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

/** The servers {@link listenLocal} started in this process and not yet closed, by URL. */
const listening = new Map<string, Server>();

/** Starts a server on 127.0.0.1 on a free port; rejects if it cannot listen. */
export async function listenLocal(): Promise<LocalEndpoint> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  listening.set(url, server);
  return {
    url,
    server,
    serve(handler) {
      server.on("request", (request: IncomingMessage, response: ServerResponse) => {
        Promise.resolve()
          .then(() => handler(request, response))
          .catch((error: unknown) => {
            response.destroy(error instanceof Error ? error : new Error(String(error)));
          });
      });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        listening.delete(url);
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/**
 * Hands a request whose body was already read to the local endpoint at `url` (started by
 * {@link listenLocal} in this process) as if it had arrived there over HTTP, and resolves once that
 * endpoint has sent its response: a router in front of several fakes (fake-org.ts) answers without a
 * second HTTP hop. The endpoint's handler sees the same method, URL and headers, and `body` as the request
 * body. Throws if no endpoint listens at `url`.
 */
export function dispatchLocal(
  url: string,
  request: IncomingMessage,
  body: Buffer,
  response: ServerResponse,
): Promise<void> {
  const server = listening.get(url);
  if (!server) throw new Error(`no local endpoint at ${url}`);
  const replay = Object.assign(Readable.from(body.length > 0 ? [body] : []), {
    method: request.method,
    url: request.url,
    headers: request.headers,
  });
  const sent = new Promise<void>((resolve) => {
    response.once("finish", resolve);
    response.once("close", resolve);
  });
  server.emit("request", replay, response);
  return sent;
}

/** The whole request body as bytes. */
export function readBodyBytes(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

/** The whole request body as UTF-8 text. */
export async function readBody(request: IncomingMessage): Promise<string> {
  return (await readBodyBytes(request)).toString("utf8");
}

/** The credential scope of a SigV4 `Authorization` header (the signature is not checked). */
export interface SigV4Scope {
  readonly accessKeyId: string;
  /** `YYYYMMDD`. */
  readonly date: string;
  readonly region: string;
  readonly service: string;
}

/**
 * Parses `Credential=AKID/20240102/us-east-1/iam/aws4_request` out of an `Authorization` header, or
 * returns `undefined` when there is none.
 */
export function sigV4Scope(header: string | undefined): SigV4Scope | undefined {
  const match = header?.match(/Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request/);
  if (!match) return undefined;
  const [, accessKeyId = "", date = "", region = "", service = ""] = match;
  return { accessKeyId, date, region, service };
}

/** Requests per key (an action, `<region> <Action>`, `<service>:<Action>` …), failed ones included. */
export class RequestCounts {
  private perKey: Record<string, number> = {};

  /** Counts one request. */
  add(key: string): void {
    this.perKey[key] = (this.perKey[key] ?? 0) + 1;
  }

  /** A copy of the counts. */
  snapshot(): Record<string, number> {
    return { ...this.perKey };
  }

  /** Back to no requests. */
  reset(): void {
    this.perKey = {};
  }
}

/** A delay added before responses, in milliseconds (negative values count as 0). */
export class Latency {
  private ms: number;

  constructor(ms = 0) {
    this.ms = Math.max(0, ms);
  }

  set(ms: number): void {
    this.ms = Math.max(0, ms);
  }

  /** Waits the configured delay, if any. */
  async wait(): Promise<void> {
    if (this.ms > 0) await sleep(this.ms);
  }
}

/** Sends a complete response: `headers` plus `Content-Length`, then the body. */
export function send(
  response: ServerResponse,
  status: number,
  body: string,
  headers: Readonly<Record<string, string>>,
): void {
  response.writeHead(status, { ...headers, "Content-Length": Buffer.byteLength(body) });
  response.end(body);
}
