/**
 * The repository settings the promotion gates rely on (docs/promotion.md, "Repository
 * settings"), and a pure comparison of what the GitHub REST API reports against them. No I/O
 * here: scripts/github-settings.ts fetches the responses; tests feed fixtures.
 *
 * API shapes:
 * - environments: https://docs.github.com/en/rest/deployments/environments
 * - deployment branch policies: https://docs.github.com/en/rest/deployments/branch-policies
 * - repository secrets: https://docs.github.com/en/rest/actions/secrets
 * - rulesets: https://docs.github.com/en/rest/repos/rules
 * - OIDC subject: https://docs.github.com/en/rest/actions/oidc
 */
import { z } from "zod";
import type { EnvironmentSettings } from "../src/model/settings";
import { previewEnvironment } from "../src/reports/workflow-matrix";

// ---------------------------------------------------------------------------------------------
// What the gates need
// ---------------------------------------------------------------------------------------------

/** Who approves: the Platform team's slug, and the GitHub logins of the CTO and the VP Eng. */
export interface People {
  readonly platformTeam: string;
  readonly hotfixApprovers: readonly string[];
  /** The stack files' stacks: each has a preview environment (src/reports/workflow-matrix.ts). */
  readonly stacks: readonly StackIdentity[];
}

export interface EnvironmentRequirement {
  readonly name: string;
  /** Why the gates need it, for the report. */
  readonly purpose: string;
  /** Required reviewers: teams and users; `exact` means nobody else may be one. Null: none needed. */
  readonly reviewers: { teams: readonly string[]; users: readonly string[]; exact: boolean } | null;
  /** Deployments only from these branches; "any" means no restriction is needed. */
  readonly branches: readonly string[] | "any";
  /** False: "Allow administrators to bypass configured protection rules" must be off. */
  readonly adminBypassAllowed: boolean;
}

/** What the environments of a stack's preview legs are named after (src/reports/workflow-matrix.ts). */
export type StackIdentity = Pick<EnvironmentSettings, "stack" | "tier" | "environment">;

/**
 * Every environment a workflow names, with the protection its gate relies on. The preview
 * environments follow the stack files: one per stack (prod-tier ones accept main only).
 */
export function requiredEnvironments(people: People): EnvironmentRequirement[] {
  const mainOnly = { branches: ["main"], adminBypassAllowed: false } as const;
  const previews = people.stacks.map((s): EnvironmentRequirement =>
    s.tier === "prod"
      ? {
          name: previewEnvironment(s),
          purpose: `${s.stack}'s preview credentials, for main's release and drift runs`,
          reviewers: null,
          ...mainOnly,
        }
      : {
          name: previewEnvironment(s),
          purpose: `${s.stack}'s preview credentials for pull requests`,
          reviewers: null,
          branches: "any",
          adminBypassAllowed: true,
        },
  );
  const prodTier = people.stacks.map((s) => s.tier === "prod");
  return [
    ...previews.filter((_, i) => !prodTier[i]),
    { name: "staging", purpose: "staging's deploy credentials, for main", reviewers: null, ...mainOnly },
    ...previews.filter((_, i) => prodTier[i]),
    {
      name: "production",
      purpose: "the Platform team's approval of a release",
      reviewers: { teams: [people.platformTeam], users: [], exact: false },
      ...mainOnly,
    },
    {
      name: "production-hotfix",
      purpose: "the CTO's or VP Eng's approval of a hotfix",
      reviewers: { teams: [], users: people.hotfixApprovers, exact: true },
      ...mainOnly,
    },
  ];
}

/** Repository-level secrets a pull request's workflow could read: none of these may exist. */
export const FORBIDDEN_REPOSITORY_SECRETS = /^PULUMI_/;

/** The status check the main ruleset must require: checks.yml's job, called as `checks`. */
export const REQUIRED_STATUS_CHECK = "checks / checks";

interface RulesetRequirement {
  readonly what: string;
  /** A concrete ref the ruleset must cover. */
  readonly sampleRef: string;
  readonly target: "branch" | "tag";
  readonly rules: readonly string[];
  /** Who may bypass: nobody, or the Platform team only. */
  readonly bypass: "nobody" | "platform-team";
}

