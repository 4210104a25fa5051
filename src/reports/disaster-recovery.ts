/**
 * docs/disaster-recovery.md, generated from every stack's settings and plan: each tier's
 * objectives, and for each scenario (AZ loss, region loss, data corruption, account compromise,
 * a bad deploy, a console change) the RPO and RTO each stack achieves, what detects it, what it
 * recovers from and the steps with their commands. The figures come from
 * src/environment/recovery/objectives.ts, the same functions that refuse a stack which cannot
 * keep its promises, and the names (vaults, database, regions) from the settings: the document
 * cannot drift from the program. Pure.
 */
import type { EnvironmentSettings, RecoveryScenario } from "../model/settings";
import { SECRET_PATHS, secretName } from "../model/names";
import {
  ALL_SCENARIOS,
  MAINTENANCE_BLOCK_MINUTES,
  PITR_LOG_INTERVAL_MINUTES,
  REPLICATED_LOG_RPO_MINUTES,
  type ScenarioPlan,
  SCENARIO_TITLES,
  scenarioPlans,
} from "../environment/recovery/objectives";
import { byTier, cell } from "./parity/report";
import type { StackView } from "./parity/parity";

export const DISASTER_RECOVERY_DOC = "docs/disaster-recovery.md";

const minutes = (m: number | null): string => {
  if (m === null) return "—";
  if (m === 0) return "0";
  if (m >= 60) return m % 60 === 0 ? `${m / 60} h` : `${Math.floor(m / 60)} h ${m % 60} min`;
  return `${m} min`;
};

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${header.map(cell).join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`),
  ];
}

/** The names a runbook command needs, for one stack. */
interface Names {
  readonly stack: string;
  readonly region: string;
  readonly copyRegion: string;
  readonly db: string;
  readonly vault: string;
  readonly copyVault: string;
  readonly asg: string;
  readonly dbSecret: string;
  readonly subnetGroup: string;
}

function namesOf(s: EnvironmentSettings): Names {
  return {
    stack: s.stack,
    region: s.region,
    copyRegion: s.recovery.copyRegion ?? "<recovery-region>",
    db: `${s.stack}-db`,
    vault: `${s.stack}-backup-vault`,
    copyVault: `${s.stack}-backup-vault-copy`,
    asg: `${s.stack}-app-asg`,
    dbSecret: secretName(s.environment, SECRET_PATHS.database),
    subnetGroup: `${s.stack}-db-subnets`,
  };
}

/** Recovery steps per scenario, with commands for one stack (the first prod-tier stack's names). */
function steps(scenario: RecoveryScenario, n: Names): string[] {
  switch (scenario) {
    case "az-loss":
      return [
        "1. Nothing to start by hand on a Multi-AZ stack: RDS fails over to the standby, Redis promotes its replica, the auto-scaling group launches replacements in the remaining AZs and the load balancer stops routing to the lost one. Watch it happen:",
        "   ```sh",
        `   aws rds describe-events --region ${n.region} --source-type db-instance --source-identifier ${n.db} --duration 120`,
        `   aws autoscaling describe-auto-scaling-groups --region ${n.region} --auto-scaling-group-names ${n.asg} --query 'AutoScalingGroups[0].Instances[].[AvailabilityZone,HealthStatus]'`,
        "   ```",
        "2. On a stack without Multi-AZ, restore the database into a surviving AZ as under “Data is corrupted or deleted”, with `--use-latest-restorable-time`.",
        "3. When the AZ is back, nothing to undo: the group rebalances across AZs on its own.",
      ];
    case "region-loss":
      return [
        `1. Declare the disaster; stop deploys to \`${n.stack}\` (its region is gone). Note the latest restorable time of the replicated automated backups in ${n.copyRegion}:`,
        "   ```sh",
        `   aws rds describe-db-instance-automated-backups --region ${n.copyRegion} --db-instance-identifier ${n.db} \\`,
        "     --query 'DBInstanceAutomatedBackups[0].[DBInstanceAutomatedBackupsArn,RestoreWindow.LatestTime]'",
        `   aws backup list-recovery-points-by-backup-vault --region ${n.copyRegion} --backup-vault-name ${n.copyVault} --max-results 5`,
        "   ```",
        `2. Create the stack in the recovery region: copy \`Pulumi.${n.stack}.yaml\` to \`Pulumi.${n.stack}-dr.yaml\`, set \`aws:region: ${n.copyRegion}\`, that region's AZs, an unused \`infra:network.cidr\` and \`infra:recovery.copyRegion\` to a third region (or back to ${n.region} once it returns). Then build it (empty database):`,
        "   ```sh",
        `   pulumi stack init ${n.stack}-dr && pulumi up --stack ${n.stack}-dr   # INFRA_HOTFIX_APPROVER/REASON outside the deploy window`,
        "   ```",
        `3. Restore the replicated backups (point in time) beside the new, empty database, in its subnets and security group:`,
        "   ```sh",
        `   aws rds restore-db-instance-to-point-in-time --region ${n.copyRegion} \\`,
        "     --source-db-instance-automated-backups-arn <DBInstanceAutomatedBackupsArn from step 1> \\",
        `     --target-db-instance-identifier ${n.stack}-dr-db-restored --use-latest-restorable-time \\`,
        `     --db-subnet-group-name ${n.stack}-dr-db-subnets --vpc-security-group-ids <the stack's db security group id> --multi-az`,
        "   ```",
        `   Without replicated backups, restore the newest copy in \`${n.copyVault}\` instead: \`aws backup start-restore-job --region ${n.copyRegion} --recovery-point-arn <arn> --iam-role-arn <the backup role> --metadata …\`.`,
        `4. Put the restored instance under the stack: unprotect and forget the empty one, import the restored one under the stack's fixed identifier, and give it the stack's database password (its secret is the DR stack's own):`,
        "   ```sh",
        `   pulumi state unprotect --stack ${n.stack}-dr '<urn of ${n.stack}-dr-db>' && pulumi state delete --stack ${n.stack}-dr '<urn of ${n.stack}-dr-db>'`,
        `   aws rds delete-db-instance --region ${n.copyRegion} --db-instance-identifier ${n.stack}-dr-db --skip-final-snapshot   # the empty one (remove its deletion protection first)`,
        `   aws rds modify-db-instance --region ${n.copyRegion} --db-instance-identifier ${n.stack}-dr-db-restored --new-db-instance-identifier ${n.stack}-dr-db --apply-immediately`,
        `   pulumi import --stack ${n.stack}-dr aws:rds/instance:Instance ${n.stack}-dr-db ${n.stack}-dr-db --parent 'env=<urn of the Environment component>'   # imported by identifier`,
        `   aws rds modify-db-instance --region ${n.copyRegion} --db-instance-identifier ${n.stack}-dr-db --apply-immediately \\`,
        `     --master-user-password "$(aws secretsmanager get-secret-value --region ${n.copyRegion} --secret-id ${n.dbSecret} --query SecretString --output text | jq -r .password)"`,
        "   ```",
        `5. Point the public name at the new stack (its CloudFront or ALB alias record), check the app, then tell users how much data was lost: the gap between the failure and the latest restorable time.`,
      ];
    case "data-corruption":
      return [
        "1. Find the last good moment (UTC): the app's logs, the alarm that fired, or CloudTrail for who deleted what.",
        `2. Restore that moment to a new instance beside the live one (the live database keeps serving):`,
        "   ```sh",
        `   aws rds restore-db-instance-to-point-in-time --region ${n.region} --source-db-instance-identifier ${n.db} \\`,
        `     --target-db-instance-identifier ${n.db}-pitr --restore-time 2026-01-31T09:59:00Z \\`,
        `     --db-subnet-group-name ${n.subnetGroup} --vpc-security-group-ids <the db security group id>`,
        "   ```",
        `   Older than the automated backups' retention? Restore a recovery point from \`${n.vault}\` with \`aws backup start-restore-job\`.`,
        `3. Copy the damaged rows or tables back (everything written since keeps its data), e.g. \`pg_dump --table=<table> -h <${n.db}-pitr endpoint> | psql -h <${n.db} endpoint>\`; or, if the damage is everywhere, swap the whole database as in “The region is lost”, step 4.`,
        `4. Delete the temporary instance: \`aws rds delete-db-instance --region ${n.region} --db-instance-identifier ${n.db}-pitr --skip-final-snapshot\`.`,
      ];
    case "account-compromise":
      return [
        "1. Contain: sign in as root (MFA), revoke the intruder's sessions and keys, and open an AWS Support case. Revoke every session issued so far on each role:",
        "   ```sh",
        `   aws iam put-role-policy --role-name <role> --policy-name AWSRevokeOlderSessions --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"DateLessThan":{"aws:TokenIssueTime":"<now, UTC>"}}}]}'`,
        "   ```",
        `2. The locked recovery points cannot have been deleted (Vault Lock, compliance mode; not even root can). List what is left:`,
        "   ```sh",
        `   aws backup list-recovery-points-by-backup-vault --region ${n.region} --backup-vault-name ${n.vault}`,
        `   aws backup list-recovery-points-by-backup-vault --region ${n.copyRegion} --backup-vault-name ${n.copyVault}`,
        "   ```",
        `3. Rebuild from code in a clean account (a new stack file whose \`aws:allowedAccountIds\` names it) and restore the newest clean recovery point there, as in “The region is lost”, steps 2–5; with AWS Organizations, copy the recovery point across first with \`aws backup start-copy-job\`. Rotate every secret the intruder could read.`,
      ];
    case "bad-deploy":
      return [
        `1. A rollout that trips the rollback alarms rolls itself back (instance refresh and AppConfig). To roll back by hand: \`aws autoscaling rollback-instance-refresh --region ${n.region} --auto-scaling-group-name ${n.asg}\` (docs/operations.md, “Manual rollback”).`,
        "2. An infrastructure change: revert the commit on main and release again (docs/promotion.md); the plan diff shows what the revert changes.",
        "3. If the release damaged data, restore it as under “Data is corrupted or deleted”.",
      ];
    case "console-change":
      return [
        `1. The drift workflow's issue (“Drift detected on ${n.stack}”) carries the diff. Reproduce it: \`pulumi preview --refresh --stack ${n.stack} --diff\`.`,
        "2. Decide: if the change was right, put it in the code or stack file through a pull request; if not, let Pulumi put AWS back:",
        "   ```sh",
        `   pulumi up --refresh --stack ${n.stack}   # prod: inside the deploy window, or the hotfix path`,
        "   ```",
        "3. The next drift run closes the issue once the stack is clean.",
      ];
  }
}

