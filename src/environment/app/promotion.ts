/**
 * Promotion of the same bytes: production may run only the image digest (and AMI) that staging
 * is running and that passed staging's checks. The evidence is staging's own stack outputs
 * (`pulumi stack output --json --stack staging`: appImage, appImageUri, amiId, tier) and the
 * report of the checks that ran against staging, which names the digest it tested; nothing is
 * retyped. Anything else is refused with every reason. Pure: the CLI (`infra promote`) reads the
 * files and writes the target stack file and the release record.
 */
import { DIGEST_PATTERN } from "../../model/artifact";
import type { Tier } from "../../model/settings";
import { imageRollbackProblem } from "./rollout";

/** What the checks against staging report (the release workflow's staging job writes it). */
export interface StagingChecks {
  /** The digest the checks ran against, as the checks saw it on staging. */
  readonly digest: string;
  readonly passed: boolean;
  /** Names of the checks that ran (QA sign-off, end-to-end tests…), recorded with the release. */
  readonly checks?: readonly string[];
}

export interface PromotionInput {
  /** The source stack's outputs, as `pulumi stack output --json` prints them. */
  readonly sourceOutputs: Readonly<Record<string, unknown>>;
  /** The tier the source must be: the one before the target's (staging before prod). */
  readonly sourceTier: Tier;
  readonly checks: unknown;
  /** A digest the caller expects to promote (e.g. the workflow's input); must be staging's. */
  readonly expectedDigest?: string;
}

export interface Promotion {
  readonly appImage: string;
  readonly amiId: string;
  readonly checks: readonly string[];
}

export type PromotionResult =
  | { readonly ok: true; readonly promotion: Promotion }
  | { readonly ok: false; readonly problems: readonly string[] };

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

function readChecks(raw: unknown, problems: string[]): StagingChecks | undefined {
  if (typeof raw !== "object" || raw === null) {
    problems.push('the checks report is not a JSON object such as {"digest": "sha256:…", "passed": true}');
    return undefined;
  }
  const r = raw as Record<string, unknown>;
  const digest = str(r["digest"]);
  if (digest === undefined || !DIGEST_PATTERN.test(digest)) {
    problems.push(`the checks report names no image digest (digest: ${JSON.stringify(r["digest"])})`);
    return undefined;
  }
  if (typeof r["passed"] !== "boolean") {
    problems.push(
      `the checks report does not say whether they passed (passed: ${JSON.stringify(r["passed"])})`,
    );
    return undefined;
  }
  const checks = Array.isArray(r["checks"]) ? r["checks"].map(String) : [];
  return { digest, passed: r["passed"], checks };
}

/** The digest and AMI production may take, or every reason it may not. */
export function planPromotion(input: PromotionInput): PromotionResult {
  const problems: string[] = [];
  const out = input.sourceOutputs;
  const tier = str(out["tier"]);
  if (tier !== input.sourceTier) {
    problems.push(
      `the outputs are of a ${tier ?? "unknown"}-tier stack; promotion takes what a ${input.sourceTier}-tier stack runs`,
    );
  }
  const running = str(out["appImage"]);
  if (running === undefined || !DIGEST_PATTERN.test(running)) {
    problems.push(
      `${input.sourceTier} runs ${JSON.stringify(running)}, not an image digest; only a digest can be promoted`,
    );
  }
  const uri = str(out["appImageUri"]);
  if (running !== undefined && uri !== undefined && !uri.endsWith(`@${running}`)) {
    problems.push(`${input.sourceTier}'s appImageUri (${uri}) does not end in its appImage (${running})`);
  }
  const ami = str(out["amiId"]);
  const amiProblem = imageRollbackProblem(ami);
  if (amiProblem) problems.push(`${input.sourceTier}'s AMI cannot be promoted: ${amiProblem}`);
  const checks = readChecks(input.checks, problems);
  if (checks && running !== undefined && checks.digest !== running) {
    problems.push(
      `the checks ran against ${checks.digest}, but ${input.sourceTier} runs ${running}: only what was tested on ${input.sourceTier} is promoted`,
    );
  }
  if (checks && !checks.passed)
    problems.push(`${input.sourceTier}'s checks did not pass for ${checks.digest}`);
  if (input.expectedDigest !== undefined && input.expectedDigest !== running) {
    problems.push(
      `asked to promote ${input.expectedDigest}, but ${input.sourceTier} runs ${running}: promote what ${input.sourceTier} runs, or deploy the new digest to ${input.sourceTier} first`,
    );
  }
  if (problems.length > 0 || running === undefined || ami === undefined || !checks)
    return { ok: false, problems };
  return { ok: true, promotion: { appImage: running, amiId: ami, checks: checks.checks ?? [] } };
}
