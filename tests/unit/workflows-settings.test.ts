/**
 * The repository settings the workflows' gates rely on, checked offline: scripts/github-settings.ts
 * compares GitHub's API answers with docs/promotion.md's requirements. Here the comparison runs on
 * fixture answers (a compliant repository, a fresh one, one change at a time), the fetcher on a
 * fake API, and the requirements are tied to the environments the workflows name.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  type Observed,
  type People,
  REQUIRED_STATUS_CHECK,
  requiredEnvironments,
  settingsProblems,
} from "../../scripts/github-settings-check";
import { fetchObserved, parseArgs } from "../../scripts/github-settings";
import { ROOT, environmentsOf, jobs, workflows } from "./workflows.test";
import { settingsOf, STACKS } from "../support/plans";

/** The comparison's fixtures: a repository with the specification's three stacks. */
const PEOPLE: People = {
  platformTeam: "platform",
  hotfixApprovers: ["the-cto", "the-vp-eng"],
  stacks: [
    { stack: "dev", tier: "dev", environment: "dev" },
    { stack: "staging", tier: "staging", environment: "staging" },
    { stack: "prod", tier: "prod", environment: "production" },
  ],
};
/** This repository: its stack files decide which preview environments exist. */
const REPO_PEOPLE: People = { ...PEOPLE, stacks: STACKS.map(settingsOf) };
const PLATFORM_TEAM_ID = 42;

type Env = Record<string, unknown>;

function reviewers(teams: string[], users: string[], preventSelfReview = true): Env {
  return {
    type: "required_reviewers",
    prevent_self_review: preventSelfReview,
    reviewers: [
      ...teams.map((slug) => ({ type: "Team", reviewer: { slug, id: PLATFORM_TEAM_ID } })),
      ...users.map((login) => ({ type: "User", reviewer: { login } })),
    ],
  };
}

const MAIN_ONLY = { deployment_branch_policy: { protected_branches: false, custom_branch_policies: true } };

/** What GET /repos/{o}/{r}/environments answers for a repository set up as docs/promotion.md says. */
function compliantEnvironments(): Env[] {
  return [
    { name: "preview-dev", can_admins_bypass: true, protection_rules: [], deployment_branch_policy: null },
    {
      name: "preview-staging",
      can_admins_bypass: true,
      protection_rules: [],
      deployment_branch_policy: null,
    },
    {
      name: "staging",
      can_admins_bypass: false,
      protection_rules: [{ type: "branch_policy" }],
      ...MAIN_ONLY,
    },
    { name: "production-preview", can_admins_bypass: false, protection_rules: [], ...MAIN_ONLY },
    {
      name: "production",
      can_admins_bypass: false,
      protection_rules: [reviewers(["platform"], [])],
      ...MAIN_ONLY,
    },
    {
      name: "production-hotfix",
      can_admins_bypass: false,
      protection_rules: [reviewers([], ["the-cto", "the-vp-eng"])],
      ...MAIN_ONLY,
    },
  ];
}

const mainPolicy = { total_count: 1, branch_policies: [{ id: 1, name: "main", type: "branch" }] };

function compliantRulesets(): Env[] {
  return [
    {
      id: 1,
      name: "main",
      target: "branch",
      enforcement: "active",
      conditions: { ref_name: { include: ["~DEFAULT_BRANCH"], exclude: [] } },
      rules: [
        { type: "deletion" },
        { type: "non_fast_forward" },
        { type: "pull_request", parameters: { required_approving_review_count: 1 } },
        {
          type: "required_status_checks",
          parameters: { required_status_checks: [{ context: REQUIRED_STATUS_CHECK }] },
        },
      ],
      bypass_actors: [],
    },
    {
      id: 2,
      name: "release tags",
      target: "tag",
      enforcement: "active",
      conditions: { ref_name: { include: ["refs/tags/v*"], exclude: [] } },
      rules: [{ type: "creation" }, { type: "update" }, { type: "deletion" }],
      bypass_actors: [{ actor_id: PLATFORM_TEAM_ID, actor_type: "Team", bypass_mode: "always" }],
    },
    {
      id: 3,
      name: "hotfix branches",
      target: "branch",
      enforcement: "active",
      conditions: { ref_name: { include: ["refs/heads/hotfix/**"], exclude: [] } },
      rules: [{ type: "creation" }, { type: "update" }, { type: "deletion" }, { type: "non_fast_forward" }],
      bypass_actors: [{ actor_id: PLATFORM_TEAM_ID, actor_type: "Team", bypass_mode: "always" }],
    },
  ];
}

function compliant(): Observed {
  const environments = compliantEnvironments();
  return {
    environments: { total_count: environments.length, environments },
    branchPolicies: Object.fromEntries(
      ["staging", "production-preview", "production", "production-hotfix"].map((n) => [n, mainPolicy]),
    ),
    repositorySecrets: { total_count: 1, secrets: [{ name: "SLACK_WEBHOOK_URL" }] },
    rulesets: compliantRulesets(),
    oidcSubject: { use_default: true },
    platformTeamId: PLATFORM_TEAM_ID,
  };
}

