/**
 * Disaster recovery in each stack's plan (src/environment/recovery/): what each tier builds, that
 * prod's copies and replicated backups really go to the recovery region with a key there, that
 * the restore test restores into the stack's own network, and that a stack whose settings cannot
 * keep its objectives is refused before anything is registered.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ProgramFailure } from "../../src/plan/program-failure";
import {
  BACKUP_MANAGED_POLICIES,
  RESTORE_FAILURE_EVENTS,
} from "../../src/environment/recovery/backup-service";
import type { Plan } from "../../src/model/plan";
import { T as M } from "../../src/model/resource-types";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { generateReports } from "../../src/reports/reports";
import { DISASTER_RECOVERY_DOC } from "../../src/reports/disaster-recovery";
import { SCENARIO_TITLES, scenarioPlans } from "../../src/environment/recovery/objectives";
import { resolveSettings } from "../../src/config/resolve";
import type { StackView } from "../../src/reports/parity/parity";
import {
  input,
  one,
  ofType,
  planOf,
  PROJECT,
  PROJECT_DIR,
  stackInput,
  STACKS,
  withConfig,
  captureRegistrations,
} from "../support/plans";
import { arnOf } from "../support/arns";

async function viewOf(stack: string): Promise<StackView> {
  const { settings } = resolveSettings(stackInput(stack));
  return { stack, settings, plan: await planOf(stack) };
}

const T = {
  vault: M.backupVault,
  lock: M.backupVaultLock,
  plan: M.backupPlan,
  selection: M.backupSelection,
  testPlan: M.backupRestoreTestingPlan,
  testSelection: M.backupRestoreTestingSelection,
  replication: M.rdsAutomatedBackupsReplication,
  key: M.kmsKey,
  rule: M.eventRule,
  target: M.eventTarget,
} as const;

const counts = (plan: Plan) =>
  Object.fromEntries(Object.entries(T).map(([k, t]) => [k, ofType(plan, t).length]));

describe("recovery resources per tier", () => {
  test("dev: nothing beyond RDS's own backups", async () => {
    const c = counts(await planOf("dev"));
    assert.deepEqual(
      { vault: c.vault, plan: c.plan, replication: c.replication, testPlan: c.testPlan },
      { vault: 0, plan: 0, replication: 0, testPlan: 0 },
    );
  });

  test("staging: one vault with the environment's key, a daily plan for the database, no lock or copies", async () => {
    const plan = await planOf("staging");
    const vault = one(plan, T.vault);
    assert.equal(input(vault, "kmsKeyArn"), arnOf(plan, one(plan, T.key, "staging-kms")));
    const rule = (input(one(plan, T.plan), "rules") as Record<string, unknown>[])[0]!;
    assert.equal(rule["schedule"], "cron(0 5 ? * * *)");
    assert.deepEqual(rule["copyActions"], []);
    assert.deepEqual(
      { lock: ofType(plan, T.lock).length, replication: ofType(plan, T.replication).length },
      { lock: 0, replication: 0 },
    );
  });

  test("prod: hourly points in a locked vault, copied to a locked vault in us-west-2 under a key there", async () => {
    const plan = await planOf("prod");
    const primary = one(plan, T.vault, "prod-backup-vault");
    const copy = one(plan, T.vault, "prod-backup-vault-copy");
    assert.equal(input(primary, "region"), undefined, "the primary vault is in the stack's region");
    assert.equal(input(copy, "region"), "us-west-2");
    const copyKey = one(plan, T.key, "prod-recovery-kms");
    assert.equal(input(copyKey, "region"), "us-west-2");
    assert.equal(input(copyKey, "enableKeyRotation"), true);
    assert.match(arnOf(plan, copyKey), /^arn:aws:kms:us-west-2:/);
    assert.equal(input(copy, "kmsKeyArn"), arnOf(plan, copyKey));

    const rule = (input(one(plan, T.plan), "rules") as Record<string, unknown>[])[0]!;
    assert.equal(rule["schedule"], "cron(0 */1 ? * * *)");
    assert.deepEqual(rule["copyActions"], [
      {
        destinationVaultArn: arnOf(plan, copy),
        lifecycle: { deleteAfter: 3 },
      },
    ]);
    // Compliance mode on both vaults, with AWS's minimum cooling-off.
    for (const lock of ofType(plan, T.lock)) assert.equal(input(lock, "changeableForDays"), 3);
    assert.deepEqual(
      ofType(plan, T.lock)
        .map((l) => l.name)
        .sort(),
      ["prod-backup-vault-copy-lock", "prod-backup-vault-lock"],
    );
    // Vaults, locks and the recovery key are stateful: protected and retained on prod.
    for (const r of [primary, copy, copyKey, ...ofType(plan, T.lock)])
      assert.deepEqual([r.name, r.options.protect, r.options.retainOnDelete], [r.name, true, true]);
  });

  test("prod: RDS automated backups replicated to us-west-2 with the recovery key, for 14 days", async () => {
    const plan = await planOf("prod");
    const replication = one(plan, T.replication);
    assert.equal(input(replication, "region"), "us-west-2");
    assert.equal(input(replication, "retentionPeriod"), 14);
    assert.equal(input(replication, "kmsKeyId"), arnOf(plan, one(plan, T.key, "prod-recovery-kms")));
    assert.equal(input(replication, "sourceDbInstanceArn"), "arn:aws:rds:us-east-1:123456789012:db:prod-db");
  });

  test("prod: the backup role has AWS Backup's managed policies and only the environment's keys", async () => {
    const plan = await planOf("prod");
    const attached = ofType(plan, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
      .filter((a) => a.name.startsWith("prod-backup-role-policy-"))
      .map((a) => String(input(a, "policyArn")));
    assert.deepEqual(
      attached.sort(),
      BACKUP_MANAGED_POLICIES.map((p) => `arn:aws:iam::aws:policy/${p}`),
    );
    const keys = JSON.parse(
      String(input(one(plan, "aws:iam/rolePolicy:RolePolicy", "prod-backup-role-keys"), "policy")),
    );
    assert.deepEqual(keys.Statement[0].Resource, [
      arnOf(plan, one(plan, T.key, "prod-kms")),
      arnOf(plan, one(plan, T.key, "prod-recovery-kms")),
    ]);
  });

  test("prod: the weekly restore test restores the latest point into the database's own subnets and security group", async () => {
    const plan = await planOf("prod");
    const testPlan = one(plan, T.testPlan);
    assert.equal(input(testPlan, "scheduleExpression"), "cron(0 6 ? * MON *)");
    assert.equal(input(testPlan, "recoveryPointSelection.algorithm"), "LATEST_WITHIN_WINDOW");
    assert.match(String(input(testPlan, "name")), /^[A-Za-z0-9_]{1,50}$/);
    const selection = one(plan, T.testSelection);
    assert.equal(input(selection, "protectedResourceType"), "RDS");
    assert.equal(input(selection, "restoreMetadataOverrides.dbsubnetgroupname"), "prod-db-subnets");
    assert.deepEqual(JSON.parse(String(input(selection, "restoreMetadataOverrides.vpcsecuritygroupids"))), [
      one(plan, "aws:ec2/securityGroup:SecurityGroup", "prod-db-sg").id,
    ]);
  });

  test("prod: backup, copy and restore failures go to the alarm topic, which lets EventBridge publish", async () => {
    const plan = await planOf("prod");
    const rules = ofType(plan, T.rule);
    const restore = rules.find(
      (r) => JSON.parse(String(input(r, "eventPattern")))["detail-type"][0] === "Restore Job State Change",
    );
    assert.ok(restore, "no rule on restore job failures");
    assert.deepEqual(JSON.parse(String(input(restore, "eventPattern"))), RESTORE_FAILURE_EVENTS);
    for (const target of ofType(plan, T.target)) assert.match(String(input(target, "arn")), /:prod-alarms$/);
    const topicPolicy = JSON.parse(String(input(one(plan, "aws:sns/topicPolicy:TopicPolicy"), "policy")));
    const events = topicPolicy.Statement.find((s: { Sid: string }) => s.Sid === "OwnEventRulesPublish");
    assert.deepEqual(events?.Principal, { Service: "events.amazonaws.com" });
    const keyPolicy = JSON.parse(String(input(one(plan, T.key, "prod-kms"), "policy")));
    assert.ok(
      keyPolicy.Statement.some((s: { Sid: string }) => s.Sid === "EventBridgePublishesToEncryptedTopic"),
      "EventBridge cannot publish to the KMS-encrypted topic without the key",
    );
  });
});

