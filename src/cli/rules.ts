/**
 * `cloudpatrol rules list [--framework F]` and `cloudpatrol rules show <rule-id | requirement>`: what
 * cloudpatrol checks, which benchmark requirements each rule decides, and how to fix what it finds.
 * Reads only built-in data; never calls AWS.
 */
import { Command, Option } from "commander";
import { scanActions, scanPolicy } from "../app/permissions.js";
import { manualRuleId } from "../engine/manual.js";
import { selectRules } from "../engine/select.js";
import {
  DEFAULT_FRAMEWORK,
  FRAMEWORK_IDS,
  type Framework,
  frameworkMappingsForRule,
  getFramework,
  type Requirement,
  requirementsForRule,
  resolveRequirement,
} from "../frameworks/index.js";
import { InputError } from "../model/errors.js";
import { quoteExcerpt } from "../model/escape.js";
import { compareRequirements } from "../report/requirements.js";
import { apisOf, findRule, RULES } from "../rules/index.js";
import type { AnyRule } from "../rules/types.js";
import { addDebugOption } from "./common-options.js";

type Output = "text" | "json";

const OUTPUTS: readonly Output[] = ["text", "json"];

function outputOption(): Option {
  return new Option("-o, --output <format>", "text or json").choices(OUTPUTS).default("text");
}

function frameworkOption(description: string): Option {
  return new Option("-f, --framework <id>", description).choices([...FRAMEWORK_IDS]);
}

/** Left-aligned columns separated by two spaces; the last column is not padded. */
function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join("  "),
  );
}

function level(requirement: Requirement): string {
  return requirement.profile === "Level 1" ? "L1" : "L2";
}

function requirementJson(requirement: Requirement) {
  return {
    id: requirement.id,
    title: requirement.title,
    section: requirement.section,
    profile: requirement.profile,
    assessment: requirement.assessment,
    ...(requirement.scoring ? { scoring: requirement.scoring } : {}),
    concept: requirement.concept,
    ruleIds: [...requirement.ruleIds],
    manualRuleId: requirement.ruleIds.length === 0 ? manualRuleId(requirement.concept) : null,
  };
}

function frameworkJson(framework: Framework) {
  return { id: framework.id, name: framework.name, version: framework.version, sections: framework.sections };
}

function ruleJson(rule: AnyRule) {
  return {
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    resourceTypes: rule.resourceTypes,
    description: rule.description,
    rationale: rule.rationale,
    remediation: rule.remediation,
    references: rule.references,
    frameworks: frameworkMappingsForRule(rule.id),
    requirements: requirementsForRule(rule.id).map(({ framework, requirement }) => ({
      framework: framework.id,
      id: requirement.id,
      title: requirement.title,
      profile: requirement.profile,
      assessment: requirement.assessment,
    })),
    apis: apisOf(rule),
    cloudTrailEvents: rule.cloudTrailEvents,
    defaults: rule.defaults,
  };
}

/**
 * Where `rules list` without a framework shows a rule: its numbers in the default catalog, else in the
 * newest catalog that lists it; undefined for a rule no catalog points at.
 */
function listedRequirement(
  ruleId: string,
): { framework: string; numbers: string; number: string } | undefined {
  const mappings = frameworkMappingsForRule(ruleId);
  const framework = [DEFAULT_FRAMEWORK, ...[...FRAMEWORK_IDS].reverse()].find(
    (id) => (mappings[id]?.length ?? 0) > 0,
  );
  const numbers = framework ? mappings[framework] : undefined;
  return framework && numbers
    ? { framework, numbers: numbers.join(", "), number: numbers[0] as string }
    : undefined;
}

