/**
 * Recovery objectives, proven from settings: for each scenario a tier promises to survive, how
 * much data it can lose (RPO) and how long it takes to serve again (RTO) with the backups the
 * settings build, what detects it, and how to recover. Pure data, no Pulumi: the program refuses a
 * stack whose settings cannot keep its promises (src/program.ts), and docs/disaster-recovery.md,
 * PARITY.md and the tests read the same figures.
 */
import {
  type EnvironmentSettings,
  RECOVERY_SCENARIOS,
  type RecoveryScenario,
  type RecoverySettings,
} from "../../model/settings";

/**
 * RDS uploads transaction logs to S3 every five minutes, so point-in-time restore reaches back to
 * at most five minutes before a failure.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_PIT.html
 */
export const PITR_LOG_INTERVAL_MINUTES = 5;
/**
 * Replicated automated backups: RDS "initiates a cross-Region copy of all snapshots and
 * transaction logs as soon as they are ready" (USER_ReplicateBackups). AWS publishes no bound
 * on the copy, so this project plans ten minutes on top of the log interval; a restore drill in
 * the recovery region (docs/disaster-recovery.md) shows the real lag as the latest restorable time.
 */
export const REPLICATED_LOG_RPO_MINUTES = PITR_LOG_INTERVAL_MINUTES + 10;
/**
 * A Multi-AZ DB instance fails over to its synchronous standby, typically in 60–120 seconds:
 * nothing committed is lost. https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZSingleStandby.html
 */
export const MULTI_AZ_FAILOVER_MINUTES = 2;
/**
 * AWS Backup starts no backup of an RDS instance from one hour before to the end of its
 * maintenance window (a one-hour weekly window, src/environment/data/database.ts): the scheduled
 * points in those two hours are lost, so locked recovery points can be this much further apart.
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/plan-options-and-configuration.html
 */
export const MAINTENANCE_BLOCK_MINUTES = 60 + 60;
/** Pointing the app at a restored database: one `pulumi up` of the secret and an instance refresh. */
export const SWITCHOVER_MINUTES = 15;
/**
 * RDS's default quota of manual DB snapshots per region, which AWS Backup's RDS recovery points
 * count against; ten are left for final snapshots and hand-made ones.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/CHAP_Limits.html
 */
export const RDS_MANUAL_SNAPSHOT_QUOTA = 100;
export const SNAPSHOT_HEADROOM = 10;
/** AWS Backup Vault Lock's 72-hour cooling-off: ChangeableForDays must be 3 or more (AWS::Backup::BackupVault LockConfigurationType). */
export const VAULT_LOCK_COOLING_OFF_DAYS = 3;

/** How one scenario is met: the figures and the settings they come from. */
export interface ScenarioPlan {
  readonly scenario: RecoveryScenario;
  readonly title: string;
  /** null: this stack has no way back from it (nothing to restore from). */
  readonly rpoMinutes: number | null;
  readonly rtoMinutes: number | null;
  /** The settings that decide the figures; a failing check names the first. */
  readonly keys: readonly string[];
  /** What this stack restores from. */
  readonly from: string;
  /** What tells on-call it happened. */
  readonly detection: string;
  /** Why there is no way back, when there is none. */
  readonly missing?: string;
}

export const SCENARIO_TITLES: Readonly<Record<RecoveryScenario, string>> = {
  "az-loss": "An availability zone is lost",
  "region-loss": "The region is lost",
  "data-corruption": "Data is corrupted or deleted",
  "account-compromise": "The AWS account is compromised",
  "bad-deploy": "A bad deploy",
  "console-change": "A change made in the console",
};

const hours = (h: number) => h * 60;

