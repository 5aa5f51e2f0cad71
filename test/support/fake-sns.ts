/**
 * A local Amazon SNS endpoint for the event handler's tests: the real AWS Query protocol (form-encoded
 * `Action=Publish`, XML responses) on `http://127.0.0.1:<random port>`. It records every published
 * message; `fail()` injects errors such as `AuthorizationError` (what SNS says for a missing permission).
 * Point `SNSClient` at it with `endpoint: fake.endpoint`.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One published message as received. */
export interface PublishedMessage {
  readonly topicArn: string;
  readonly subject: string | undefined;
  readonly message: string;
  /** String message attributes by name. */
  readonly attributes: Readonly<Record<string, string>>;
  readonly messageGroupId: string | undefined;
  readonly messageDeduplicationId: string | undefined;
  readonly messageId: string;
}

/** An error to answer instead of publishing. */
export interface SnsFault {
  /** e.g. `AuthorizationError`, `NotFound`, `Throttled`. */
  code: string;
  message?: string;
  /** Default 403 for AuthorizationError, 404 for NotFound, else 400. */
  httpStatus?: number;
  /** Default: every request. */
  times?: number;
}

/** A running fake SNS endpoint. */
export interface FakeSns {
  readonly endpoint: string;
  /** Successfully published messages, in order. */
  readonly messages: readonly PublishedMessage[];
  fail(action: string, fault: SnsFault): void;
  /** Requests per action, failed ones included. */
  counts(): Record<string, number>;
  close(): Promise<void>;
}

const NS = "http://sns.amazonaws.com/doc/2010-03-31/";

function xmlEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Starts the endpoint on 127.0.0.1, on a free port. */
export async function startFakeSns(): Promise<FakeSns> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return new FakeSnsServer(server);
}

class FakeSnsServer implements FakeSns {
  readonly endpoint: string;
  readonly messages: PublishedMessage[] = [];
  private readonly faults = new Map<string, { fault: SnsFault; remaining: number }>();
  private perAction: Record<string, number> = {};

  constructor(private readonly server: Server) {
    this.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    server.on("request", (request: IncomingMessage, response: ServerResponse) => {
      this.handle(request, response).catch((error: unknown) => response.destroy(error as Error));
    });
  }

  fail(action: string, fault: SnsFault): void {
    this.faults.set(action, { fault, remaining: fault.times ?? Number.POSITIVE_INFINITY });
  }
  counts(): Record<string, number> {
    return { ...this.perAction };
  }
  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString("utf8")));
    const action = params.Action ?? "";
    this.perAction[action] = (this.perAction[action] ?? 0) + 1;
    const requestId = randomUUID();
    let status = 200;
    let xml: string;
    const planned = this.faults.get(action);
    if (planned && planned.remaining > 0) {
      planned.remaining -= 1;
      const { code } = planned.fault;
      status =
        planned.fault.httpStatus ?? (code === "AuthorizationError" ? 403 : code === "NotFound" ? 404 : 400);
      const message =
        planned.fault.message ??
        (code === "AuthorizationError"
          ? `User: arn:aws:sts::123456789012:assumed-role/cloudpatrol/fn is not authorized to perform: SNS:Publish on resource: ${params.TopicArn ?? ""} because no identity-based policy allows the SNS:Publish action`
          : `Injected ${code}`);
      xml =
        `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${xmlEscape(code)}</Code>` +
        `<Message>${xmlEscape(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
    } else if (action === "Publish") {
      const messageId = randomUUID();
      const attributes: Record<string, string> = {};
      for (let index = 1; params[`MessageAttributes.entry.${index}.Name`] !== undefined; index += 1) {
        attributes[params[`MessageAttributes.entry.${index}.Name`] as string] =
          params[`MessageAttributes.entry.${index}.Value.StringValue`] ?? "";
      }
      this.messages.push({
        topicArn: params.TopicArn ?? "",
        subject: params.Subject,
        message: params.Message ?? "",
        attributes,
        messageGroupId: params.MessageGroupId,
        messageDeduplicationId: params.MessageDeduplicationId,
        messageId,
      });
      xml =
        `<PublishResponse xmlns="${NS}"><PublishResult><MessageId>${messageId}</MessageId></PublishResult>` +
        `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></PublishResponse>`;
    } else {
      status = 400;
      xml =
        `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>InvalidAction</Code>` +
        `<Message>Unknown action ${xmlEscape(action)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
    }
    response.writeHead(status, { "Content-Type": "text/xml", "Content-Length": Buffer.byteLength(xml) });
    response.end(xml);
  }
}