export const REQUIRED_RULESETS: readonly RulesetRequirement[] = [
  {
    what: "main",
    sampleRef: "refs/heads/main",
    target: "branch",
    rules: ["pull_request", "required_status_checks", "non_fast_forward", "deletion"],
    bypass: "nobody",
  },
  {
    what: "release tags v*",
    sampleRef: "refs/tags/v1.2.3",
    target: "tag",
    rules: ["creation", "update", "deletion"],
    bypass: "platform-team",
  },
  {
    what: "hotfix branches hotfix/*",
    sampleRef: "refs/heads/hotfix/example",
    target: "branch",
    rules: ["creation", "update", "non_fast_forward", "deletion"],
    bypass: "platform-team",
  },
];

// ---------------------------------------------------------------------------------------------
// What the API reports (only the fields we read)
// ---------------------------------------------------------------------------------------------

const Reviewer = z.object({
  type: z.string(),
  reviewer: z.object({ login: z.string().optional(), slug: z.string().optional() }).nullable(),
});
const ProtectionRule = z.object({
  type: z.string(),
  prevent_self_review: z.boolean().optional(),
  reviewers: z.array(Reviewer).optional(),
});
const Environment = z.object({
  name: z.string(),
  can_admins_bypass: z.boolean().optional(),
  protection_rules: z.array(ProtectionRule).optional(),
  deployment_branch_policy: z
    .object({ protected_branches: z.boolean(), custom_branch_policies: z.boolean() })
    .nullable()
    .optional(),
});
export const EnvironmentsResponse = z.object({ environments: z.array(Environment) });
export const BranchPoliciesResponse = z.object({
  branch_policies: z.array(z.object({ name: z.string(), type: z.string().optional() })),
});
export const SecretsResponse = z.object({ secrets: z.array(z.object({ name: z.string() })) });
export const RulesetSummaries = z.array(z.object({ id: z.number() }));
export const Ruleset = z.object({
  name: z.string(),
  target: z.string().optional(),
  enforcement: z.string(),
  conditions: z
    .object({
      ref_name: z
        .object({ include: z.array(z.string()), exclude: z.array(z.string()).optional() })
        .optional(),
    })
    .nullable()
    .optional(),
  rules: z
    .array(z.object({ type: z.string(), parameters: z.record(z.string(), z.unknown()).optional() }))
    .optional(),
  bypass_actors: z
    .array(z.object({ actor_id: z.number().nullable().optional(), actor_type: z.string() }))
    .optional(),
});
export const OidcSubjectResponse = z.object({ use_default: z.boolean() });
export const TeamResponse = z.object({ id: z.number(), slug: z.string() });

export type RulesetJson = z.infer<typeof Ruleset>;

/** The API's answers, as fetched; each is validated here, so fixtures are plain JSON. */
export interface Observed {
  /** GET /repos/{owner}/{repo}/environments */
  readonly environments: unknown;
  /** GET …/environments/{name}/deployment-branch-policies, for environments with custom policies. */
  readonly branchPolicies: Readonly<Record<string, unknown>>;
  /** GET /repos/{owner}/{repo}/actions/secrets */
  readonly repositorySecrets: unknown;
  /** GET /repos/{owner}/{repo}/rulesets/{id}, for every ruleset that applies to the repository. */
  readonly rulesets: readonly unknown[];
  /** GET /repos/{owner}/{repo}/actions/oidc/customization/sub */
  readonly oidcSubject: unknown;
  /** The Platform team's id (GET /orgs/{org}/teams/{slug}), or null when it cannot be found. */
  readonly platformTeamId: number | null;
}

// ---------------------------------------------------------------------------------------------
// The comparison
// ---------------------------------------------------------------------------------------------

function parsed<T>(schema: z.ZodType<T>, value: unknown, what: string, problems: string[]): T | undefined {
  const result = schema.safeParse(value);
  if (!result.success) problems.push(`Could not read ${what} from the API answer: ${result.error.message}`);
  return result.success ? result.data : undefined;
}

const lower = (s: string): string => s.toLowerCase();
const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  new Set(a.map(lower)).size === new Set(b.map(lower)).size &&
  a.every((x) => b.map(lower).includes(lower(x)));

