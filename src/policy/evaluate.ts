/**
 * Runs the rules over one stack's resources, the way the pack does under `pulumi preview`, and
 * sorts the violations into the ones a tier's exceptions allow and the ones that fail the build.
 */
import type { PolicyTier, Rule, RuleResource, Violation } from "./rule";
import { RULES } from "./rules";

/**
 * The only rules a dev-tier stack may break, each with its reason. Staging and prod have none:
 * there the pack is mandatory with zero violations.
 */
export const TIER_EXCEPTIONS: Readonly<Record<PolicyTier, Readonly<Record<string, string>>>> = {
  dev: {
    "rds-backup-retention": "dev data is synthetic and rebuilt at will; one day of backups is enough",
    "rds-deletion-protection": "dev is torn down and rebuilt from code; protection would block that",
    "rds-final-snapshot": "a dev database holds nothing worth a snapshot on delete",
    "elasticache-backups": "a dev cache holds nothing worth restoring",
    "kms-deletion-window": "the 7-day minimum lets a torn-down dev key go soon after the environment",
    "secret-recovery-window": "a recovery window of 0 lets a rebuilt dev reuse its secret names at once",
  },
  staging: {},
  prod: {},
};

export interface RuleViolation extends Violation {
  readonly rule: string;
}

export interface Evaluation {
  /** Violations that fail the build. */
  readonly failures: readonly RuleViolation[];
  /** Violations the tier's exceptions allow, with the exception's reason. */
  readonly excepted: readonly (RuleViolation & { readonly reason: string })[];
}

/** Whether a rule applies to a tier at all (rules like Multi-AZ are prod's only). */
export const appliesTo = (rule: Rule, tier: PolicyTier): boolean => !rule.tiers || rule.tiers.includes(tier);

/** Every violation of one rule on a stack, ignoring exceptions. */
export function violationsOf(
  rule: Rule,
  resources: readonly RuleResource[],
  tier: PolicyTier,
): RuleViolation[] {
  if (!appliesTo(rule, tier)) return [];
  const context = { tier };
  if (rule.kind === "stack")
    return rule
      .check(
        resources.filter((r) => rule.types.includes(r.type)),
        context,
      )
      .map((v) => ({ ...v, rule: rule.name }));
  return resources
    .filter((r) => rule.types.includes(r.type))
    .flatMap((r) =>
      rule.check(r, context).map((message) => ({ urn: r.urn, name: r.name, message, rule: rule.name })),
    );
}

export function evaluate(
  resources: readonly RuleResource[],
  tier: PolicyTier,
  rules: readonly Rule[] = RULES,
): Evaluation {
  const exceptions = TIER_EXCEPTIONS[tier];
  const failures: RuleViolation[] = [];
  const excepted: (RuleViolation & { reason: string })[] = [];
  for (const rule of rules) {
    for (const v of violationsOf(rule, resources, tier)) {
      const reason = exceptions[rule.name];
      if (reason) excepted.push({ ...v, reason });
      else failures.push(v);
    }
  }
  return { failures, excepted };
}

/** One line per violation, for test failures and the pack's own messages. */
export const describeViolation = (v: RuleViolation): string => `${v.rule}: ${v.name}: ${v.message}`;