/** The document. */
export function renderDisasterRecoveryDoc(views: readonly StackView[]): string {
  const ordered = byTier(views);
  const plans = new Map(ordered.map((v) => [v.stack, scenarioPlans(v.settings)]));
  const example = ordered.find((v) => v.settings.tier === "prod") ?? ordered.at(-1);
  const n = example ? namesOf(example.settings) : undefined;
  const lines: string[] = [
    "# Disaster recovery",
    "",
    "<!-- Generated by `npm run reports` from src/environment/recovery/objectives.ts and the stack files; do not edit. -->",
    "",
    "What each environment promises to survive, how much data (RPO) and time (RTO) each scenario",
    "costs with the backups the stack builds, what detects it, and how to recover. The program",
    "refuses a stack whose settings cannot keep its tier's promise (`infra:recovery`,",
    "docs/configuration.md), naming the setting; the figures below are the same computation.",
    "",
    "RTO counts from the decision to recover to serving again; detection comes first and is listed",
    `separately. Restore times are the \`infra:recovery.databaseRestoreMinutes\` estimate, which`,
    "prod's weekly restore test measures for real (the restore job's duration in AWS Backup):",
    "when it measures more, raise the setting and the check says whether the RTO still holds.",
    "",
    "## Objectives",
    "",
    ...table(
      [
        "stack",
        "tier",
        "RPO",
        "RPO, account compromised",
        "RTO",
        "promised scenarios",
        "recovery points",
        "copies",
        "vault lock",
        "restore tests",
      ],
      ordered.map((v) => {
        const r = v.settings.recovery;
        return [
          `\`${v.stack}\``,
          v.settings.tier,
          minutes(r.rpoMinutes),
          minutes(r.compromiseRpoMinutes),
          minutes(r.rtoMinutes),
          r.scenarios.length ? r.scenarios.join(", ") : "none",
          r.backupPlan
            ? `every ${r.backupIntervalHours} h, kept ${r.backupRetentionDays} d`
            : "RDS automated backups only",
          r.copyRegion
            ? `${r.copyRegion}${r.replicateAutomatedBackups ? " + replicated automated backups" : ""}`
            : "none",
          r.vaultLock ? "compliance mode" : "no",
          r.restoreTesting ? `\`${r.restoreTestingSchedule}\`` : "no",
        ];
      }),
    ),
    "",
    "Why these objectives (the specification's availability row): dev “can go down anytime” on",
    "synthetic data, so it promises nothing; staging is “best effort 99%+” (about seven hours a",
    "month), so a day of data and a day to recover, inside its region; prod is “SLA 99.9%+”, 43",
    "minutes a month or 8.8 hours a year, so four hours to recover fits one regional disaster a",
    `year; an hour of data is the most a scenario may cost: in-region losses cost at most RDS's`,
    `${PITR_LOG_INTERVAL_MINUTES}-minute transaction-log interval and a region loss about ${REPLICATED_LOG_RPO_MINUTES} minutes (replicated logs, planned`,
    "with a margin: AWS publishes no bound). A compromised account is the exception, with its own",
    "objective: only the locked recovery points survive it, and AWS Backup starts no RDS backup",
    `from an hour before to the end of the weekly maintenance window, so they can be the backup`,
    `interval plus ${MAINTENANCE_BLOCK_MINUTES} minutes apart.`,
    "",
    "## Scenarios",
    "",
  ];
  for (const scenario of ALL_SCENARIOS) {
    lines.push(`### ${SCENARIO_TITLES[scenario]}`, "");
    const rows = ordered.map((v) => {
      const p = plans.get(v.stack)!.find((x) => x.scenario === scenario) as ScenarioPlan;
      const promised = v.settings.recovery.scenarios.includes(scenario);
      return [
        `\`${v.stack}\``,
        promised ? "yes" : "no",
        p.missing ? "—" : minutes(p.rpoMinutes),
        p.missing ? "—" : minutes(p.rtoMinutes),
        p.missing ? `no way back: ${p.missing}` : p.from,
      ];
    });
    lines.push(...table(["stack", "promised", "RPO", "RTO", "recovers from"], rows), "");
    const detection = plans.get(example?.stack ?? "")?.find((x) => x.scenario === scenario)?.detection;
    if (detection) lines.push(`**Detected by:** ${detection}.`, "");
    if (n) lines.push(`**Recovery** (commands for \`${n.stack}\`):`, "", ...steps(scenario, n), "");
  }
  lines.push(
    "## When a restore test or a backup fails",
    "",
    "AWS Backup's failed backup, copy and restore jobs (restore tests included) reach the alarm",
    "topic through EventBridge. Find out why, fix it, and run the test again by hand:",
    "",
    "```sh",
    n
      ? `aws backup list-restore-jobs --region ${n.region} --by-status FAILED --max-results 5`
      : "aws backup list-restore-jobs --by-status FAILED --max-results 5",
    "aws backup describe-restore-job --restore-job-id <id>   # StatusMessage says why",
    n
      ? `aws backup list-backup-jobs --region ${n.region} --by-backup-vault-name ${n.vault} --by-state FAILED`
      : "aws backup list-backup-jobs --by-state FAILED",
    "```",
    "",
    "## Changing retention on a locked vault",
    "",
    "A compliance-mode Vault Lock becomes immutable three days after it is applied. Its minimum",
    "retention is `infra:recovery.backupRetentionDays` (`copyRetentionDays` for the copy vault) at that",
    "time: raising the retention later is fine, lowering it below the locked minimum makes every",
    "backup or copy job into that vault fail (and page). To shorten retention, create a new vault",
    "(rename the stack's vault suffix in a reviewed change) and let the old one's points expire.",
    "",
    "These runbooks have not been exercised against a real account from this repository (it has",
    "none); run each once in a game day before relying on it, and record the measured times in",
    "`infra:recovery`.",
    "",
  );
  return lines.join("\n");
}