/** `rules list` as text. */
export function renderRuleList(framework: Framework | undefined): string {
  if (!framework) {
    // In the order of the requirement they decide in the default catalog (1.2 before 1.11); then the rules
    // of requirements it no longer has (v1.2.0/v1.3.0 1.5–1.8, 1.11, 1.3/1.12), under the newest catalog
    // that lists them; rules outside the benchmark last.
    const shown = new Map(RULES.map((rule) => [rule.id, listedRequirement(rule.id)]));
    const rank = (id: string) => {
      const where = shown.get(id);
      return where === undefined ? 2 : where.framework === DEFAULT_FRAMEWORK ? 0 : 1;
    };
    const ordered = [...RULES].sort(
      (a, b) =>
        rank(a.id) - rank(b.id) || compareRequirements(shown.get(a.id)?.number, shown.get(b.id)?.number),
    );
    const rows = ordered.map((rule) => {
      const where = shown.get(rule.id);
      return [rule.id, rule.severity, where ? `${where.framework} ${where.numbers}` : "-", rule.title];
    });
    return `${[...table([["Rule", "Severity", "Requirement", "Title"], ...rows]), `${RULES.length} rule${RULES.length === 1 ? "" : "s"}.`].join("\n")}\n`;
  }
  const requirements = [...framework.requirements].sort(
    (a, b) =>
      framework.sections.indexOf(a.section) - framework.sections.indexOf(b.section) ||
      compareRequirements(a.id, b.id),
  );
  const sectionCounts = framework.sections.map((section) => {
    const count = requirements.filter((requirement) => requirement.section === section).length;
    return `${section} (${count} requirement${count === 1 ? "" : "s"})`;
  });
  const rows = requirements.map((requirement) => [
    requirement.id,
    level(requirement),
    requirement.assessment,
    requirement.ruleIds.length > 0
      ? requirement.ruleIds.join(", ")
      : requirement.assessment === "Manual"
        ? "(manual check)"
        : "(no rule yet)",
    requirement.title,
  ]);
  const automatedByRule = framework.requirements.filter(
    (requirement) => requirement.ruleIds.length > 0,
  ).length;
  return `${[
    `${framework.name} (${framework.id}), ${sectionCounts.join("; ")}:`,
    ...table([["Req", "Level", "Assessment", "Rules", "Title"], ...rows]),
    `${framework.requirements.length} requirements; ${automatedByRule} decided by rules, ${framework.requirements.length - automatedByRule} reported as MANUAL findings.`,
  ].join("\n")}\n`;
}

function indent(lines: readonly string[], prefix = "  "): string[] {
  return lines.flatMap((line) => line.split("\n").map((part) => `${prefix}${part}`));
}

/** `rules show <rule-id>` as text. */
export function renderRule(rule: AnyRule): string {
  const requirements = requirementsForRule(rule.id);
  const lines = [
    `${rule.id}: ${rule.title}`,
    `Severity: ${rule.severity}`,
    `Resource types: ${rule.resourceTypes.join(", ")}`,
    "Requirements:",
    ...indent(
      table(
        requirements.map(({ framework, requirement }) => [
          framework.id,
          requirement.id,
          `${requirement.profile}, ${requirement.assessment}`,
          requirement.title,
        ]),
      ),
    ),
    "Description:",
    ...indent([rule.description]),
    "Rationale:",
    ...indent([rule.rationale]),
    "Remediation, console:",
    ...indent(rule.remediation.console.map((step, index) => `${index + 1}. ${step}`)),
    "Remediation, AWS CLI:",
    ...indent(rule.remediation.cli),
    "Remediation, CloudFormation:",
    ...indent([rule.remediation.iac.cloudformation]),
    "Remediation, Terraform:",
    ...indent([rule.remediation.iac.terraform]),
    `AWS APIs: ${apisOf(rule).join(", ")}`,
    `CloudTrail events: ${rule.cloudTrailEvents.join(", ")}`,
    "References:",
    ...indent(rule.references),
  ];
  return `${lines.join("\n")}\n`;
}

/** `rules show <requirement>` as text: the requirement, then each rule that decides it, or its audit. */
export function renderRequirement(framework: Framework, requirement: Requirement): string {
  const rules = requirement.ruleIds.map((id) => findRule(id)).filter((rule) => rule !== undefined);
  const head = [
    `${framework.id} ${requirement.id}: ${requirement.title}`,
    `Framework: ${framework.name}`,
    `Section: ${requirement.section}`,
    `Profile: ${requirement.profile}`,
    `Assessment: ${requirement.assessment}${requirement.scoring ? ` (${requirement.scoring})` : ""}`,
  ];
  if (rules.length === 0) {
    return `${[
      ...head,
      `Decided by: no rule; a scan with --framework ${framework.id} reports one MANUAL finding per account (${manualRuleId(requirement.concept)}).`,
      "Audit steps:",
      ...indent(requirement.auditSteps.map((step, index) => `${index + 1}. ${step}`)),
    ].join("\n")}\n`;
  }
  return `${[...head, `Decided by: ${rules.map((rule) => rule.id).join(", ")}`, ""].join("\n")}\n${rules
    .map((rule) => renderRule(rule))
    .join("\n")}`;
}

