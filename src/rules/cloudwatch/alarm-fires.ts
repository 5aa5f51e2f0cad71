/**
 * Whether a CloudWatch alarm can fire on the metric a metric filter publishes: the link between "filter"
 * and "alarm" in the CIS monitoring chain. CIS's audit matches the metric name only; an alarm counts here
 * when it watches the very metric stream the filter publishes and one matching log event can put it into
 * ALARM:
 *
 * - **Dimensions.** A metric is identified by namespace, name and dimensions. A filter without dimensions
 *   publishes one stream, without dimensions: an alarm with dimensions watches another stream (never
 *   fires). A filter with dimensions publishes one stream per value of its log fields: an alarm without
 *   them, or with other names, never fires; one with the same names watches one value's stream only
 *   (check by hand).
 * - **Value and threshold.** Each matching event publishes the filter's `metricValue`. A number is judged
 *   against the alarm's statistic, comparison and threshold for the events of one period: fires on one
 *   event (yes), only after several (check by hand), or never (`"0"` with `Sum >= 1`: no). A value read
 *   from the event (`$.field`), a `defaultValue`, a statistic other than Sum, SampleCount, Average,
 *   Minimum, Maximum or a percentile / trimmed or winsorized mean, or an anomaly-detection comparison:
 *   check by hand.
 * - **Periods.** `DatapointsToAlarm` (else `EvaluationPeriods`) above 1: one event breaches one period
 *   only (check by hand).
 * - **Unit.** The filter publishes its metric in its `unit` (`None` when it sets none). An alarm (or the
 *   `MetricStat` it reads the metric through) with another `Unit` reads no data and stays in
 *   INSUFFICIENT_DATA: no. An alarm without a unit reads every unit.
 * - **Metric math.** An alarm whose one returned query is a plain `MetricStat` of the filter's metric is
 *   judged as a direct alarm; any other metric-math alarm that reads the metric: check by hand, with its
 *   expression in the evidence, unless every `MetricStat` reading the metric has another unit (no).
 *
 * Fields absent from older snapshots (dimensions, value, threshold, queries, units) are not judged: such an
 * alarm counts as before, except a metric-math alarm without its queries (check by hand). Pure.
 *
 * Sources: Amazon CloudWatch User Guide, "Metrics concepts" (Dimensions: each unique combination is a
 * separate metric) and "Using Amazon CloudWatch alarms" (evaluation periods, datapoints to alarm); Amazon
 * CloudWatch Logs API Reference, MetricTransformation (`metricValue`, `defaultValue`, `dimensions`);
 * Amazon CloudWatch API Reference, MetricAlarm and MetricDataQuery (`ReturnData`); MetricTransformation
 * `unit` ("If you omit this, the unit is set as None"); PutMetricAlarm `Unit` (specifying a unit that is not
 * published for the metric "causes the alarm to be stuck in the INSUFFICIENT DATA state") and MetricStat
 * `Unit` ("If you specify a unit that does not match the data collected, the results … are null").
 */
import type { MetricAlarm, MetricFilter } from "../../snapshot/datasets/monitoring.js";

/** One metric transformation of a metric filter. */
export type MetricTransformation = MetricFilter["metricTransformations"][number];

/** Whether the alarm can fire on the filter's events: surely, never, or a person must look. */
export type Fires = "yes" | "no" | "check by hand";

/** What decided {@link Fires} for one alarm, for the finding's evidence. */
export interface AlarmFiring {
  readonly fires: Fires;
  /** Why not, or what to check (a clause naming the alarm); absent when it fires. */
  readonly why?: string;
  /** The alarm's condition, `Sum >= 1 over 300 s (1 of 1 period(s))`, when the snapshot holds it. */
  readonly condition?: string;
  /** A metric-math alarm's returned expression, `e1 = m1 * 0`. */
  readonly expression?: string;
  /** The unit the alarm reads the metric in (null: none, any unit), when the snapshot holds it. */
  readonly alarmUnit?: string | null;
  /** The unit the filter publishes the metric in (`None` when it sets none), when the snapshot holds it. */
  readonly publishedUnit?: string;
}

type Dimensions = readonly { readonly name: string; readonly value: string }[];

/** What the alarm compares, once resolved to one statistic of the filter's metric. */
interface Watched {
  readonly dimensions: Dimensions | undefined;
  readonly statistic: string | null | undefined;
  readonly period: number | null | undefined;
  readonly unit: string | null | undefined;
}

