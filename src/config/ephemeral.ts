/**
 * The throwaway stack of the ephemeral sandbox run (.github/workflows/ephemeral.yml): a dev-tier
 * stack file with a unique name, its own secrets namespace and address space, and every setting
 * that lets `pulumi destroy` remove all of it: no protect or retainOnDelete (the dev tier), no
 * deletion protection, no final snapshot, secrets deleted at once, the audit bucket emptied on
 * destroy. The workflow writes it with scripts/ephemeral-stack.ts and plans it offline, so the
 * program's own validation accepts it before `pulumi up` ever runs; tests/ci/ephemeral-workflow
 * .test.ts captures it and proves nothing in its plan would survive a destroy.
 */
import { stringify } from "yaml";

/** Outside every committed stack's /16 (10.0–10.2), so the program's overlap check accepts it. */
export const EPHEMERAL_CIDR = "10.250.0.0/16";
export const EPHEMERAL_REGION = "us-east-1";
const EPHEMERAL_AZS = ["us-east-1a", "us-east-1b"];

/**
 * `eph-<run id>-<attempt>`: unique per workflow run and re-run, short enough for the ALB and
 * target-group name limits (src/model/names.ts), and a valid environment (secrets namespace) name.
 */
export function ephemeralStackName(runId: string, attempt: string): string {
  if (!/^\d{1,20}$/.test(runId) || !/^\d{1,3}$/.test(attempt))
    throw new Error(`run id and attempt must be numbers, got "${runId}" and "${attempt}"`);
  return `eph-${runId}-${attempt}`;
}

export interface EphemeralStackInput {
  readonly stack: string;
  /** The sandbox account: the provider refuses any other (aws:allowedAccountIds). */
  readonly accountId: string;
}

/** The stack file's text. Every key is one the program validates like any other stack file's. */
export function renderEphemeralStackFile(input: EphemeralStackInput): string {
  if (!/^\d{12}$/.test(input.accountId))
    throw new Error(`the sandbox account id must be 12 digits, got "${input.accountId}"`);
  const config = {
    "aws:region": EPHEMERAL_REGION,
    "aws:allowedAccountIds": [input.accountId],
    "pulumi:disable-default-providers": ["aws"],
    "infra:tier": "dev",
    // Its own namespace (/<stack>/…): two runs, or a run and dev, never share a secret name.
    "infra:environment": input.stack,
    "infra:network": { cidr: EPHEMERAL_CIDR, availabilityZones: EPHEMERAL_AZS },
    // What makes the stack safe to destroy, stated here even where the dev tier already says so,
    // so a change of the tier's defaults cannot make a sandbox run leave resources behind.
    "infra:database": { deletionProtection: false, finalSnapshot: false },
    "infra:loadBalancer": { deletionProtection: false },
    "infra:secrets": { recoveryWindowDays: 0, kmsDeletionWindowDays: 7 },
  };
  return (
    `# Written by .github/workflows/ephemeral.yml for one sandbox run (src/config/ephemeral.ts);\n` +
    `# destroyed at the end of the run and never committed.\n${stringify({ config })}`
  );
}
