/**
 * Checks that the repository settings the promotion gates rely on are in place (docs/promotion.md,
 * "Checking the settings"): environments and their reviewers, deployment branches and admin
 * bypass, rulesets on main, release tags and hotfix branches, no repository-level Pulumi secret,
 * the default OIDC subject.
 *
 *   GITHUB_TOKEN=… npx tsx scripts/github-settings.ts --repo <owner>/<repo> \
 *     --platform-team <team-slug> --hotfix-approvers <cto-login>,<vp-eng-login>
 *
 * The token needs read access to the repository's administration and secrets (a fine-grained
 * token with "Administration: read" and "Secrets: read", or `gh auth token` of an admin). Exit
 * code 0: every requirement holds; 1: a setting differs (each printed with its fix); 2: usage or
 * API error. Read-only: it never changes a setting.
 */
import {
  type Observed,
  type People,
  RulesetSummaries,
  settingsProblems,
  TeamResponse,
} from "./github-settings-check";
import { loadAllSettings } from "../src/plan/stack-views";

/** GET an API path; null for 404 (a thing that does not exist is a finding, not an error). */
export type Api = (path: string) => Promise<unknown>;

export function githubApi(token: string, base = "https://api.github.com"): Api {
  return async (path) => {
    const response = await fetch(`${base}${path}`, {
      headers: {
        Accept: "application/vnd.github+json",
        Authorization: `Bearer ${token}`,
        "X-GitHub-Api-Version": "2022-11-28",
      },
    });
    if (response.status === 404) return null;
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
}

/** Everything settingsProblems compares, fetched read-only. */
export async function fetchObserved(api: Api, repo: string, people: People): Promise<Observed> {
  const [owner] = repo.split("/");
  const environments = (await api(`/repos/${repo}/environments?per_page=100`)) ?? { environments: [] };
  const branchPolicies: Record<string, unknown> = {};
  const envList = (environments as { environments?: unknown }).environments;
  for (const env of Array.isArray(envList) ? envList : []) {
    const { name, deployment_branch_policy: policy } = env as {
      name?: string;
      deployment_branch_policy?: { custom_branch_policies?: boolean } | null;
    };
    if (typeof name === "string" && policy?.custom_branch_policies)
      branchPolicies[name] = await api(
        `/repos/${repo}/environments/${encodeURIComponent(name)}/deployment-branch-policies?per_page=100`,
      );
  }
  const summaries = RulesetSummaries.safeParse(
    await api(`/repos/${repo}/rulesets?includes_parents=true&per_page=100`),
  );
  const rulesets = [];
  for (const { id } of summaries.success ? summaries.data : [])
    rulesets.push(await api(`/repos/${repo}/rulesets/${id}`));
  const team = TeamResponse.safeParse(
    await api(`/orgs/${owner}/teams/${encodeURIComponent(people.platformTeam)}`),
  );
  return {
    environments,
    branchPolicies,
    repositorySecrets: (await api(`/repos/${repo}/actions/secrets?per_page=100`)) ?? { secrets: [] },
    rulesets,
    oidcSubject: await api(`/repos/${repo}/actions/oidc/customization/sub`),
    platformTeamId: team.success ? team.data.id : null,
  };
}

interface Args {
  readonly repo: string;
  readonly people: People;
}

export function parseArgs(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Args {
  const value = (flag: string): string | undefined => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const repo = value("--repo") ?? env.GITHUB_REPOSITORY ?? "";
  const platformTeam = value("--platform-team") ?? "";
  const hotfixApprovers = (value("--hotfix-approvers") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const missing = [
    ...(/^[\w.-]+\/[\w.-]+$/.test(repo) ? [] : ["--repo <owner>/<repo>"]),
    ...(platformTeam ? [] : ["--platform-team <team-slug>"]),
    ...(hotfixApprovers.length > 0 ? [] : ["--hotfix-approvers <cto-login>,<vp-eng-login>"]),
  ];
  if (missing.length > 0) throw new Error(`missing ${missing.join(", ")}`);
  // The preview environments follow the stack files in the current directory (the repository).
  return { repo, people: { platformTeam, hotfixApprovers, stacks: loadAllSettings(process.cwd()) } };
}

async function main(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(`github-settings: ${(error as Error).message}`);
    return 2;
  }
  const token = process.env.GITHUB_TOKEN ?? process.env.GH_TOKEN;
  if (!token) {
    console.error(
      "github-settings: set GITHUB_TOKEN (or GH_TOKEN) to a token that can read the repository's settings.",
    );
    return 2;
  }
  const observed = await fetchObserved(githubApi(token, process.env.GITHUB_API_URL), args.repo, args.people);
  const problems = settingsProblems(observed, args.people);
  if (problems.length === 0) {
    console.log(`${args.repo}: every setting the promotion gates rely on is in place.`);
    return 0;
  }
  console.log(`${args.repo}: ${problems.length} setting(s) differ from docs/promotion.md:`);
  for (const problem of problems) console.log(`  - ${problem}`);
  return 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`github-settings: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(2);
    },
  );
}