/** A copy of the compliant answers with one environment changed. */
function withEnvironment(name: string, change: (env: Env) => Env): Observed {
  const base = compliant();
  const environments = compliantEnvironments().map((e) => (e.name === name ? change(e) : e));
  return { ...base, environments: { environments } };
}

describe("github-settings: the requirements", () => {
  it("cover every environment a workflow names, and nothing the workflows do not use", () => {
    const named = new Set(
      Object.values(workflows).flatMap((w) => jobs(w).flatMap(([, j]) => environmentsOf(j))),
    );
    assert.deepEqual(
      requiredEnvironments(REPO_PEOPLE)
        .map((e) => e.name)
        .sort(),
      [...named].sort(),
    );
  });

  it("are each listed in docs/promotion.md", () => {
    const doc = readFileSync(path.join(ROOT, "docs", "promotion.md"), "utf8");
    // A preview environment per stack file is described once, by its pattern.
    for (const env of requiredEnvironments(PEOPLE)) {
      const named = /^preview-/.test(env.name) ? "preview-<stack>" : env.name;
      assert.ok(doc.includes(`\`${named}\``), named);
    }
    assert.ok(doc.includes(REQUIRED_STATUS_CHECK));
    assert.ok(doc.includes("npx tsx scripts/github-settings.ts"));
  });
});

describe("github-settings: comparing the API's answers", () => {
  it("finds nothing wrong with a repository set up as docs/promotion.md says", () => {
    assert.deepEqual(settingsProblems(compliant(), PEOPLE), []);
  });

  it("lists everything a fresh repository lacks", () => {
    const fresh: Observed = {
      environments: {
        environments: [
          {
            name: "production",
            can_admins_bypass: true,
            protection_rules: [],
            deployment_branch_policy: null,
          },
        ],
      },
      branchPolicies: {},
      repositorySecrets: { secrets: [{ name: "PULUMI_ACCESS_TOKEN" }] },
      rulesets: [],
      oidcSubject: { use_default: true },
      platformTeamId: null,
    };
    assert.deepEqual(settingsProblems(fresh, PEOPLE), [
      'Environment "preview-dev" (dev\'s preview credentials for pull requests) does not exist: create it (Settings → Environments).',
      'Environment "preview-staging" (staging\'s preview credentials for pull requests) does not exist: create it (Settings → Environments).',
      'Environment "staging" (staging\'s deploy credentials, for main) does not exist: create it (Settings → Environments).',
      "Environment \"production-preview\" (prod's preview credentials, for main's release and drift runs) does not exist: create it (Settings → Environments).",
      'Environment "production" (the Platform team\'s approval of a release): administrators may bypass its protection rules; untick "Allow administrators to bypass configured protection rules".',
      'Environment "production" (the Platform team\'s approval of a release) has no required reviewers; add team platform.',
      'Environment "production" (the Platform team\'s approval of a release): deployments must be limited to main: "Selected branches and tags" with only main.',
      "Environment \"production-hotfix\" (the CTO's or VP Eng's approval of a hotfix) does not exist: create it (Settings → Environments).",
      "Repository secret PULUMI_ACCESS_TOKEN: every workflow, a pull request's included, can read a repository secret; move it to the environments that need it and delete it here.",
      "Ruleset for main: none is active (Settings → Rules → Rulesets); it needs pull_request, required_status_checks, non_fast_forward, deletion.",
      "Ruleset for release tags v*: none is active (Settings → Rules → Rulesets); it needs creation, update, deletion.",
      "Ruleset for hotfix branches hotfix/*: none is active (Settings → Rules → Rulesets); it needs creation, update, non_fast_forward, deletion.",
    ]);
  });

  it("flags a hotfix environment anyone else may approve, or one without self-review prevention", () => {
    const extra = withEnvironment("production-hotfix", (e) => ({
      ...e,
      protection_rules: [reviewers(["platform"], ["the-cto", "the-vp-eng"], false)],
    }));
    assert.deepEqual(settingsProblems(extra, PEOPLE), [
      "Environment \"production-hotfix\" (the CTO's or VP Eng's approval of a hotfix): its required reviewers must be exactly user the-cto and user the-vp-eng; they are teams [platform], users [the-cto, the-vp-eng].",
      'Environment "production-hotfix" (the CTO\'s or VP Eng\'s approval of a hotfix): turn on "Prevent self-review", so whoever starts a deploy cannot approve it.',
    ]);
  });

  it("flags a production environment a tag or hotfix branch can deploy from", () => {
    const observed: Observed = {
      ...compliant(),
      branchPolicies: {
        ...compliant().branchPolicies,
        production: {
          branch_policies: [
            { name: "main", type: "branch" },
            { name: "hotfix/*", type: "branch" },
            { name: "v*.*.*", type: "tag" },
          ],
        },
      },
    };
    assert.deepEqual(settingsProblems(observed, PEOPLE), [
      'Environment "production" (the Platform team\'s approval of a release): deployments must come from main only; it allows branches [main, hotfix/*] and tags [v*.*.*].',
    ]);
  });

  it("flags admin bypass on production and a missing team reviewer", () => {
    const observed = withEnvironment("production", (e) => ({
      ...e,
      can_admins_bypass: true,
      protection_rules: [reviewers([], ["someone"])],
    }));
    assert.deepEqual(settingsProblems(observed, PEOPLE), [
      'Environment "production" (the Platform team\'s approval of a release): administrators may bypass its protection rules; untick "Allow administrators to bypass configured protection rules".',
      'Environment "production" (the Platform team\'s approval of a release): its required reviewers must include team platform; they are teams [], users [someone].',
    ]);
  });

  it("flags rulesets that can be bypassed, miss the checks status, or are only evaluated", () => {
    const [main, tags, hotfix] = compliantRulesets() as [Env, Env, Env];
    const observed: Observed = {
      ...compliant(),
      rulesets: [
        {
          ...main,
          bypass_actors: [{ actor_id: 5, actor_type: "RepositoryRole" }],
          rules: (main.rules as Env[]).map((r) =>
            r.type === "required_status_checks"
              ? { ...r, parameters: { required_status_checks: [{ context: "build" }] } }
              : r,
          ),
        },
        { ...tags, bypass_actors: [{ actor_id: 1, actor_type: "OrganizationAdmin" }] },
        { ...hotfix, enforcement: "evaluate" },
      ],
    };
    assert.deepEqual(settingsProblems(observed, PEOPLE), [
      'Ruleset for main: require the status check "checks / checks" (checks.yml); it requires [build].',
      'Ruleset for main: ruleset "main" lets RepositoryRole 5 bypass it; nobody may.',
      'Ruleset for release tags v*: ruleset "release tags" lets OrganizationAdmin 1 bypass it; only team platform may.',
      "Ruleset for hotfix branches hotfix/*: none is active (Settings → Rules → Rulesets); it needs creation, update, non_fast_forward, deletion.",
    ]);
  });

  it("flags a custom OIDC subject and an answer it cannot read", () => {
    const observed: Observed = {
      ...compliant(),
      oidcSubject: { use_default: false },
      repositorySecrets: null,
    };
    const problems = settingsProblems(observed, PEOPLE);
    assert.equal(problems.length, 2);
    assert.match(problems[0] ?? "", /^Could not read the repository secrets/);
    assert.match(problems[1] ?? "", /^OIDC subject: the repository uses a custom subject template/);
  });
});

