/**
 * Promotion of the same bytes (issue 14): release.yml deploys to production only the image digest
 * and AMI staging runs and passed its checks. The checker below reads the workflow's structure:
 * `infra promote --to prod` runs in a job the prod deploy needs, on outputs an earlier step read
 * with `pulumi stack output --json` from staging (never a value a person typed into the run), the
 * deploy applies what it promoted before `up`, and a job after the deploy records the digest and
 * AMI in the GitHub release. Like the other workflow checkers, it also runs on small in-memory
 * workflows that break each rule.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  CHANGES,
  type Json,
  jobs,
  needsOf,
  pulumiSteps,
  record,
  release,
  steps,
  tierOf,
  yaml,
} from "./workflows.test";

/** `infra promote --to prod …` however it is invoked (`infra`, `npx infra`, `npm run promote --`). */
const PROMOTE = /(?:\binfra promote\b|\bnpm run (?:--silent )?promote --)(.*)$/s;

const argument = (command: string, flag: string): string | undefined =>
  new RegExp(`${flag}[ =]+("?)([^\\s"]+)\\1`).exec(command)?.[2];

/** Every job a job waits for, directly or through the jobs it needs. */
function upstream(workflow: Json, id: string, seen = new Set<string>()): Set<string> {
  for (const need of needsOf(record(record(workflow.jobs)[id]))) {
    if (seen.has(need)) continue;
    seen.add(need);
    upstream(workflow, need, seen);
  }
  return seen;
}

export function promotionProblems(releaseWf: Json, tier: (stack: string) => string): string[] {
  const problems: string[] = [];
  const ups = pulumiSteps(releaseWf).filter(
    (s) => CHANGES.has(s.command) && s.stacks.some((stack) => tier(stack) === "prod"),
  );
  const promotes = jobs(releaseWf).flatMap(([jobId, j]) =>
    steps(j).flatMap((step, index) => {
      const run = String(step.run ?? "").replace(/\\\n\s*/g, " ");
      const found = PROMOTE.exec(run);
      return found && /--to[ =]+prod\b/.test(found[1] ?? "")
        ? [{ jobId, job: j, step, index, args: found[1] ?? "" }]
        : [];
    }),
  );
  if (promotes.length === 0)
    return [
      "release.yml never runs `infra promote --to prod`: production would deploy whatever its stack file says.",
    ];
  for (const up of ups) {
    const before = upstream(releaseWf, up.jobId);
    const promote = promotes.find((p) => before.has(p.jobId) || (p.jobId === up.jobId && p.index < up.index));
    if (!promote) {
      const after = promotes.find((p) => p.jobId === up.jobId || upstream(releaseWf, p.jobId).has(up.jobId));
      problems.push(
        after
          ? `release.yml job "${after.jobId}" promotes after the prod deploy in "${up.jobId}": production must take only what was promoted.`
          : `release.yml job "${up.jobId}" deploys prod without needing the job that runs \`infra promote\`.`,
      );
      continue;
    }
    // The evidence: staging's outputs as its own stack says them, read by an earlier step.
    const outputs = argument(promote.args, "--from-outputs");
    const readers = steps(promote.job).slice(0, promote.index);
    const read = readers.some((s) => {
      const run = String(s.run ?? "");
      return (
        outputs !== undefined &&
        new RegExp(
          `pulumi stack output --json --stack "?\\$\\{?\\w*STACK\\w*\\}?"?\\s*>\\s*"?${outputs.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`,
        ).test(run) &&
        /\/infra\/staging$/.test(String(record(s.env).STACK ?? ""))
      );
    });
    if (!read)
      problems.push(
        `release.yml job "${promote.jobId}": --from-outputs ${outputs ?? "(missing)"} is not written by an earlier \`pulumi stack output --json --stack <org>/infra/staging\`.`,
      );
    const typed = JSON.stringify([promote.step.run, promote.step.env ?? {}]);
    if (
      /inputs\.|github\.event\.inputs/.test(typed) ||
      /sha256:[0-9a-f]/.test(typed) ||
      /ami-[0-9a-f]/.test(typed)
    )
      problems.push(
        `release.yml job "${promote.jobId}": the promote step takes a digest or AMI typed into the run or the file; it must come from staging's outputs.`,
      );
    if (!argument(promote.args, "--checks"))
      problems.push(`release.yml job "${promote.jobId}": \`infra promote\` runs without --checks.`);
    if (!argument(promote.args, "--record"))
      problems.push(
        `release.yml job "${promote.jobId}": \`infra promote\` writes no --record for the release.`,
      );
    // The deploy must apply the promotion before `up` (another job's file reaches it as an artifact).
    if (promote.jobId !== up.jobId) {
      const uploaded = jobs(releaseWf)
        .filter(([id]) => id === promote.jobId)
        .flatMap(([, j]) => steps(j))
        .filter((s) => String(s.uses).startsWith("actions/upload-artifact@"))
        .map((s) => record(s.with).name);
      const applied = steps(up.job).findIndex(
        (s) =>
          String(s.uses).startsWith("actions/download-artifact@") && uploaded.includes(record(s.with).name),
      );
      if (applied < 0 || applied > up.index)
        problems.push(
          `release.yml job "${up.jobId}" does not apply the promotion from "${promote.jobId}" before \`up\`.`,
        );
    }
    // After the rollout: the digest and AMI in the GitHub release.
    const recorded = jobs(releaseWf).some(
      ([id, j]) =>
        upstream(releaseWf, id).has(up.jobId) &&
        steps(j).some(
          (s) => /gh release (edit|create)/.test(String(s.run)) && /gh release upload/.test(String(s.run)),
        ),
    );
    if (!recorded)
      problems.push(
        `release.yml records the promoted digest and AMI in no GitHub release after "${up.jobId}" (gh release edit/create and upload).`,
      );
  }
  return problems;
}

