/**
 * A local Amazon SNS endpoint for the event handler's tests: the real AWS Query protocol (form-encoded
 * `Action=Publish`, XML responses) on `http://127.0.0.1:<random port>`. It records every published
 * message; `fail()` injects errors such as `AuthorizationError` (what SNS says for a missing permission).
 * Point `SNSClient` at it with `endpoint: fake.endpoint`.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type LocalEndpoint, listenLocal, RequestCounts, readBody, send } from "./endpoint.js";
import { FaultPlan } from "./faults.js";
import { queryErrorXml } from "./wire-errors.js";

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

/** Starts the endpoint on 127.0.0.1, on a free port. */
export async function startFakeSns(): Promise<FakeSns> {
  return new FakeSnsServer(await listenLocal());
}

class FakeSnsServer implements FakeSns {
  readonly endpoint: string;
  readonly messages: PublishedMessage[] = [];
  /** One fault per action: a new `fail` replaces the previous one; `"*"` is no wildcard here. */
  private readonly faults = new FaultPlan({ wildcard: false });
  private readonly perAction = new RequestCounts();

  constructor(private readonly local: LocalEndpoint) {
    this.endpoint = local.url;
    local.serve((request, response) => this.handle(request, response));
  }

  fail(action: string, fault: SnsFault): void {
    this.faults.set(action, fault);
  }
  counts(): Record<string, number> {
    return this.perAction.snapshot();
  }
  close(): Promise<void> {
    return this.local.close();
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const params = Object.fromEntries(new URLSearchParams(await readBody(request)));
    const action = params.Action ?? "";
    this.perAction.add(action);
    const requestId = randomUUID();
    let status = 200;
    let xml: string;
    const fault = this.faults.take(action);
    if (fault) {
      const { code } = fault;
      status = fault.httpStatus ?? (code === "AuthorizationError" ? 403 : code === "NotFound" ? 404 : 400);
      const message =
        fault.message ??
        (code === "AuthorizationError"
          ? `User: arn:aws:sts::123456789012:assumed-role/cloudpatrol/fn is not authorized to perform: SNS:Publish on resource: ${params.TopicArn ?? ""} because no identity-based policy allows the SNS:Publish action`
          : `Injected ${code}`);
      xml = queryErrorXml(NS, { type: "Sender", code, message }, requestId);
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
      xml = queryErrorXml(
        NS,
        { type: "Sender", code: "InvalidAction", message: `Unknown action ${action}` },
        requestId,
      );
    }
    send(response, status, xml, { "Content-Type": "text/xml" });
  }
}
