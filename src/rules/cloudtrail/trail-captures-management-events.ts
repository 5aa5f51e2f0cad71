/**
 * Whether a trail records every management event, and whether it is the trail CIS 3.1 asks for
 * (v1.2.0 2.1; v1.3.0–v5.0.0 3.1; v6.0.0 4.1, "Ensure CloudTrail is enabled in all regions"):
 * multi-region, logging, and capturing all management events. Pure; shared with the monitoring rules,
 * whose audit starts from such a trail.
 *
 * "All management events" (our reading of the CIS audit, docs/frameworks.md):
 * - classic selectors (`EventSelectors`): a selector with `IncludeManagementEvents` true and
 *   `ReadWriteType` `All`; a `ReadOnly` selector and a `WriteOnly` one together also cover both;
 * - advanced selectors (`AdvancedEventSelectors`): a selector whose `eventCategory` equals `Management`
 *   and that has no `readOnly` field (a `readOnly` true and a `readOnly` false selector together also
 *   cover both). A selector on `eventCategory` `Data` (data events only) logs no management event;
 * - a selector that leaves out event sources (classic `ExcludeManagementEventSources`, advanced
 *   `eventSource` conditions, e.g. KMS or RDS Data API events) does not log *all* of them.
 *
 * Sources: AWS CloudTrail User Guide, "Logging management events" and "Filtering data events by using
 * advanced event selectors"; AWS CloudTrail API Reference, GetEventSelectors, GetTrailStatus.
 */

import type { DistinctTrail } from "../../snapshot/cloudtrail-trails.js";
import type {
  AdvancedEventSelector,
  ClassicEventSelector,
  TrailEventSelectors,
} from "../../snapshot/datasets/cloudtrail.js";

/** What a trail's selectors log of management events. */
export interface ManagementEventCoverage {
  /** Read-only management events (`Describe*`, `Get*`, `List*`) are logged. */
  readonly read: boolean;
  /** Write management events are logged. */
  readonly write: boolean;
  /** Event sources some management selector leaves out (`kms.amazonaws.com`, ...), sorted, each once. */
  readonly excludedSources: readonly string[];
  /** True when read and write management events are logged and no event source is left out. */
  readonly all: boolean;
  /** The selectors that log management events, in words (`classic selector 1: IncludeManagementEvents true, ReadWriteType All`). */
  readonly matched: readonly string[];
}

/** The management events `selectors` log. */
export function managementEventCoverage(selectors: TrailEventSelectors): ManagementEventCoverage {
  let read = false;
  let write = false;
  const excluded = new Set<string>();
  const matched: string[] = [];
  (selectors.classic ?? []).forEach((selector, index) => {
    const covers = classicCoverage(selector);
    if (!covers) return;
    read ||= covers.read;
    write ||= covers.write;
    for (const source of selector.excludeManagementEventSources) excluded.add(source);
    matched.push(
      `classic selector ${index + 1}: IncludeManagementEvents true, ReadWriteType ${selector.readWriteType}${selector.excludeManagementEventSources.length > 0 ? `, ExcludeManagementEventSources ${selector.excludeManagementEventSources.join(", ")}` : ""}`,
    );
  });
  (selectors.advanced ?? []).forEach((selector, index) => {
    const covers = advancedCoverage(selector);
    if (!covers) return;
    read ||= covers.read;
    write ||= covers.write;
    for (const source of covers.excluded) excluded.add(source);
    matched.push(
      `advanced selector ${index + 1}${selector.name ? ` (${selector.name})` : ""}: eventCategory Management${covers.readOnly === null ? ", no readOnly field" : `, readOnly ${covers.readOnly}`}${covers.excluded.length > 0 ? `, leaves out ${covers.excluded.join(", ")}` : ""}`,
    );
  });
  const excludedSources = [...excluded].sort();
  return { read, write, excludedSources, all: read && write && excludedSources.length === 0, matched };
}

/** True when `selectors` log every management event, read and write, from every source. */
export function capturesAllManagementEvents(selectors: TrailEventSelectors): boolean {
  return managementEventCoverage(selectors).all;
}

function classicCoverage(selector: ClassicEventSelector): { read: boolean; write: boolean } | undefined {
  if (selector.includeManagementEvents !== true) return undefined;
  switch (selector.readWriteType) {
    case "All":
      return { read: true, write: true };
    case "ReadOnly":
      return { read: true, write: false };
    case "WriteOnly":
      return { read: false, write: true };
    default:
      return undefined;
  }
}

