/**
 * `infra promote --to prod --from-outputs staging-outputs.json --checks staging-checks.json`:
 * the release's promotion step. Writes into the target's stack file exactly the image digest
 * and AMI the source stack (the tier before it: staging for prod) runs and that passed its
 * checks, read from that stack's outputs, and records them; refuses anything else, naming every
 * reason. The evidence files come from `pulumi stack output --json --stack staging` and from the
 * checks that ran against staging (docs/promotion.md).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { TIER_DEFAULTS } from "../config/tiers";
import { readStackFile } from "../config/stack-files";
import { TIERS } from "../model/settings";
import { planPromotion } from "../environment/app/promotion";
import { loadSettings } from "../plan/stack-views";
import { selectStacks } from "./cli";
import { EXIT, type Io, UsageError } from "./io";

export interface PromoteOptions {
  /** The stack that receives the image (a digest-only tier, e.g. prod). */
  readonly to: string;
  /** `pulumi stack output --json` of the stack before it (staging). */
  readonly fromOutputs: string;
  /** The report of the checks that ran against that stack. */
  readonly checks: string;
  /** Refuse unless the source runs exactly this digest (the workflow's own expectation). */
  readonly digest?: string;
  /** Where to write the release record (JSON); it is printed either way. */
  readonly record?: string;
  /** The clock the record is stamped with (tests inject it). */
  readonly now?: () => Date;
}

function readJson(io: Io, file: string, what: string): unknown {
  const path = join(io.cwd, file);
  if (!existsSync(path)) throw new UsageError(`${what} file ${file} not found`);
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    throw new UsageError(`${what} file ${file} is not JSON`);
  }
}

export function runPromote(options: PromoteOptions, io: Io): number {
  const [stack] = selectStacks(io.cwd, false, [options.to]);
  const target = loadSettings(io.cwd, stack!);
  if (!TIER_DEFAULTS[target.tier].imageByDigestOnly) {
    throw new UsageError(
      `${stack} is a ${target.tier}-tier stack, which follows a tag; promotion is for digest-only tiers`,
    );
  }
  const sourceTier = TIERS[TIERS.indexOf(target.tier) - 1]!;
  const outputs = readJson(io, options.fromOutputs, "the source stack's outputs");
  if (typeof outputs !== "object" || outputs === null)
    throw new UsageError(`${options.fromOutputs} is not a JSON object`);
  const result = planPromotion({
    sourceOutputs: outputs as Record<string, unknown>,
    sourceTier,
    checks: readJson(io, options.checks, "the checks report"),
    expectedDigest: options.digest,
  });
  if (!result.ok) {
    io.stderr(
      `Refused: ${stack} takes only what ${sourceTier} runs and tested:\n${result.problems.map((p) => `  - ${p}`).join("\n")}\n`,
    );
    return EXIT.failed;
  }
  const { promotion } = result;
  const file = readStackFile(io.cwd, stack!, target.project);
  const doc = parseDocument(readFileSync(file.path, "utf8"));
  doc.setIn(["config", "infra:appImage"], promotion.appImage);
  doc.setIn(["config", "infra:compute", "imageId"], promotion.amiId);
  // No padding inside flow sequences (`["a"]`, not `[ "a" ]`): the file stays as prettier writes
  // it, so the release's promotion commit changes the two values and nothing else.
  writeFileSync(file.path, doc.toString({ flowCollectionPadding: false }));
  // The written file must still be a valid stack: read it back through the real resolver.
  const written = loadSettings(io.cwd, stack!);
  const record = {
    stack,
    appImage: promotion.appImage,
    amiId: promotion.amiId,
    promotedFrom: sourceTier,
    checks: promotion.checks,
    promotedAt: (options.now ?? (() => new Date()))().toISOString(),
  };
  if (written.compute.imageId !== record.amiId) throw new Error(`${file.path}: the AMI did not take`);
  const text = `${JSON.stringify(record, null, 2)}\n`;
  if (options.record) writeFileSync(join(io.cwd, options.record), text);
  io.stdout(
    `promoted to ${stack}: ${promotion.appImage} on ${promotion.amiId} (from ${sourceTier})\n${text}`,
  );
  return EXIT.ok;
}