/** Every scenario, whether or not the tier promises it: what this stack's settings achieve. */
export function scenarioPlans(s: EnvironmentSettings): ScenarioPlan[] {
  const r = s.recovery;
  const restore = r.databaseRestoreMinutes;
  const alarms = s.monitoring.onCall ? "the alarms page on-call" : "the alarms notify the alarm topic";
  const interval = hours(r.backupIntervalHours);
  const plan = (p: Omit<ScenarioPlan, "title">): ScenarioPlan => ({
    ...p,
    title: SCENARIO_TITLES[p.scenario],
  });

  const regionLoss = (): ScenarioPlan => {
    const base = {
      scenario: "region-loss" as const,
      detection: `AWS Health and every alarm of the stack at once; ${alarms}`,
    };
    if (r.copyRegion === null) {
      return plan({
        ...base,
        rpoMinutes: null,
        rtoMinutes: null,
        keys: ["infra:recovery.copyRegion"],
        from: "nothing outside the region",
        missing: "no copies in another region (infra:recovery.copyRegion is null)",
      });
    }
    if (r.replicateAutomatedBackups) {
      return plan({
        ...base,
        rpoMinutes: REPLICATED_LOG_RPO_MINUTES,
        rtoMinutes: r.rebuildMinutes + restore,
        keys: [
          "infra:recovery.replicateAutomatedBackups",
          "infra:recovery.rebuildMinutes",
          "infra:recovery.databaseRestoreMinutes",
        ],
        from: `RDS automated backups replicated to ${r.copyRegion} (point-in-time restore)`,
      });
    }
    if (!r.backupPlan) {
      return plan({
        ...base,
        rpoMinutes: null,
        rtoMinutes: null,
        keys: ["infra:recovery.replicateAutomatedBackups", "infra:recovery.backupPlan"],
        from: "nothing outside the region",
        missing: `${r.copyRegion} receives nothing: no backup plan to copy and no replicated automated backups`,
      });
    }
    return plan({
      ...base,
      rpoMinutes: interval + MAINTENANCE_BLOCK_MINUTES,
      rtoMinutes: r.rebuildMinutes + restore,
      keys: [
        "infra:recovery.replicateAutomatedBackups",
        "infra:recovery.backupIntervalHours",
        "infra:recovery.rebuildMinutes",
        "infra:recovery.databaseRestoreMinutes",
      ],
      from: `AWS Backup recovery points copied to ${r.copyRegion}`,
    });
  };

  const accountCompromise = (): ScenarioPlan => {
    const base = {
      scenario: "account-compromise" as const,
      detection:
        "CloudTrail (the audit trail) shows the intruder; the alarms fire as resources disappear; AWS Backup's copy and backup-job failures reach the alarm topic",
    };
    if (!r.backupPlan || !r.vaultLock) {
      return plan({
        ...base,
        rpoMinutes: null,
        rtoMinutes: null,
        keys: ["infra:recovery.vaultLock", "infra:recovery.backupPlan"],
        from: "nothing an administrator of the account cannot delete",
        missing: "no recovery point is locked against deletion (infra:recovery.vaultLock)",
      });
    }
    return plan({
      ...base,
      rpoMinutes: interval + MAINTENANCE_BLOCK_MINUTES,
      rtoMinutes: r.rebuildMinutes + restore,
      keys: [
        "infra:recovery.backupIntervalHours",
        "infra:recovery.rebuildMinutes",
        "infra:recovery.databaseRestoreMinutes",
      ],
      from: `recovery points in the compliance-mode locked vault${r.copyRegion ? ` (and its copy in ${r.copyRegion})` : ""}`,
    });
  };

  // Point-in-time restore is always there: RDS keeps 1–35 days of automated backups (the schema
  // refuses 0), so in-region losses cost at most the log interval.
  const days = s.database.backupRetentionDays;
  const pitr = `RDS point-in-time restore (${days} day${days === 1 ? "" : "s"} of automated backups)`;
  return [
    s.database.multiAz
      ? plan({
          scenario: "az-loss",
          rpoMinutes: 0,
          rtoMinutes: MULTI_AZ_FAILOVER_MINUTES,
          keys: ["infra:database.multiAz"],
          from: "the Multi-AZ standby (synchronous), the other AZs' app servers and NAT gateways",
          detection: `RDS failover events; the load balancer's unhealthy-host and 5xx alarms; ${alarms}`,
        })
      : plan({
          scenario: "az-loss",
          rpoMinutes: PITR_LOG_INTERVAL_MINUTES,
          rtoMinutes: restore + SWITCHOVER_MINUTES,
          keys: ["infra:database.multiAz", "infra:recovery.databaseRestoreMinutes"],
          from: `${pitr}, restored into a surviving AZ`,
          detection: `the database and app alarms; ${alarms}`,
        }),
    regionLoss(),
    plan({
      scenario: "data-corruption",
      rpoMinutes: PITR_LOG_INTERVAL_MINUTES,
      rtoMinutes: restore + SWITCHOVER_MINUTES,
      keys: ["infra:database.backupRetentionDays", "infra:recovery.databaseRestoreMinutes"],
      from: pitr,
      detection: "the app's error rate alarm, or a person; CloudTrail says who deleted what",
    }),
    accountCompromise(),
    plan({
      scenario: "bad-deploy",
      // The app rolls back on its own; a release that damaged data is restored like corruption.
      rpoMinutes: PITR_LOG_INTERVAL_MINUTES,
      rtoMinutes: restore + SWITCHOVER_MINUTES,
      keys: ["infra:database.backupRetentionDays", "infra:recovery.databaseRestoreMinutes"],
      from: `the previous release (automatic rollback on the alarms) and ${pitr}`,
      detection: "the rollback alarms during the rollout; the plan diff before it",
    }),
    plan({
      scenario: "console-change",
      // Configuration, not data: `pulumi up` puts it back.
      rpoMinutes: 0,
      rtoMinutes: r.rebuildMinutes,
      keys: ["infra:recovery.rebuildMinutes"],
      from: "the code on main (`pulumi up` of the stack)",
      detection: "the daily drift workflow (.github/workflows/drift.yml) opens an issue with the diff",
    }),
  ];
}

