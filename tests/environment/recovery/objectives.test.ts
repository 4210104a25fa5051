/**
 * Recovery objectives (src/environment/recovery/objectives.ts): every committed stack keeps its
 * tier's promises, and each way of breaking a promise is refused with a line naming the setting
 * to change. The settings come from the real resolver, so a tier default that stops meeting its
 * own objective fails here too.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { resolveSettings } from "../../../src/config/resolve";
import { projectName, readStackFile } from "../../../src/config/stack-files";
import type { EnvironmentSettings } from "../../../src/model/settings";
import {
  backupSchedule,
  recoveryPointsKept,
  recoveryProblems,
  restoreTestingName,
  scenarioPlans,
} from "../../../src/environment/recovery/objectives";
import { restoreTestsPerMonth } from "../../../src/reports/cost/estimate";
import { PROD_BASE, STAGING_BASE } from "../../support/bad-configs";
import { PROJECT_DIR } from "../../support/plans";

const PROJECT = projectName(PROJECT_DIR);

function settingsOf(stack: string): EnvironmentSettings {
  const file = readStackFile(PROJECT_DIR, stack, PROJECT);
  return resolveSettings({ project: PROJECT, stack, config: file.config, secretKeys: file.secretKeys })
    .settings;
}

/** Prod (or staging) settings with some infra:recovery / infra:database keys set. */
function withKeys(base: "prod" | "staging", keys: Record<string, unknown>): EnvironmentSettings {
  const config = { ...(base === "prod" ? PROD_BASE : STAGING_BASE) };
  for (const [key, value] of Object.entries(keys)) config[key] = JSON.stringify(value);
  return resolveSettings({ project: PROJECT, stack: base, config }).settings;
}

const recovery = (patch: Record<string, unknown>) => ({ "infra:recovery": patch });

describe("recovery objectives of the committed stacks", () => {
  for (const stack of ["dev", "staging", "prod"]) {
    test(`${stack}: every promised scenario is met within its RPO and RTO`, () => {
      assert.deepEqual(recoveryProblems(settingsOf(stack)), []);
    });
  }

  test("prod survives every scenario within four hours, an hour of data (three if the account is compromised)", () => {
    const s = settingsOf("prod");
    for (const plan of scenarioPlans(s)) {
      const rpo = plan.scenario === "account-compromise" ? 180 : 60;
      assert.ok(
        plan.rpoMinutes !== null && plan.rpoMinutes <= rpo,
        `${plan.scenario}: RPO ${plan.rpoMinutes}`,
      );
      assert.ok(
        plan.rtoMinutes !== null && plan.rtoMinutes <= 240,
        `${plan.scenario}: RTO ${plan.rtoMinutes}`,
      );
    }
  });

  test("dev promises nothing, and has no way back from a region or account loss", () => {
    const s = settingsOf("dev");
    assert.equal(s.recovery.rpoMinutes, null);
    const missing = scenarioPlans(s)
      .filter((p) => p.missing !== undefined)
      .map((p) => p.scenario);
    assert.deepEqual(missing, ["region-loss", "account-compromise"]);
  });
});