const OPERATORS = new Map([
  ["GreaterThanOrEqualToThreshold", ">="],
  ["GreaterThanThreshold", ">"],
  ["LessThanThreshold", "<"],
  ["LessThanOrEqualToThreshold", "<="],
]);

/**
 * How `alarm` relates to the metric `t` publishes: undefined when the alarm does not read that metric
 * (namespace and name) at all, else whether it can fire on the filter's events and why.
 */
export function alarmFiring(alarm: MetricAlarm, t: MetricTransformation): AlarmFiring | undefined {
  const isMetric = (metric: { metricName: string; namespace: string }) =>
    metric.namespace === t.metricNamespace && metric.metricName === t.metricName;
  if (!alarm.metrics.some(isMetric)) return undefined;
  const name = `alarm ${alarm.alarmArn}`;
  const publishedUnit = publishedUnitOf(t);
  const published = publishedUnit === undefined ? {} : { publishedUnit };

  let watched: Watched;
  if (alarm.metricMath) {
    const queries = alarm.queries;
    if (!queries || queries.length === 0)
      return {
        fires: "check by hand",
        why: `${name} is a metric-math alarm whose queries this snapshot does not hold: check by hand that it fires on the metric`,
      };
    const returned = queries.filter((query) => query.returnData);
    const only = returned.length === 1 ? returned[0] : undefined;
    if (!only?.metricStat || only.expression !== null || !isMetric(only.metricStat)) {
      const expression = only
        ? `${only.id} = ${only.expression ?? describeStat(only.metricStat)}`
        : undefined;
      // The condition on the returned query: `e1 >= 1 (1 of 1 period(s))`.
      const condition = only
        ? conditionText(alarm, { dimensions: undefined, statistic: only.id, period: null, unit: undefined })
        : undefined;
      const inputs = queries
        .filter((query) => query.metricStat && query !== only)
        .map((query) => `${query.id} = ${describeStat(query.metricStat)}`);
      const unreadable = mathUnitCheck(name, queries, isMetric, t);
      if (unreadable)
        return {
          ...unreadable,
          ...(expression ? { expression } : {}),
          ...(condition ? { condition } : {}),
          ...published,
        };
      return {
        fires: "check by hand",
        why: `${name} alarms on the metric-math expression ${expression ?? `(${returned.length} queries returned)`}${inputs.length > 0 ? ` (${inputs.join(", ")})` : ""}: check by hand that it fires on the metric`,
        ...(expression ? { expression } : {}),
        ...(condition ? { condition } : {}),
      };
    }
    watched = {
      dimensions: only.metricStat.dimensions,
      statistic: only.metricStat.stat,
      period: only.metricStat.period,
      unit: only.metricStat.unit,
    };
  } else {
    watched = {
      dimensions: alarm.dimensions,
      statistic: alarm.statistic,
      period: alarm.period,
      unit: alarm.unit,
    };
  }

  const checks = [
    unitCheck(name, watched.unit, t),
    dimensionCheck(name, watched.dimensions, t.dimensions),
    valueCheck(name, alarm, watched.statistic, t),
    periodsCheck(name, alarm),
  ];
  const no = checks.find((check) => check?.fires === "no");
  const manual = checks.filter((check) => check?.fires === "check by hand");
  const fires: Fires = no ? "no" : manual.length > 0 ? "check by hand" : "yes";
  const why = no?.why ?? (manual.length > 0 ? manual.map((check) => check?.why).join("; ") : undefined);
  const fullCondition = conditionText(alarm, watched);
  return {
    fires,
    ...(why ? { why } : {}),
    ...(fullCondition ? { condition: fullCondition } : {}),
    ...(watched.unit === undefined ? {} : { alarmUnit: watched.unit }),
    ...published,
  };
}

/** The unit CloudWatch records the filter's metric in: its `unit`, `None` when it sets none. */
function publishedUnitOf(t: MetricTransformation): string | undefined {
  if (t.unit === undefined) return undefined; // an older snapshot: not judged
  return t.unit ?? "None";
}

/** "the filter publishes it in unit None (it sets no unit)", or undefined for an older snapshot. */
function publishedText(t: MetricTransformation): string | undefined {
  const published = publishedUnitOf(t);
  if (published === undefined) return undefined;
  return `the filter publishes it in unit ${published}${t.unit === null ? " (it sets no unit)" : ""}`;
}