interface AdvancedCoverage {
  readonly read: boolean;
  readonly write: boolean;
  /** The `readOnly` value the selector keeps (`true`/`false`), or null without a `readOnly` field. */
  readonly readOnly: string | null;
  /** What the selector's other conditions leave out, in words. */
  readonly excluded: readonly string[];
}

function advancedCoverage(selector: AdvancedEventSelector): AdvancedCoverage | undefined {
  const fields = selector.fieldSelectors;
  const category = fields.filter((field) => field.field === "eventCategory");
  const management =
    category.length > 0 &&
    category.every(
      (field) =>
        field.equals.length > 0 &&
        field.equals.every((value) => value === "Management") &&
        field.startsWith.length +
          field.endsWith.length +
          field.notEquals.length +
          field.notStartsWith.length +
          field.notEndsWith.length ===
          0,
    );
  if (!management) return undefined;
  let read = true;
  let write = true;
  let readOnly: string | null = null;
  const excluded: string[] = [];
  for (const field of fields) {
    if (field.field === "eventCategory") continue;
    if (field.field === "readOnly") {
      const keeps = (value: string) =>
        (field.equals.length === 0 || field.equals.includes(value)) && !field.notEquals.includes(value);
      read &&= keeps("true");
      write &&= keeps("false");
      readOnly = read && !write ? "true" : write && !read ? "false" : readOnly;
      continue;
    }
    // Any other condition (AWS allows eventSource NotEquals for management events) narrows the selector.
    excluded.push(...describeCondition(field));
  }
  if (!read && !write) return undefined;
  return { read, write, readOnly, excluded };
}

function describeCondition(field: AdvancedEventSelector["fieldSelectors"][number]): string[] {
  const parts: string[] = [];
  const add = (operator: string, values: readonly string[]) => {
    if (values.length > 0) parts.push(`${field.field} ${operator} ${values.join(", ")}`);
  };
  add("Equals", field.equals);
  add("StartsWith", field.startsWith);
  add("EndsWith", field.endsWith);
  add("NotEquals", field.notEquals);
  add("NotStartsWith", field.notStartsWith);
  add("NotEndsWith", field.notEndsWith);
  return parts;
}

/**
 * The CIS 3.1 decision for one trail: `yes` (multi-region, logging, all management events), `no`
 * (with every reason), or `unknown` (its status or selectors could not be read: the reasons say why).
 */
export interface Cis31TrailDecision {
  readonly decision: "yes" | "no" | "unknown";
  /** Why not (or why unknown), one sentence fragment each; empty for `yes`. */
  readonly reasons: readonly string[];
  /** The selectors' coverage, when they were read. */
  readonly coverage: ManagementEventCoverage | null;
}

/** Decides whether `trail` is a trail that satisfies CIS 3.1 on its own. Pure. */
export function cis31TrailDecision(trail: DistinctTrail): Cis31TrailDecision {
  const no: string[] = [];
  const unknown: string[] = [];
  if (!trail.isMultiRegionTrail) no.push("it is not multi-region (IsMultiRegionTrail false)");
  if (!trail.homeRegionRead)
    unknown.push(`its home region ${trail.homeRegion} was not read, so its status and selectors are unknown`);
  if (trail.homeRegionRead && trail.status) {
    if (!trail.status.isLogging) no.push("it is not logging (GetTrailStatus IsLogging false)");
  } else if (trail.homeRegionRead)
    unknown.push(`GetTrailStatus failed (${trail.statusError?.code ?? "no answer"})`);
  let coverage: ManagementEventCoverage | null = null;
  if (trail.homeRegionRead && trail.eventSelectors) {
    coverage = managementEventCoverage(trail.eventSelectors);
    if (!coverage.all) no.push(coverageGap(coverage));
  } else if (trail.homeRegionRead)
    unknown.push(`GetEventSelectors failed (${trail.eventSelectorsError?.code ?? "no answer"})`);
  if (no.length > 0) return { decision: "no", reasons: no, coverage };
  if (unknown.length > 0) return { decision: "unknown", reasons: unknown, coverage };
  return { decision: "yes", reasons: [], coverage };
}

function coverageGap(coverage: ManagementEventCoverage): string {
  if (!coverage.read && !coverage.write) return "its event selectors log no management events";
  if (!coverage.read)
    return "its event selectors log write management events only (read-only ones are left out)";
  if (!coverage.write)
    return "its event selectors log read-only management events only (write ones are left out)";
  return `its event selectors leave out management events of ${coverage.excludedSources.join(", ")}`;
}
