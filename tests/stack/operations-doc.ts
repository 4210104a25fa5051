/** docs/operations.md: fresh, and an on-call engineer finds every prod alarm in it with threshold and destination. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { OPERATIONS_DOC, operationsDocFor } from "../../src/reports/operations-doc-source";
import { loadAllSettings } from "../../src/plan/stack-views";
import { input, ofType, planOf, PROJECT_DIR, STACKS } from "../support/plans";

const doc = () => readFileSync(join(PROJECT_DIR, OPERATIONS_DOC), "utf8");

describe("docs/operations.md", () => {
  test("is fresh (npm run generate rewrites it)", () => {
    assert.ok(
      doc() === operationsDocFor(loadAllSettings(PROJECT_DIR)),
      `${OPERATIONS_DOC} is stale: run npm run generate`,
    );
  });

  test("every alarm of the prod plan is in it, with its threshold, runbook and destination", async () => {
    const plan = await planOf("prod");
    const text = doc();
    const prodSection = text.slice(text.indexOf("### prod"), text.indexOf("## What each alarm means"));
    const alarms = ofType(plan, "aws:cloudwatch/metricAlarm:MetricAlarm");
    assert.ok(alarms.length > 0);
    for (const alarm of alarms) {
      const name = String(input(alarm, "name"));
      const row = prodSection.split("\n").find((l) => l.startsWith(`| \`${name}\` |`));
      assert.ok(row, `${name} is missing from ${OPERATIONS_DOC}`);
      // The alarm's description starts with "<title>: <threshold text>."
      const threshold = String(input(alarm, "alarmDescription")).split(": ")[1]!.split(". ")[0]!;
      assert.ok(row.includes(threshold), `${name}: the doc must give the threshold "${threshold}"`);
      const anchor = /\(#([a-z0-9-]+)\)/.exec(row)?.[1];
      assert.ok(anchor && text.includes(`\n### ${anchor}\n`), `${name}: no runbook section #${anchor}`);
    }
    for (const sub of ofType(plan, "aws:sns/topicSubscription:TopicSubscription").filter(
      (s) => input(s, "protocol") === "email",
    ))
      assert.ok(prodSection.includes(`email ${String(input(sub, "endpoint"))}`), "the destination is named");
  });

  test("names every log group of every stack and the manual rollback", async () => {
    const text = doc();
    for (const stack of STACKS) {
      for (const g of ofType(await planOf(stack), "aws:cloudwatch/logGroup:LogGroup").filter((g) =>
        String(input(g, "name")).includes(`/${stack}`),
      ))
        assert.ok(
          text.includes(`\`${String(input(g, "name"))}\``),
          `${String(input(g, "name"))} is not in the doc`,
        );
    }
    assert.match(text, /## Manual rollback \(under 5 minutes\)/);
    assert.match(text, /rollback-instance-refresh/);
  });
});
