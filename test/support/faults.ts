/** Fault injection: per-action queues of errors to answer instead of running the action. */

/** An error to inject. */
export interface FaultSpec {
  /** Error code, e.g. `Throttling`, `AccessDenied`, `ServiceFailure`. */
  code: string;
  /** How many requests fail; default: every request until {@link FaultPlan.clear}. */
  times?: number;
  /** Default: a realistic message for the code. */
  message?: string;
  /** Default: the real status for the code (Throttling 400, AccessDenied 403, …; 400 if unknown). */
  httpStatus?: number;
  /**
   * Answer this body as it is (`""`: an empty body) with `httpStatus` instead of an AWS error envelope:
   * what a proxy or load balancer in front of the endpoint sends (`<html>boom</html>`). `code` is then only
   * recorded. Fakes that support it say so.
   */
  body?: string;
  /** Content type of `body`. Default `text/html`. */
  contentType?: string;
}

/** Thrown by a fake's operation to answer a fault's raw {@link FaultSpec.body} instead of an AWS error. */
export class RawFaultAnswer extends Error {
  readonly httpStatus: number;
  readonly body: string;
  readonly contentType: string;

  constructor(readonly fault: FaultSpec) {
    super(`raw ${fault.httpStatus ?? 400} answer`);
    this.httpStatus = fault.httpStatus ?? 400;
    this.body = fault.body ?? "";
    this.contentType = fault.contentType ?? "text/html";
  }
}

/** Pending faults by action; `"*"` matches every action after the action's own faults. */
export class FaultPlan {
  private readonly pending = new Map<string, { spec: FaultSpec; remaining: number }[]>();
  private readonly wildcard: boolean;

  /** With `wildcard: false`, `"*"` is an ordinary action name (default true). */
  constructor(options: { readonly wildcard?: boolean } = {}) {
    this.wildcard = options.wildcard ?? true;
  }

  /** Queues a fault behind any already queued for the action. */
  add(action: string, spec: FaultSpec): void {
    const remaining = spec.times ?? Number.POSITIVE_INFINITY;
    if (!(remaining > 0)) return;
    const queue = this.pending.get(action) ?? [];
    queue.push({ spec: { ...spec }, remaining });
    this.pending.set(action, queue);
  }

  /** Replaces the faults queued for the action with this one (none if `times` is not positive). */
  set(action: string, spec: FaultSpec): void {
    this.pending.delete(action);
    this.add(action, spec);
  }

  /** Consumes and returns the fault for one request to `action`, if any. */
  take(action: string): FaultSpec | undefined {
    for (const key of this.wildcard ? [action, "*"] : [action]) {
      const queue = this.pending.get(key);
      const head = queue?.[0];
      if (!queue || !head) continue;
      head.remaining -= 1;
      if (head.remaining <= 0) queue.shift();
      return head.spec;
    }
    return undefined;
  }

  /** Drops the faults of one action (or `"*"`), or all faults. */
  clear(action?: string): void {
    if (action === undefined) this.pending.clear();
    else this.pending.delete(action);
  }
}