const bareTiers = (stack: string): string => stack;

/** A workflow with the promotion right, as the broken variants below start from. */
const good = (promoteRun: string, deployExtra = "", recordJob = true): Json =>
  yaml(`
jobs:
  promote:
    steps:
      - env: { STACK: "\${{ vars.PULUMI_ORG }}/infra/staging" }
        run: pulumi stack output --json --stack "\${STACK}" > promotion/staging-outputs.json
      - run: ${JSON.stringify(promoteRun)}
      - uses: actions/upload-artifact@v7
        with: { name: promotion, path: promotion/ }
  deploy:
    needs: [promote]
    steps:
      ${deployExtra || "- uses: actions/download-artifact@v7\n        with: { name: promotion }"}
      - id: up
        uses: pulumi/actions@v7
        with: { command: up, stack-name: prod }
${
  recordJob
    ? `  record:
    needs: [deploy]
    steps:
      - run: gh release edit v1 --notes-file n.md && gh release upload v1 release.json --clobber`
    : ""
}
`);

const PROMOTE_RUN =
  "npm run promote -- --to prod --from-outputs promotion/staging-outputs.json --checks promotion/checks.json --record promotion/release.json";

describe("promotion of the same bytes (release.yml)", () => {
  it("release.yml promotes staging's outputs before the prod deploy, applies them, and records them", () => {
    assert.deepEqual(promotionProblems(release, tierOf), []);
  });

  it("the checker accepts the right shape", () => {
    assert.deepEqual(promotionProblems(good(PROMOTE_RUN), bareTiers), []);
  });

  it("the checker flags a workflow without the promote step", () => {
    assert.deepEqual(promotionProblems(good("echo nothing"), bareTiers), [
      "release.yml never runs `infra promote --to prod`: production would deploy whatever its stack file says.",
    ]);
  });

  it("the checker flags a promotion that runs after the prod deploy", () => {
    const wf = yaml(`
jobs:
  deploy:
    steps:
      - id: up
        uses: pulumi/actions@v7
        with: { command: up, stack-name: prod }
  promote:
    needs: [deploy]
    steps:
      - env: { STACK: "\${{ vars.PULUMI_ORG }}/infra/staging" }
        run: pulumi stack output --json --stack "\${STACK}" > o.json
      - run: infra promote --to prod --from-outputs o.json --checks c.json --record r.json
`);
    assert.deepEqual(promotionProblems(wf, bareTiers), [
      'release.yml job "promote" promotes after the prod deploy in "deploy": production must take only what was promoted.',
    ]);
    const sameJob = yaml(`
jobs:
  deploy:
    steps:
      - id: up
        uses: pulumi/actions@v7
        with: { command: up, stack-name: prod }
      - run: infra promote --to prod --from-outputs o.json --checks c.json --record r.json
`);
    assert.deepEqual(promotionProblems(sameJob, bareTiers), [
      'release.yml job "deploy" promotes after the prod deploy in "deploy": production must take only what was promoted.',
    ]);
  });

  it("the checker flags a retyped digest and outputs that are not staging's", () => {
    const typed = good(
      "npm run promote -- --to prod --from-outputs promotion/staging-outputs.json --checks c.json --digest ${{ inputs.digest }} --record r.json",
    );
    assert.deepEqual(promotionProblems(typed, bareTiers), [
      'release.yml job "promote": the promote step takes a digest or AMI typed into the run or the file; it must come from staging\'s outputs.',
    ]);
    const written = good(
      'echo \'{"appImage": "sha256:0123abcd"}\' > mine.json && infra promote --to prod --from-outputs mine.json --checks c.json --record r.json',
    );
    assert.deepEqual(promotionProblems(written, bareTiers), [
      'release.yml job "promote": --from-outputs mine.json is not written by an earlier `pulumi stack output --json --stack <org>/infra/staging`.',
      'release.yml job "promote": the promote step takes a digest or AMI typed into the run or the file; it must come from staging\'s outputs.',
    ]);
  });

  it("the checker flags a deploy that ignores the promotion and a release without the record", () => {
    const ignored = good(PROMOTE_RUN, "- uses: actions/checkout@v7", false);
    assert.deepEqual(promotionProblems(ignored, bareTiers), [
      'release.yml job "deploy" does not apply the promotion from "promote" before `up`.',
      'release.yml records the promoted digest and AMI in no GitHub release after "deploy" (gh release edit/create and upload).',
    ]);
  });
});
