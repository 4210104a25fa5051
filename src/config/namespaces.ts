/**
 * Two stacks claiming the same secrets namespace (`/<environment>/…`) in one account and Region.
 * Secret names are unique per account and Region, so the second stack's `pulumi up` would fail on
 * CreateSecret, or, worse, a later import would hand one stack the other's database password.
 * Read off the stack files before anything is registered, like the VPC overlap check.
 */
import { secretsNamespace } from "../model/names";
import { TIERS, type Tier } from "../model/settings";
import { cite } from "./aws/sources";
import { listStacks, readStackFile } from "./stack-files";
import { TIER_DEFAULTS } from "./tiers";

interface Claim {
  readonly stack: string;
  readonly namespace: string;
  readonly region: string | undefined;
  /** undefined: the stack file names no account, so it may be applied to any. */
  readonly accounts: readonly string[] | undefined;
}

function parsed(value: string | undefined): unknown {
  if (value === undefined) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** What a stack file claims, or undefined when it is too broken to say (its own run reports that). */
function claimOf(stack: string, config: Readonly<Record<string, string>>): Claim | undefined {
  const tier = config["infra:tier"];
  if (!(TIERS as readonly string[]).includes(tier ?? "")) return undefined;
  const environment = config["infra:environment"] ?? TIER_DEFAULTS[tier as Tier].environment;
  const accounts = parsed(config["aws:allowedAccountIds"]);
  return {
    stack,
    namespace: secretsNamespace(environment),
    region: config["aws:region"],
    accounts: Array.isArray(accounts) ? accounts.map(String) : undefined,
  };
}

/** Whether two claims may land in the same account: unknown accounts may. */
function sameAccountPossible(a: Claim, b: Claim): boolean {
  if (a.accounts === undefined || b.accounts === undefined) return true;
  return a.accounts.some((id) => b.accounts!.includes(id));
}

/** Pure: this stack's claim against the others'. */
export function namespaceClashes(own: Claim, others: readonly Claim[]): string[] {
  return others
    .filter((o) => o.namespace === own.namespace && o.region === own.region && sameAccountPossible(own, o))
    .map(
      (o) =>
        `infra:environment: stack "${o.stack}" already keeps its secrets under ${own.namespace} in ${own.region ?? "the same Region"}${
          own.accounts && o.accounts
            ? ` and account ${own.accounts.filter((id) => o.accounts!.includes(id)).join(", ")}`
            : " (and neither file pins different accounts with aws:allowedAccountIds)"
        }; secret names are unique per account and Region, so give this stack its own infra:environment (e.g. production-eu); ${cite("secretsNamespace")}`,
    );
}

export function secretsNamespaceProblems(
  dir: string,
  project: string,
  stack: string,
  config: Readonly<Record<string, string>>,
): string[] {
  const own = claimOf(stack, config);
  if (!own) return [];
  const others = listStacks(dir)
    .filter((s) => s !== stack)
    .map((s) => claimOf(s, readStackFile(dir, s, project).config))
    .filter((c): c is Claim => c !== undefined);
  return namespaceClashes(own, others);
}
