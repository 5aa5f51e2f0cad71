/**
 * The credential-report lifecycle of one account, as GenerateCredentialReport / GetCredentialReport
 * see it: no report → STARTED → INPROGRESS … → COMPLETE, reuse while fresh, expiry.
 */
import { QueryError } from "./query-protocol.js";
import { type DateInput, toDate } from "./time.js";

/** Where the account's credential report stands. */
export type ReportState = "none" | "inProgress" | "complete" | "expired";

/** What GenerateCredentialReport answers. */
export interface GenerateResult {
  State: "STARTED" | "INPROGRESS" | "COMPLETE";
  Description?: string;
}

/** What GetCredentialReport answers: `Content` is the exact text of the `<Content>` element (base64). */
export interface ReportContent {
  Content: string;
  ReportFormat: "text/csv";
  GeneratedTime: Date;
}

/** Test-side control of the credential report. Settings may be changed at any time. */
export interface ReportControl {
  /**
   * How many GenerateCredentialReport calls after the one that starts a report it takes to complete it.
   * Default 1: Generate → STARTED, Generate → COMPLETE. 0 completes it at once (Generate → STARTED,
   * then Get succeeds); 3 gives STARTED, INPROGRESS, INPROGRESS, COMPLETE.
   */
  generateCallsUntilComplete: number;
  /** A complete report older than this is replaced by the next Generate call. Default 14400 (4 hours). */
  maxAgeSeconds: number;
  /** Clock for generation times and report age. Default `() => new Date()`. */
  now: () => Date;
  /** Current lifecycle state. */
  readonly state: ReportState;
  /** When the current (complete or expired) report was generated. */
  readonly generatedAt: Date | undefined;
  /** CSV text of the current (complete or expired) report, as built from the state at generation. */
  readonly csv: string | undefined;
  /** Makes a complete report now, from the current state, stamped as generated at `generatedAt`. */
  preset(options: { generatedAt: DateInput }): void;
  /** Expires the current report: GetCredentialReport → ReportExpired (410) until a new one is generated. */
  expire(): void;
  /**
   * Serves `content` verbatim as `<Content>` (it should be base64, e.g. base64 of base64 to simulate a
   * double-encoded report) for every successful GetCredentialReport until cleared with `undefined`.
   * Does not change the lifecycle: without a complete report, Get still fails.
   */
  overrideContent(content: string | undefined): void;
  /** Back to "no report", keeping the settings. */
  reset(): void;
}

const NO_REPORT_DESCRIPTION = "No report exists. Starting a new report generation task";

/** The report state machine; `build` renders the CSV from the account state when a report completes. */
export class CredentialReportMachine implements ReportControl {
  generateCallsUntilComplete = 1;
  maxAgeSeconds = 14_400;
  now: () => Date = () => new Date();

  private current: ReportState = "none";
  private remainingCalls = 0;
  private report: { csv: string; generatedAt: Date } | undefined;
  private contentOverride: string | undefined;
  private readonly build: () => string;

  constructor(build: () => string) {
    this.build = build;
  }

  get state(): ReportState {
    return this.current;
  }

  get generatedAt(): Date | undefined {
    return this.report ? new Date(this.report.generatedAt.getTime()) : undefined;
  }

  get csv(): string | undefined {
    return this.report?.csv;
  }

  preset(options: { generatedAt: DateInput }): void {
    this.report = { csv: this.build(), generatedAt: toDate(options.generatedAt, "report generatedAt") };
    this.current = "complete";
  }

  expire(): void {
    if (this.current === "complete") this.current = "expired";
  }

  overrideContent(content: string | undefined): void {
    this.contentOverride = content;
  }

  reset(): void {
    this.current = "none";
    this.report = undefined;
    this.remainingCalls = 0;
  }

  /** Handles GenerateCredentialReport. */
  generate(): GenerateResult {
    switch (this.current) {
      case "inProgress":
        this.remainingCalls -= 1;
        if (this.remainingCalls > 0) return { State: "INPROGRESS" };
        this.complete();
        return { State: "COMPLETE" };
      case "complete":
        if (!this.isStale()) return { State: "COMPLETE" };
        return this.start();
      case "none":
      case "expired":
        return this.start();
    }
  }

  /** Handles GetCredentialReport; throws the real error for each non-complete state. */
  get(): ReportContent {
    switch (this.current) {
      case "none":
        throw new QueryError(
          "ReportNotPresent",
          "The credential report does not exist. To generate a credential report, use GenerateCredentialReport.",
        );
      case "inProgress":
        throw new QueryError("ReportInProgress", "The credential report is still being generated.");
      case "expired":
        throw new QueryError(
          "ReportExpired",
          "The most recent credential report has expired. To generate a new credential report, use GenerateCredentialReport.",
        );
      case "complete": {
        const report = this.report;
        if (!report) throw new Error("fake-aws: complete report without content");
        return {
          Content: this.contentOverride ?? Buffer.from(report.csv, "utf8").toString("base64"),
          ReportFormat: "text/csv",
          GeneratedTime: report.generatedAt,
        };
      }
    }
  }

  private start(): GenerateResult {
    this.report = undefined;
    this.current = "inProgress";
    this.remainingCalls = this.generateCallsUntilComplete;
    if (this.remainingCalls <= 0) this.complete();
    return { State: "STARTED", Description: NO_REPORT_DESCRIPTION };
  }

  private complete(): void {
    this.report = { csv: this.build(), generatedAt: this.now() };
    this.current = "complete";
  }

  private isStale(): boolean {
    const report = this.report;
    return !report || this.now().getTime() - report.generatedAt.getTime() > this.maxAgeSeconds * 1000;
  }
}