interface ListOptions {
  framework?: string;
  output: Output;
}

interface ShowOptions {
  framework?: string;
  output: Output;
}

function write(text: string): void {
  process.stdout.write(text);
}

/** `cloudpatrol rules` with its `list` and `show` subcommands. */
export function rulesCommand(): Command {
  const list = new Command("list")
    .description("List the rules, or the requirements of one framework with the rules that decide them.")
    .addOption(frameworkOption("list this framework's requirements instead of the rules"))
    .addOption(outputOption())
    .addHelpText(
      "after",
      `
Examples:
  cloudpatrol rules list
  cloudpatrol rules list --framework cis_v150
  cloudpatrol rules list --framework cis_v600 --output json`,
    )
    .action((options: ListOptions) => {
      const framework = options.framework === undefined ? undefined : getFramework(options.framework);
      if (options.output === "json") {
        const body = framework
          ? { framework: frameworkJson(framework), requirements: framework.requirements.map(requirementJson) }
          : { rules: RULES.map(ruleJson) };
        write(`${JSON.stringify(body, null, 2)}\n`);
        return;
      }
      write(renderRuleList(framework));
    });

  const show = new Command("show")
    .description("Show a rule (metadata, remediation, IaC) or a benchmark requirement.")
    .argument("<id>", "a rule id, or a requirement: cis_v150:1.11, or 1.11 (read in --framework)")
    .addOption(frameworkOption(`framework of a bare requirement number (default ${DEFAULT_FRAMEWORK})`))
    .addOption(outputOption())
    .addHelpText(
      "after",
      `
Examples:
  cloudpatrol rules show iam_user_no_access_key_at_setup
  cloudpatrol rules show cis_v150:1.11
  cloudpatrol rules show 2.10 --framework cis_v600`,
    )
    .action((id: string, options: ShowOptions) => {
      const rule = findRule(id);
      if (rule) {
        write(options.output === "json" ? `${JSON.stringify(ruleJson(rule), null, 2)}\n` : renderRule(rule));
        return;
      }
      const ref = resolveRequirement(id, options.framework ?? DEFAULT_FRAMEWORK);
      if (!ref) {
        throw new InputError(
          `No rule or requirement ${quoteExcerpt(id)}; see cloudpatrol rules list (rules) or cloudpatrol rules list --framework ${DEFAULT_FRAMEWORK} (requirements).`,
        );
      }
      if (options.output === "json") {
        const rules = ref.requirement.ruleIds
          .map((ruleId) => findRule(ruleId))
          .filter((r) => r !== undefined);
        write(
          `${JSON.stringify(
            {
              framework: frameworkJson(ref.framework),
              requirement: { ...requirementJson(ref.requirement), auditSteps: ref.requirement.auditSteps },
              rules: rules.map(ruleJson),
            },
            null,
            2,
          )}\n`,
        );
        return;
      }
      write(renderRequirement(ref.framework, ref.requirement));
    });

  const policy = new Command("policy")
    .description(
      "Print the least-privilege IAM policy (JSON) a read-only scan of these rules needs: the actions their datasets declare.",
    )
    .addOption(new Option("--framework <id>", "the rules of this CIS version (default: every rule)"))
    .option("--rule <id>", "these rules only (repeatable)", (value: string, previous: string[] = []) => [
      ...previous,
      value,
    ])
    .option("--no-verify", "without the IAM API re-check of users (scan --no-verify)")
    .option("--explain", "add what cloudpatrol explain reads about a user")
    .addHelpText(
      "after",
      `
Examples:
  cloudpatrol rules policy > cloudpatrol-scan-policy.json
  cloudpatrol rules policy --framework cis_v150
  cloudpatrol rules policy --rule ec2_ebs_encryption_by_default_enabled`,
    )
    .action((options: { framework?: string; rule?: string[]; verify: boolean; explain?: boolean }) => {
      const selection = selectRules({ framework: options.framework, ruleIds: options.rule });
      const actions = scanActions(selection.rules, {
        verify: options.verify,
        explain: options.explain === true,
      });
      write(`${JSON.stringify(scanPolicy(actions), null, 2)}\n`);
    });

  const command = new Command("rules")
    .description("List and show rules and benchmark requirements; print the scan policy.")
    .addCommand(list)
    .addCommand(show)
    .addCommand(policy);
  for (const sub of [list, show, policy])
    addDebugOption(sub).exitOverride().showHelpAfterError("(run with --help for usage)");
  return command;
}
