/**
 * The AWS Query protocol as IAM (2010-05-08) and STS (2011-06-15) speak it: form-encoded requests,
 * XML response and error envelopes. Pure functions, no I/O.
 */
import { sigV4Scope } from "./endpoint.js";
import { isoSeconds } from "./time.js";
import { queryErrorXml, ServiceError, xmlEscape } from "./wire-errors.js";

export { xmlEscape } from "./wire-errors.js";

/** The services the fake endpoint answers. */
export type AwsService = "iam" | "sts";

/** API version each service expects in the `Version` form parameter. */
export const API_VERSIONS: Readonly<Record<AwsService, string>> = {
  iam: "2010-05-08",
  sts: "2011-06-15",
};

/** XML namespace of each service's response documents. */
export const XML_NAMESPACES: Readonly<Record<AwsService, string>> = {
  iam: "https://iam.amazonaws.com/doc/2010-05-08/",
  sts: "https://sts.amazonaws.com/doc/2011-06-15/",
};

/**
 * An error to be sent to the client as an `ErrorResponse`. Thrown by action handlers and built by
 * fault injection.
 */
export class QueryError extends ServiceError {
  /** `Sender` for client faults, `Receiver` for server faults (5xx). */
  readonly type: "Sender" | "Receiver";

  constructor(code: string, message: string, httpStatus: number = defaultHttpStatus(code)) {
    super(code, message, httpStatus);
    this.name = "QueryError";
    this.type = httpStatus >= 500 ? "Receiver" : "Sender";
  }
}

const HTTP_STATUS_BY_CODE: Readonly<Record<string, number>> = {
  AccessDenied: 403,
  EntityAlreadyExists: 409,
  InvalidAction: 400,
  InvalidInput: 400,
  LimitExceeded: 409,
  MissingAuthenticationToken: 403,
  NoSuchEntity: 404,
  ReportExpired: 410,
  ReportInProgress: 404,
  ReportNotPresent: 410,
  ServiceFailure: 500,
  ServiceUnavailable: 503,
  Throttling: 400,
  ValidationError: 400,
};

/** The HTTP status real IAM/STS use for an error code; 400 for codes not listed. */
export function defaultHttpStatus(code: string): number {
  return HTTP_STATUS_BY_CODE[code] ?? 400;
}

/**
 * Decodes a Query-protocol request: the form body merged over the URL's query string (AWS accepts
 * both; the SDK sends a POST body).
 */
export function parseQueryParams(body: string, search = ""): Record<string, string> {
  const params: Record<string, string> = {};
  for (const source of [search.replace(/^\?/, ""), body]) {
    for (const [key, value] of new URLSearchParams(source)) {
      params[key] = value;
    }
  }
  return params;
}

/**
 * The service named in a SigV4 `Authorization` header's credential scope
 * (`Credential=AKID/20240102/us-east-1/iam/aws4_request`), or `undefined`. The signature is not checked.
 */
export function serviceFromAuthorization(header: string | undefined): AwsService | undefined {
  const service = sigV4Scope(header)?.service;
  return service === "iam" || service === "sts" ? service : undefined;
}

/** The service whose API version is `version`, or `undefined`. */
export function serviceFromVersion(version: string | undefined): AwsService | undefined {
  if (version === API_VERSIONS.iam) return "iam";
  if (version === API_VERSIONS.sts) return "sts";
  return undefined;
}

/**
 * A value renderable as Query-protocol XML: scalars become text (dates as `2024-01-02T03:04:05Z`),
 * arrays become `<member>` lists, objects become nested elements, `undefined` omits the element.
 */
export type XmlValue =
  | string
  | number
  | boolean
  | Date
  | undefined
  | XmlObject
  | XmlMap
  | readonly XmlValue[];

/** A map (IAM's SummaryMap): rendered as `<entry><key>k</key><value>v</value></entry>` per pair. */
export class XmlMap {
  constructor(readonly entries: readonly (readonly [string, XmlValue])[]) {}
}

/** Element name → value; rendered in property order. */
export interface XmlObject {
  readonly [element: string]: XmlValue;
}

/** Renders the children of an element (no surrounding tag). */
export function renderXml(object: XmlObject): string {
  let out = "";
  for (const [name, value] of Object.entries(object)) {
    if (value !== undefined) out += `<${name}>${renderValue(value)}</${name}>`;
  }
  return out;
}

function renderValue(value: Exclude<XmlValue, undefined>): string {
  if (value instanceof Date) return isoSeconds(value);
  if (value instanceof XmlMap) {
    return value.entries.map(([key, item]) => `<entry>${renderXml({ key, value: item })}</entry>`).join("");
  }
  if (Array.isArray(value)) {
    return value
      .map((item: XmlValue) => (item === undefined ? "" : `<member>${renderValue(item)}</member>`))
      .join("");
  }
  if (typeof value === "object") return renderXml(value as XmlObject);
  return xmlEscape(String(value));
}

/**
 * A success document: `<{Action}Response xmlns=...><{Action}Result>...</{Action}Result><ResponseMetadata>...`.
 * With `result` undefined (output-less operations such as UpdateAccessKey) only `ResponseMetadata` is sent.
 */
export function successEnvelope(
  service: AwsService,
  action: string,
  result: XmlObject | undefined,
  requestId: string,
): string {
  const resultXml = result === undefined ? "" : `<${action}Result>${renderXml(result)}</${action}Result>`;
  return (
    `<${action}Response xmlns="${XML_NAMESPACES[service]}">${resultXml}` +
    `<ResponseMetadata><RequestId>${xmlEscape(requestId)}</RequestId></ResponseMetadata>` +
    `</${action}Response>`
  );
}

/** An error document; note `RequestId` is a sibling of `Error`, as on the wire. */
export function errorEnvelope(service: AwsService, error: QueryError, requestId: string): string {
  return queryErrorXml(XML_NAMESPACES[service], error, requestId);
}