describe("github-settings: fetching and arguments", () => {
  it("fetches every answer the comparison needs, read-only, and finds nothing wrong", async () => {
    const c = compliant();
    const answers: Record<string, unknown> = {
      "/repos/acme/infra/environments?per_page=100": c.environments,
      "/repos/acme/infra/rulesets?includes_parents=true&per_page=100": compliantRulesets().map((r) => ({
        id: r.id,
      })),
      "/repos/acme/infra/actions/secrets?per_page=100": c.repositorySecrets,
      "/repos/acme/infra/actions/oidc/customization/sub": c.oidcSubject,
      "/orgs/acme/teams/platform": { id: PLATFORM_TEAM_ID, slug: "platform" },
    };
    for (const name of ["staging", "production-preview", "production", "production-hotfix"])
      answers[`/repos/acme/infra/environments/${name}/deployment-branch-policies?per_page=100`] = mainPolicy;
    compliantRulesets().forEach((r) => (answers[`/repos/acme/infra/rulesets/${String(r.id)}`] = r));
    const asked: string[] = [];
    const api = async (p: string): Promise<unknown> => {
      asked.push(p);
      return p in answers ? answers[p] : null;
    };
    const observed = await fetchObserved(api, "acme/infra", PEOPLE);
    assert.deepEqual(settingsProblems(observed, PEOPLE), []);
    assert.deepEqual(
      asked.filter((p) => !(p in answers)),
      [],
    );
  });

  it("needs the repository, the Platform team and the hotfix approvers", () => {
    assert.deepEqual(
      parseArgs(["--platform-team", "platform", "--hotfix-approvers", "a, b"], {
        GITHUB_REPOSITORY: "acme/infra",
      }),
      {
        repo: "acme/infra",
        people: { platformTeam: "platform", hotfixApprovers: ["a", "b"], stacks: STACKS.map(settingsOf) },
      },
    );
    assert.throws(
      () => parseArgs([], {}),
      /missing --repo <owner>\/<repo>, --platform-team <team-slug>, --hotfix-approvers <cto-login>,<vp-eng-login>/,
    );
  });
});