describe("a stack that cannot keep its recovery objectives is refused", () => {
  test("prod without its recovery region: the program stops, names the setting, registers nothing", async () => {
    let failure: ProgramFailure | undefined;
    try {
      await captureRegistrations(
        withConfig("prod", { "infra:recovery": { copyRegion: null, replicateAutomatedBackups: false } }),
      );
    } catch (error) {
      assert.ok(error instanceof ProgramFailure, String(error));
      failure = error;
    }
    assert.ok(failure, "the program ran");
    assert.match(failure.message, /^Invalid configuration for stack "prod"/);
    assert.ok(
      failure.message.includes(
        "  - infra:recovery.copyRegion: the prod tier promises to survive region-loss (infra:recovery.scenarios), but no copies in another region",
      ),
      failure.message,
    );
    assert.deepEqual(failure.registeredUrns, [
      `urn:pulumi:prod::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-prod`,
    ]);
  });
});

describe("docs/disaster-recovery.md", () => {
  test("is generated with the reports (fresh, checked by reports:check) and states every scenario of every stack", async () => {
    const files = generateReports(await Promise.all(STACKS.map(async (stack) => viewOf(stack))));
    const doc = files.find((f) => f.path === DISASTER_RECOVERY_DOC);
    assert.ok(doc, "generateReports does not produce the disaster recovery document");
    assert.equal(
      readFileSync(join(PROJECT_DIR, DISASTER_RECOVERY_DOC), "utf8"),
      doc.text,
      "stale: npm run reports",
    );
    for (const title of Object.values(SCENARIO_TITLES)) assert.ok(doc.text.includes(`### ${title}\n`), title);
    // Each stack's row in each scenario carries the figures the objectives compute.
    for (const stack of STACKS) {
      for (const p of scenarioPlans((await viewOf(stack)).settings)) {
        const section = doc.text.slice(doc.text.indexOf(`### ${p.title}`));
        const row = section.split("\n").find((l) => l.startsWith(`| \`${stack}\` |`));
        assert.ok(row, `${stack}: no row under ${p.title}`);
        if (p.missing) assert.ok(row.includes(p.missing), `${stack} ${p.scenario}: the gap is not stated`);
        else assert.ok(row.includes(p.from), `${stack} ${p.scenario}: recovers from ${p.from}`);
      }
    }
  });
});
