/**
 * AWS error envelopes as each wire protocol sends them, for the local fakes:
 * - Query (IAM, STS, SNS): `<ErrorResponse xmlns><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`;
 * - EC2: `<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>`;
 * - JSON 1.0/1.1 (Config, Organizations): `{"__type", "message"}` and `x-amzn-ErrorType`;
 * - REST-JSON (Account API, Access Analyzer, Security Hub): `{"message"}` (or `{"Code", "Message"}`) and
 *   `x-amzn-ErrorType`.
 * Pure functions, no I/O: the fake sends the result with its own content type and request id.
 */

/** An AWS error to answer: code, message and HTTP status. Fakes throw it from their operations. */
export class ServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus: number = 400,
  ) {
    super(message);
    this.name = "ServiceError";
  }
}

/** Escapes text for use as XML element content or attribute value. */
export function xmlEscape(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\r/g, "&#xD;");
}

/** A Query-protocol error document; `RequestId` is a sibling of `Error`, as on the wire. */
export function queryErrorXml(
  namespace: string,
  error: { readonly type: "Sender" | "Receiver"; readonly code: string; readonly message: string },
  requestId: string,
): string {
  return (
    `<ErrorResponse xmlns="${namespace}">` +
    `<Error><Type>${xmlEscape(error.type)}</Type><Code>${xmlEscape(error.code)}</Code>` +
    `<Message>${xmlEscape(error.message)}</Message></Error>` +
    `<RequestId>${xmlEscape(requestId)}</RequestId>` +
    `</ErrorResponse>`
  );
}

/** An EC2 error document (note `RequestID`, capital D, as EC2 sends it). */
export function ec2ErrorXml(code: string, message: string, requestId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>${xmlEscape(code)}</Code>` +
    `<Message>${xmlEscape(message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`
  );
}

/** A JSON error: the body text and the headers that name the error. */
export interface JsonErrorWire {
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** A JSON 1.0/1.1 error: `{"__type": code, "message": message}` and `x-amzn-ErrorType: code`. */
export function awsJsonError(code: string, message: string): JsonErrorWire {
  return { body: JSON.stringify({ __type: code, message }), headers: { "x-amzn-ErrorType": code } };
}

/**
 * A REST-JSON error: `{"message": message}` (or `{"Code", "Message"}` with `fields: "Code"`) and
 * `x-amzn-ErrorType: errorType` (default the code; some services append `:<namespace>`).
 */
export function restJsonError(
  code: string,
  message: string,
  options: { readonly errorType?: string; readonly fields?: "message" | "Code" } = {},
): JsonErrorWire {
  const document = options.fields === "Code" ? { Code: code, Message: message } : { message };
  return { body: JSON.stringify(document), headers: { "x-amzn-ErrorType": options.errorType ?? code } };
}
