/**
 * Parity of the real stacks: staging and prod build the same thing at a different scale, dev's
 * differences are all declared, protections only grow with the tier, and the generated documents
 * (stacks/PARITY.md, docs/diagrams/<stack>.md) match what the program produces now.
 */
import assert from "node:assert/strict";
import { TIERS } from "../../src/model/settings";
import { STACKS, tierOf, capture } from "../support/plans";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import {
  checkParity,
  describeDrift,
  type StackView,
  unusedDeclarations,
} from "../../src/reports/parity/parity";
import { KNOB_EFFECTS, PARITY_PAIRS } from "../../src/reports/parity/declared";
import { generateReports } from "../../src/reports/reports";
import { checkMonotonic } from "../../src/reports/parity/safety";
import { resolveSettings } from "../../src/config/resolve";
import { PROJECT_DIR, withConfig } from "../support/plans";
import { allViews, viewOf } from "../support/views";

const parity = (views: readonly StackView[]) => checkParity(views, PARITY_PAIRS, KNOB_EFFECTS);

describe("parity across the stacks", () => {
  test("every difference between dev, staging and prod is declared with its reason", async () => {
    const reports = parity(await allViews());
    // Every stack is compared with every stack of the next tier up: the path a change travels.
    const byTier = (t: string) => STACKS.filter((s) => tierOf(s) === t);
    const expected = TIERS.slice(1).flatMap((upper, i) =>
      byTier(TIERS[i]!).flatMap((lo) => byTier(upper).map((up) => `${lo}→${up}`)),
    );
    assert.deepEqual(reports.map((r) => `${r.lower}→${r.upper}`).sort(), expected.sort());
    const drift = reports.flatMap(describeDrift);
    assert.deepEqual(drift, [], `undeclared drift:\n${drift.join("\n")}`);
  });

  test("no declared difference is stale", async () => {
    const stale = unusedDeclarations(parity(await allViews()), PARITY_PAIRS);
    assert.deepEqual(stale, [], stale.join("\n"));
  });

  test("a resource prod alone gets is caught and named", async () => {
    const [staging, prod] = await Promise.all([viewOf("staging"), viewOf("prod")]);
    const db = prod.plan.resources.find((r) => r.type === "aws:rds/instance:Instance")!;
    const replica = { ...db, urn: `${db.urn}-replica`, name: `${db.name}-replica`, dependencies: [db.urn] };
    const drifted = { ...prod, plan: { ...prod.plan, resources: [...prod.plan.resources, replica] } };
    const [report] = parity([staging, drifted]);
    assert.deepEqual(describeDrift(report!), [
      "staging → prod: undeclared resource difference db-replica (rds:Instance only in prod); list it under the knob that causes it in KNOB_EFFECTS (src/reports/parity/declared.ts), or make the environments agree",
    ]);
  });

  test("a setting staging and prod should share is caught and named", async () => {
    const [staging, prod] = await Promise.all([viewOf("staging"), viewOf("prod")]);
    const s = prod.settings;
    const drifted = {
      ...prod,
      settings: { ...s, compute: { ...s.compute, targetCpuPercent: s.compute.targetCpuPercent + 10 } },
    };
    const [report] = parity([staging, drifted]);
    assert.deepEqual(
      report!.undeclared.map((d) => `${d.kind} ${d.subject}`),
      ["setting compute.targetCpuPercent"],
    );
  });

  test("staging restored from a production snapshot is a declared difference, not drift", async () => {
    const input = withConfig("staging", {
      "infra:database": { restoreFromSnapshot: "staging-seed-2026-11-29" },
    });
    const { settings } = resolveSettings(input);
    const restored = { stack: "staging", settings, plan: await capture(input) };
    const reports = parity([await viewOf("dev"), restored, await viewOf("prod")]);
    assert.deepEqual(reports.flatMap(describeDrift), []);
    assert.ok(
      reports.every((r) => r.declared.some((d) => d.by === "database.restoreFromSnapshot")),
      "both pairs see the snapshot as the declared data difference",
    );
  });

  test("prod is never weaker than staging, nor staging than dev, on any safety setting", async () => {
    const violations = checkMonotonic(await allViews()).map((v) => v.message);
    assert.deepEqual(violations, [], violations.join("\n"));
  });

  test("stacks/PARITY.md and docs/diagrams/<stack>.md are fresh", async () => {
    for (const file of generateReports(await allViews())) {
      const path = join(PROJECT_DIR, file.path);
      assert.ok(existsSync(path), `${file.path} is missing: run npm run reports and commit it`);
      assert.ok(
        readFileSync(path, "utf8") === file.text,
        `${file.path} is stale: run npm run reports and commit it`,
      );
    }
  });
});