/**
 * Why this stack's settings cannot keep its recovery promises, one line per problem, each naming
 * the setting to change. Empty when every promised scenario is met within the RPO and RTO.
 */
export function recoveryProblems(s: EnvironmentSettings): string[] {
  const r = s.recovery;
  const problems: string[] = [];
  const promised = new Set(r.scenarios);
  const unset = new Set<string>();
  for (const p of scenarioPlans(s).filter((p) => promised.has(p.scenario))) {
    if (p.missing !== undefined || p.rpoMinutes === null || p.rtoMinutes === null) {
      problems.push(
        `${p.keys[0]}: the ${s.tier} tier promises to survive ${p.scenario} (infra:recovery.scenarios), but ${p.missing ?? "there is nothing to recover from"}`,
      );
      continue;
    }
    // An account compromise has its own RPO: only locked recovery points survive it.
    const rpoKey = p.scenario === "account-compromise" ? "compromiseRpoMinutes" : "rpoMinutes";
    const rpo = r[rpoKey];
    if (rpo === null || r.rtoMinutes === null) {
      const key = rpo === null ? rpoKey : "rtoMinutes";
      if (!unset.has(key))
        problems.push(
          `infra:recovery.${key}: null, but infra:recovery.scenarios lists ${p.scenario}; a promised scenario needs an RPO and an RTO`,
        );
      unset.add(key);
      continue;
    }
    if (p.rpoMinutes > rpo)
      problems.push(
        `${p.keys[0]}: ${p.scenario} loses up to ${p.rpoMinutes} minutes of data (${p.from}), more than infra:recovery.${rpoKey} ${rpo}`,
      );
    if (p.rtoMinutes > r.rtoMinutes) {
      const timeKeys = p.keys.filter((k) => /Minutes$|multiAz$/.test(k));
      const sum = timeKeys.length > 1 ? ` (${timeKeys.join(" + ")})` : "";
      problems.push(
        `${timeKeys[0] ?? p.keys[0]}: ${p.scenario} takes about ${p.rtoMinutes} minutes to recover${sum}, more than infra:recovery.rtoMinutes ${r.rtoMinutes}`,
      );
    }
  }
  problems.push(...backupPlanProblems(s.region, r));
  return problems;
}