function environmentProblems(
  requirement: EnvironmentRequirement,
  env: z.infer<typeof Environment> | undefined,
  branchPolicies: unknown,
  problems: string[],
): void {
  const where = `Environment "${requirement.name}" (${requirement.purpose})`;
  if (!env) {
    problems.push(`${where} does not exist: create it (Settings → Environments).`);
    return;
  }
  if (!requirement.adminBypassAllowed && env.can_admins_bypass !== false)
    problems.push(
      `${where}: administrators may bypass its protection rules; untick "Allow administrators to bypass configured protection rules".`,
    );
  const reviewRule = (env.protection_rules ?? []).find((r) => r.type === "required_reviewers");
  if (requirement.reviewers) {
    const want = requirement.reviewers;
    const teams = (reviewRule?.reviewers ?? [])
      .filter((r) => r.type === "Team")
      .map((r) => r.reviewer?.slug ?? "");
    const users = (reviewRule?.reviewers ?? [])
      .filter((r) => r.type === "User")
      .map((r) => r.reviewer?.login ?? "");
    const describe = `teams [${teams.join(", ")}], users [${users.join(", ")}]`;
    if (!reviewRule) problems.push(`${where} has no required reviewers; add ${describeWant(want)}.`);
    else if (want.exact && !(sameSet(teams, want.teams) && sameSet(users, want.users)))
      problems.push(
        `${where}: its required reviewers must be exactly ${describeWant(want)}; they are ${describe}.`,
      );
    else if (!want.exact && !want.teams.every((t) => teams.map(lower).includes(lower(t))))
      problems.push(
        `${where}: its required reviewers must include ${describeWant(want)}; they are ${describe}.`,
      );
    if (reviewRule && reviewRule.prevent_self_review !== true)
      problems.push(`${where}: turn on "Prevent self-review", so whoever starts a deploy cannot approve it.`);
  }
  if (requirement.branches !== "any") {
    const want = requirement.branches.join(", ");
    const policy = env.deployment_branch_policy;
    if (!policy || !policy.custom_branch_policies || policy.protected_branches) {
      problems.push(
        `${where}: deployments must be limited to ${want}: "Selected branches and tags" with only ${want}.`,
      );
    } else {
      const listed = BranchPoliciesResponse.safeParse(branchPolicies);
      const names = listed.success
        ? listed.data.branch_policies.filter((p) => (p.type ?? "branch") === "branch").map((p) => p.name)
        : [];
      const tags = listed.success
        ? listed.data.branch_policies.filter((p) => p.type === "tag").map((p) => p.name)
        : [];
      if (!listed.success || !sameSet(names, requirement.branches) || tags.length > 0)
        problems.push(
          `${where}: deployments must come from ${want} only; it allows branches [${names.join(", ")}]${tags.length > 0 ? ` and tags [${tags.join(", ")}]` : ""}.`,
        );
    }
  }
}

function describeWant(want: { teams: readonly string[]; users: readonly string[] }): string {
  return [...want.teams.map((t) => `team ${t}`), ...want.users.map((u) => `user ${u}`)].join(" and ");
}

/** fnmatch as rulesets use it: `*` within one path segment, `**` across them. */
function refPattern(pattern: string): RegExp {
  const body = pattern
    .split("**")
    .map((part) =>
      part
        .split("*")
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join("[^/]*"),
    )
    .join(".*");
  return new RegExp(`^${body}$`);
}

/** Whether an active ruleset applies to a concrete ref (the repository's default branch is main). */
export function rulesetCovers(ruleset: RulesetJson, ref: string): boolean {
  const refName = ruleset.conditions?.ref_name;
  if (!refName) return false;
  const matches = (p: string): boolean =>
    p === "~ALL" || (p === "~DEFAULT_BRANCH" && ref === "refs/heads/main") || refPattern(p).test(ref);
  return refName.include.some(matches) && !(refName.exclude ?? []).some(matches);
}