describe("a change that breaks an objective is refused, naming the setting", () => {
  const cases: { name: string; settings: () => EnvironmentSettings; expected: string[] }[] = [
    {
      name: "prod without a recovery region cannot survive a region loss",
      settings: () => withKeys("prod", recovery({ copyRegion: null, replicateAutomatedBackups: false })),
      expected: [
        "infra:recovery.copyRegion: the prod tier promises to survive region-loss (infra:recovery.scenarios), but no copies in another region (infra:recovery.copyRegion is null)",
      ],
    },
    {
      name: "prod without the vault lock cannot survive an account compromise",
      settings: () => withKeys("prod", recovery({ vaultLock: false })),
      expected: [
        "infra:recovery.vaultLock: the prod tier promises to survive account-compromise (infra:recovery.scenarios), but no recovery point is locked against deletion (infra:recovery.vaultLock)",
      ],
    },
    {
      name: "backing up every 2 hours loses more than the three hours prod promises for a compromised account",
      settings: () => withKeys("prod", recovery({ backupIntervalHours: 2 })),
      expected: [
        "infra:recovery.backupIntervalHours: account-compromise loses up to 240 minutes of data (recovery points in the compliance-mode locked vault (and its copy in us-west-2)), more than infra:recovery.compromiseRpoMinutes 180",
      ],
    },
    {
      name: "without replicated automated backups, a region loss costs a backup interval and the maintenance block",
      settings: () => withKeys("prod", recovery({ replicateAutomatedBackups: false })),
      expected: [
        "infra:recovery.replicateAutomatedBackups: region-loss loses up to 180 minutes of data (AWS Backup recovery points copied to us-west-2), more than infra:recovery.rpoMinutes 60",
      ],
    },
    {
      name: "a slower restore breaks prod's four hours",
      settings: () => withKeys("prod", recovery({ databaseRestoreMinutes: 200 })),
      expected: [
        "infra:recovery.rebuildMinutes: region-loss takes about 260 minutes to recover (infra:recovery.rebuildMinutes + infra:recovery.databaseRestoreMinutes), more than infra:recovery.rtoMinutes 240",
        "infra:recovery.rebuildMinutes: account-compromise takes about 260 minutes to recover (infra:recovery.rebuildMinutes + infra:recovery.databaseRestoreMinutes), more than infra:recovery.rtoMinutes 240",
      ],
    },
    {
      name: "staging without Multi-AZ must restore within its day; a three-day restore does not",
      settings: () => withKeys("staging", recovery({ databaseRestoreMinutes: 4320 })),
      expected: [
        "infra:database.multiAz: az-loss takes about 4335 minutes to recover (infra:database.multiAz + infra:recovery.databaseRestoreMinutes), more than infra:recovery.rtoMinutes 1440",
        "infra:recovery.databaseRestoreMinutes: data-corruption takes about 4335 minutes to recover, more than infra:recovery.rtoMinutes 1440",
        "infra:recovery.databaseRestoreMinutes: bad-deploy takes about 4335 minutes to recover, more than infra:recovery.rtoMinutes 1440",
      ],
    },
    {
      name: "hourly points kept five days overflow RDS's snapshot quota",
      settings: () => withKeys("prod", recovery({ backupRetentionDays: 5 })),
      expected: [
        "infra:recovery.backupRetentionDays: 5 days of 1-hourly recovery points keeps 120 RDS snapshots, more than the 90 that fit RDS's default quota of 100 manual snapshots per region (with 10 left for final snapshots); keep fewer days or back up less often",
      ],
    },
    {
      name: "copies into the stack's own region",
      settings: () => withKeys("prod", recovery({ copyRegion: "us-east-1" })),
      expected: [
        'infra:recovery.copyRegion: got "us-east-1", the stack\'s own region; copies must go to another region',
      ],
    },
    {
      name: "a promise without an objective",
      settings: () => withKeys("staging", recovery({ rpoMinutes: null })),
      expected: [
        "infra:recovery.rpoMinutes: null, but infra:recovery.scenarios lists az-loss; a promised scenario needs an RPO and an RTO",
      ],
    },
    {
      name: "a lock, a restore test or replication with nothing to act on",
      settings: () =>
        withKeys(
          "staging",
          recovery({
            backupPlan: false,
            vaultLock: true,
            restoreTesting: true,
            replicateAutomatedBackups: true,
          }),
        ),
      expected: [
        "infra:recovery.vaultLock: true without infra:recovery.backupPlan; there is no vault to lock",
        "infra:recovery.restoreTesting: true without infra:recovery.backupPlan; restore tests restore the vault's recovery points",
        "infra:recovery.replicateAutomatedBackups: true without infra:recovery.copyRegion; name the region to replicate to",
      ],
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      assert.deepEqual(recoveryProblems(c.settings()), c.expected);
    });
  }
});

describe("recovery helpers", () => {
  test("backup schedules: hourly to daily, daily after RDS's backup window", () => {
    assert.equal(backupSchedule(1), "cron(0 */1 ? * * *)");
    assert.equal(backupSchedule(6), "cron(0 */6 ? * * *)");
    assert.equal(backupSchedule(24), "cron(0 5 ? * * *)");
  });

  test("recovery points kept: per day times days", () => {
    assert.equal(recoveryPointsKept(settingsOf("prod").recovery), 72);
    assert.equal(recoveryPointsKept(settingsOf("staging").recovery), 7);
  });

  test("restore testing names: letters, digits and underscores, at most 50", () => {
    assert.equal(restoreTestingName("prod-eu", "restore_test"), "prod_eu_restore_test");
    assert.match(restoreTestingName("x".repeat(60), "database"), /^[A-Za-z0-9_]{50}$/);
  });

  test("restore tests per month from the schedule", () => {
    assert.equal(restoreTestsPerMonth("cron(0 6 ? * MON *)").toFixed(2), "4.33");
    assert.equal(restoreTestsPerMonth("cron(0 6 ? * MON,THU *)").toFixed(2), "8.67");
    assert.equal(restoreTestsPerMonth("cron(0 6 1 * ? *)"), 1);
    assert.equal(restoreTestsPerMonth("cron(0 6 * * ? *)").toFixed(2), "30.42");
  });
});