const NEVER_PUBLISHED =
  "CloudWatch keeps an alarm on a unit the metric is not published with in INSUFFICIENT_DATA";

interface Check {
  readonly fires: Fires;
  readonly why?: string;
}

/** No when the alarm reads the metric in a unit other than the one the filter publishes. */
function unitCheck(
  name: string,
  unit: string | null | undefined,
  t: MetricTransformation,
): Check | undefined {
  // No unit on the alarm reads every unit; a snapshot without the filter's unit is not judged.
  const text = publishedText(t);
  if (unit === undefined || unit === null || text === undefined || unit === publishedUnitOf(t))
    return undefined;
  return { fires: "no", why: `${name} watches the metric in unit ${unit}, and ${text}: ${NEVER_PUBLISHED}` };
}

/**
 * No when every `MetricStat` of a metric-math alarm that reads the filter's metric names a unit other than
 * the one the filter publishes: the expression then never sees the filter's data.
 */
function mathUnitCheck(
  name: string,
  queries: NonNullable<MetricAlarm["queries"]>,
  isMetric: (metric: { metricName: string; namespace: string }) => boolean,
  t: MetricTransformation,
): Check | undefined {
  const text = publishedText(t);
  const published = publishedUnitOf(t);
  const reading = queries.filter((query) => query.metricStat && isMetric(query.metricStat));
  const units = reading.map((query) => query.metricStat?.unit);
  if (text === undefined || reading.length === 0 || !units.every((unit) => typeof unit === "string"))
    return undefined;
  if (units.some((unit) => unit === published)) return undefined;
  const named = [...new Set(units)].join(", ");
  const ids = reading.map((query) => query.id).join(", ");
  return {
    fires: "no",
    why: `${name} reads the metric only in unit ${named} (${ids}), and ${text}: ${NEVER_PUBLISHED}`,
  };
}

function dimensionText(dimensions: Dimensions): string {
  return dimensions.map((d) => `${d.name}=${d.value}`).join(", ");
}

function filterDimensionText(dimensions: Dimensions): string {
  return dimensions.map((d) => `${d.name} (${d.value})`).join(", ");
}

function sameNames(a: Dimensions, b: Dimensions): boolean {
  const names = new Set(a.map((d) => d.name));
  return a.length === b.length && names.size === b.length && b.every((d) => names.has(d.name));
}

function dimensionCheck(
  name: string,
  alarm: Dimensions | undefined,
  filter: Dimensions | undefined,
): Check | undefined {
  if (!alarm || !filter) return undefined; // an older snapshot: not judged
  if (filter.length === 0)
    return alarm.length === 0
      ? undefined
      : {
          fires: "no",
          why: `${name} watches the stream with dimensions ${dimensionText(alarm)}, and the filter publishes the metric without dimensions`,
        };
  const published = `the filter publishes one stream per value of ${filterDimensionText(filter)}`;
  if (alarm.length === 0)
    return { fires: "no", why: `${name} watches the stream without dimensions, and ${published}` };
  if (!sameNames(alarm, filter))
    return {
      fires: "no",
      why: `${name} watches the stream with dimensions ${dimensionText(alarm)}, and ${published}`,
    };
  return {
    fires: "check by hand",
    why: `${name} watches only the stream ${dimensionText(alarm)}, and ${published}: check by hand that the events to alarm on all carry that value`,
  };
}

/** True for statistics that equal the value itself when every value in the period is the same. */
function isValueStatistic(statistic: string): boolean {
  return (
    statistic === "Average" ||
    statistic === "Minimum" ||
    statistic === "Maximum" ||
    statistic === "IQM" ||
    /^(p|tm|wm)\d+(\.\d+)?$/.test(statistic)
  );
}