function rulesetProblems(
  requirement: RulesetRequirement,
  rulesets: readonly RulesetJson[],
  platformTeamId: number | null,
  people: People,
  problems: string[],
): void {
  const covering = rulesets.filter(
    (r) =>
      r.enforcement === "active" &&
      (r.target ?? "branch") === requirement.target &&
      rulesetCovers(r, requirement.sampleRef),
  );
  const where = `Ruleset for ${requirement.what}`;
  if (covering.length === 0) {
    problems.push(
      `${where}: none is active (Settings → Rules → Rulesets); it needs ${requirement.rules.join(", ")}.`,
    );
    return;
  }
  const types = new Set(covering.flatMap((r) => (r.rules ?? []).map((rule) => rule.type)));
  const missing = requirement.rules.filter((t) => !types.has(t));
  if (missing.length > 0) problems.push(`${where}: missing rules ${missing.join(", ")}.`);
  if (requirement.rules.includes("pull_request")) {
    const reviews = covering
      .flatMap((r) => r.rules ?? [])
      .filter((rule) => rule.type === "pull_request")
      .map((rule) => Number(rule.parameters?.required_approving_review_count ?? 0));
    if (types.has("pull_request") && !reviews.some((n) => n >= 1))
      problems.push(`${where}: pull requests must need at least one approving review.`);
  }
  if (requirement.rules.includes("required_status_checks")) {
    const contexts = covering
      .flatMap((r) => r.rules ?? [])
      .filter((rule) => rule.type === "required_status_checks")
      .flatMap((rule) =>
        Array.isArray(rule.parameters?.required_status_checks) ? rule.parameters.required_status_checks : [],
      )
      .map((c: unknown) => String((c as { context?: unknown }).context ?? ""));
    if (types.has("required_status_checks") && !contexts.includes(REQUIRED_STATUS_CHECK))
      problems.push(
        `${where}: require the status check "${REQUIRED_STATUS_CHECK}" (checks.yml); it requires [${contexts.join(", ")}].`,
      );
  }
  for (const ruleset of covering) {
    const actors = ruleset.bypass_actors ?? [];
    const allowed = (a: { actor_type: string; actor_id?: number | null }): boolean =>
      requirement.bypass === "platform-team" &&
      a.actor_type === "Team" &&
      (platformTeamId === null || a.actor_id === platformTeamId);
    const others = actors.filter((a) => !allowed(a));
    if (others.length > 0)
      problems.push(
        `${where}: ruleset "${ruleset.name}" lets ${others.map((a) => `${a.actor_type}${a.actor_id ? ` ${a.actor_id}` : ""}`).join(", ")} bypass it; ${requirement.bypass === "nobody" ? "nobody may" : `only team ${people.platformTeam} may`}.`,
      );
    if (requirement.bypass === "platform-team" && platformTeamId === null)
      problems.push(
        `${where}: could not look up team ${people.platformTeam}'s id, so its bypass list is unverified.`,
      );
  }
}

/** Everything that differs from what the gates rely on, one line each, with the fix. */
export function settingsProblems(observed: Observed, people: People): string[] {
  const problems: string[] = [];
  const envs = parsed(EnvironmentsResponse, observed.environments, "the environments", problems);
  if (envs) {
    for (const requirement of requiredEnvironments(people)) {
      const env = envs.environments.find((e) => e.name === requirement.name);
      environmentProblems(requirement, env, observed.branchPolicies[requirement.name], problems);
    }
  }
  const secrets = parsed(SecretsResponse, observed.repositorySecrets, "the repository secrets", problems);
  for (const secret of secrets?.secrets ?? []) {
    if (FORBIDDEN_REPOSITORY_SECRETS.test(secret.name))
      problems.push(
        `Repository secret ${secret.name}: every workflow, a pull request's included, can read a repository secret; move it to the environments that need it and delete it here.`,
      );
  }
  const rulesets = observed.rulesets
    .map((r, i) => parsed(Ruleset, r, `ruleset #${i + 1}`, problems))
    .filter((r): r is RulesetJson => r !== undefined);
  for (const requirement of REQUIRED_RULESETS)
    rulesetProblems(requirement, rulesets, observed.platformTeamId, people, problems);
  const oidc = parsed(OidcSubjectResponse, observed.oidcSubject, "the OIDC subject template", problems);
  if (oidc && !oidc.use_default)
    problems.push(
      "OIDC subject: the repository uses a custom subject template; the AWS trust policies in docs/promotion.md expect the default (repo:<org>/<repo>:environment:<name>).",
    );
  return problems;
}