/** What AWS itself would refuse, or what would silently not work, in the backup settings. */
function backupPlanProblems(region: string, r: RecoverySettings): string[] {
  const problems: string[] = [];
  if (r.copyRegion !== null && r.copyRegion === region)
    problems.push(
      `infra:recovery.copyRegion: got "${r.copyRegion}", the stack's own region; copies must go to another region`,
    );
  if (r.vaultLock && !r.backupPlan)
    problems.push(
      "infra:recovery.vaultLock: true without infra:recovery.backupPlan; there is no vault to lock",
    );
  if (r.restoreTesting && !r.backupPlan)
    problems.push(
      "infra:recovery.restoreTesting: true without infra:recovery.backupPlan; restore tests restore the vault's recovery points",
    );
  if (r.replicateAutomatedBackups && r.copyRegion === null)
    problems.push(
      "infra:recovery.replicateAutomatedBackups: true without infra:recovery.copyRegion; name the region to replicate to",
    );
  if (r.backupPlan) {
    const kept = recoveryPointsKept(r);
    if (kept > RDS_MANUAL_SNAPSHOT_QUOTA - SNAPSHOT_HEADROOM)
      problems.push(
        `infra:recovery.backupRetentionDays: ${r.backupRetentionDays} days of ${r.backupIntervalHours}-hourly recovery points keeps ${kept} RDS snapshots, more than the ${RDS_MANUAL_SNAPSHOT_QUOTA - SNAPSHOT_HEADROOM} that fit RDS's default quota of ${RDS_MANUAL_SNAPSHOT_QUOTA} manual snapshots per region (with ${SNAPSHOT_HEADROOM} left for final snapshots); keep fewer days or back up less often`,
      );
    if (r.copyRegion !== null) {
      const copies = (24 / r.backupIntervalHours) * r.copyRetentionDays;
      if (copies > RDS_MANUAL_SNAPSHOT_QUOTA - SNAPSHOT_HEADROOM)
        problems.push(
          `infra:recovery.copyRetentionDays: ${r.copyRetentionDays} days of copies keeps ${copies} RDS snapshots in ${r.copyRegion}, more than the ${RDS_MANUAL_SNAPSHOT_QUOTA - SNAPSHOT_HEADROOM} that fit its default quota`,
        );
    }
    if (r.vaultLock && Math.min(r.backupRetentionDays, r.copyRetentionDays) < 1)
      problems.push("infra:recovery.backupRetentionDays: a locked vault needs a retention of at least 1 day");
  }
  return problems;
}

/** Recovery points of the database the primary vault holds at any time. */
export function recoveryPointsKept(r: RecoverySettings): number {
  return (24 / r.backupIntervalHours) * r.backupRetentionDays;
}

/** AWS Backup's cron for a rule every `hours` hours, at minute 0 (UTC); daily ones at 05:00, after RDS's 03:00–04:00 backup window. */
export function backupSchedule(intervalHours: number): string {
  return intervalHours === 24 ? "cron(0 5 ? * * *)" : `cron(0 */${intervalHours} ? * * *)`;
}

/** Restore testing plan and selection names: 1–50 letters, digits and underscores (AWS Backup API). */
export function restoreTestingName(stack: string, suffix: string): string {
  return `${stack.replace(/[^A-Za-z0-9]/g, "_")}_${suffix}`.slice(0, 50);
}

/** Every scenario, in the order docs and reports list them. */
export const ALL_SCENARIOS: readonly RecoveryScenario[] = RECOVERY_SCENARIOS;