/** Parses a metric value written as a plain decimal number; undefined otherwise. */
function numericValue(text: string): number | undefined {
  if (!/^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

function compare(value: number, operator: string, threshold: number): boolean {
  switch (operator) {
    case ">=":
      return value >= threshold;
    case ">":
      return value > threshold;
    case "<":
      return value < threshold;
    default:
      return value <= threshold;
  }
}

/** The fewest events in one period for which `perEvents(n)` (linear in n) meets the condition, or undefined. */
function fewestEvents(step: number, operator: string, threshold: number): number | undefined {
  // step * n against threshold, n >= 1; step is the statistic's increase per event (Sum: the value).
  if (step === 0) return compare(0, operator, threshold) ? 1 : undefined;
  const rising = step > 0;
  if (rising !== (operator === ">=" || operator === ">"))
    return compare(step, operator, threshold) ? 1 : undefined;
  const bound = threshold / step;
  const strict = operator === ">" || operator === "<";
  const n = strict ? Math.floor(bound) + 1 : Math.ceil(bound);
  return Math.max(1, n);
}

function valueCheck(
  name: string,
  alarm: MetricAlarm,
  statistic: string | null | undefined,
  t: MetricTransformation,
): Check | undefined {
  const { metricValue } = t;
  const operatorName = alarm.comparisonOperator;
  if (metricValue === undefined || statistic === undefined || operatorName === undefined) return undefined;
  const operator = operatorName === null ? undefined : OPERATORS.get(operatorName);
  const threshold = alarm.threshold;
  if (operator === undefined || threshold === null || threshold === undefined)
    return {
      fires: "check by hand",
      why: `${name} compares with ${operatorName ?? "no static threshold"}: check by hand that it fires on the metric`,
    };
  const condition = `${statistic} ${operator} ${threshold}`;
  const value = numericValue(metricValue);
  if (value === undefined)
    return {
      fires: "check by hand",
      why: `the filter publishes the value of ${metricValue} for each matching event: check by hand that ${name} (${condition}) fires on it`,
    };
  const defaultValue = t.defaultValue ?? null;
  if (defaultValue !== null && !(defaultValue === 0 && statistic === "Sum"))
    return {
      fires: "check by hand",
      why: `the filter also publishes ${defaultValue} for every log event that does not match: check by hand that ${name} (${condition}) fires on the matching ones`,
    };
  let events: number | undefined;
  if (statistic === "Sum") events = fewestEvents(value, operator, threshold);
  else if (statistic === "SampleCount") events = fewestEvents(1, operator, threshold);
  else if (statistic && isValueStatistic(statistic))
    events = compare(value, operator, threshold) ? 1 : undefined;
  else
    return {
      fires: "check by hand",
      why: `${name} uses the statistic ${statistic ?? "(none)"}: check by hand that it fires on the metric`,
    };
  if (events === 1) return undefined;
  const each =
    statistic === "Sum"
      ? `each matching event adds ${value}`
      : statistic === "SampleCount"
        ? "each matching event counts 1"
        : `each matching event publishes ${value}`;
  if (events === undefined)
    return { fires: "no", why: `${name} never fires on it: ${each}, and ${condition} is never reached` };
  return {
    fires: "check by hand",
    why: `${name} fires only when ${events} matching events fall in one period (${each}, ${condition}): check by hand that this is intended`,
  };
}

function periodsCheck(name: string, alarm: MetricAlarm): Check | undefined {
  const needed = alarm.datapointsToAlarm ?? alarm.evaluationPeriods;
  if (needed === null || needed === undefined || needed <= 1) return undefined;
  return {
    fires: "check by hand",
    why: `${name} needs ${needed} breaching periods out of ${alarm.evaluationPeriods ?? needed}, and one event breaches one period: check by hand that it fires`,
  };
}

function describeStat(
  stat: { metricName: string; namespace: string; dimensions: Dimensions; stat: string } | null | undefined,
): string {
  if (!stat) return "?";
  const dimensions = stat.dimensions.length > 0 ? ` {${dimensionText(stat.dimensions)}}` : "";
  return `${stat.namespace}/${stat.metricName}${dimensions} ${stat.stat}`;
}

/** `Sum >= 1 over 300 s (1 of 1 period(s))`, or undefined when the snapshot lacks the fields. */
function conditionText(alarm: MetricAlarm, watched?: Watched): string | undefined {
  const operator = alarm.comparisonOperator
    ? (OPERATORS.get(alarm.comparisonOperator) ?? alarm.comparisonOperator)
    : undefined;
  const statistic = watched ? watched.statistic : alarm.statistic;
  if (!operator || alarm.threshold === undefined || alarm.threshold === null || !statistic) return undefined;
  const period = watched?.period ?? alarm.period;
  const periods = alarm.evaluationPeriods
    ? ` (${alarm.datapointsToAlarm ?? alarm.evaluationPeriods} of ${alarm.evaluationPeriods} period(s))`
    : "";
  return `${statistic} ${operator} ${alarm.threshold}${period ? ` over ${period} s` : ""}${periods}`;
}
