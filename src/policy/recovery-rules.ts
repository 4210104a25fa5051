/**
 * Policy rules for disaster recovery (src/environment/recovery/): on prod, the database's
 * recovery points live in an encrypted, compliance-locked AWS Backup vault, are copied to a
 * second region, RDS's automated backups are replicated there, restores are tested on a schedule,
 * and backup and restore failures reach the alarm topic. Each rule fails when its part is removed
 * from a prod plan; they are part of RULES (./rules.ts), so the pack, the offline tests and
 * docs/policy-rules.md all carry them.
 */
import { T } from "../model/resource-types";
import { known, type Rule, type RuleResource, type StackRule, type Violation } from "./rule";

/** The types these rules read (src/model/resource-types.ts). */
export const RECOVERY_TYPES = {
  rdsInstance: T.rdsInstance,
  vault: T.backupVault,
  vaultLock: T.backupVaultLock,
  plan: T.backupPlan,
  selection: T.backupSelection,
  restoreTestingPlan: T.backupRestoreTestingPlan,
  restoreTestingSelection: T.backupRestoreTestingSelection,
  backupReplication: T.rdsAutomatedBackupsReplication,
  eventRule: T.eventRule,
  eventTarget: T.eventTarget,
} as const;
const R = RECOVERY_TYPES;

const PROD_ONLY = {
  tiers: ["prod"] as const,
  tiersReason:
    "dev promises no recovery and staging only in-region recovery of a sanitized copy (infra:recovery); prod promises every scenario",
};
const REFERENCES = [
  { source: "project" as const, id: "Production: backup and disaster recovery; disaster recovery plan" },
];

const stackRule = (rule: Omit<StackRule, "kind">): StackRule => ({ kind: "stack", ...rule });
const violation = (r: RuleResource, message: string): Violation => ({ urn: r.urn, name: r.name, message });
const ofType = (all: readonly RuleResource[], type: string) => all.filter((r) => r.type === type);
/** Resources of a type that depend on the target (reference it in their inputs). */
const dependents = (all: readonly RuleResource[], target: RuleResource, type: string) =>
  all.filter((r) => r.type === type && r.dependencies.includes(target.urn));
const dependencies = (all: readonly RuleResource[], of: RuleResource, type: string) =>
  all.filter((r) => r.type === type && of.dependencies.includes(r.urn));

/** The backup plans whose selections cover a database. */
function plansCovering(all: readonly RuleResource[], db: RuleResource): RuleResource[] {
  return dependents(all, db, R.selection).flatMap((s) => dependencies(all, s, R.plan));
}

/** Rules of a plan (the input is a list of rule objects). */
const planRules = (plan: RuleResource): Record<string, unknown>[] =>
  Array.isArray(plan.props["rules"]) ? (plan.props["rules"] as Record<string, unknown>[]) : [];

/** An EventBridge rule's pattern, parsed; undefined while unknown. */
function pattern(rule: RuleResource): Record<string, unknown> | undefined {
  const value = rule.props["eventPattern"];
  if (!known(value) || typeof value !== "string") return undefined;
  try {
    return JSON.parse(value) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

export const RECOVERY_RULES: Rule[] = [
  stackRule({
    name: "backup-plan-covers-database",
    description:
      "Every RDS instance is selected by an AWS Backup plan with at least one scheduled rule and a retention.",
    types: [R.rdsInstance, R.selection, R.plan],
    ...PROD_ONLY,
    references: [
      ...REFERENCES,
      { source: "fsbp", id: "RDS.26", note: "RDS DB instances should be protected by a backup plan" },
      { source: "checkov", id: "CKV2_AWS_8", note: "RDS clusters have an AWS Backup plan" },
    ],
    check: (all) =>
      ofType(all, R.rdsInstance).flatMap((db) => {
        const plans = plansCovering(all, db);
        if (plans.length === 0) return [violation(db, "no AWS Backup plan selects this database")];
        const scheduled = plans.some((p) =>
          planRules(p).some(
            (rule) =>
              typeof rule["schedule"] === "string" &&
              Number((rule["lifecycle"] as Record<string, unknown> | undefined)?.["deleteAfter"]) > 0,
          ),
        );
        return scheduled ? [] : [violation(db, "its backup plan has no scheduled rule with a retention")];
      }),
  }),
  stackRule({
    name: "backup-vault-encrypted-locked",
    description:
      "Every AWS Backup vault is encrypted with a customer-managed KMS key and has Vault Lock in compliance mode (ChangeableForDays set), so no one in the account can delete a recovery point early.",
    types: [R.rdsInstance, R.vault, R.vaultLock],
    ...PROD_ONLY,
    references: [
      ...REFERENCES,
      { source: "fsbp", id: "Backup.1", note: "recovery points encrypted at rest" },
      {
        source: "project",
        id: "AWS Backup Vault Lock (compliance mode)",
        note: "https://docs.aws.amazon.com/aws-backup/latest/devguide/vault-lock.html",
      },
    ],
    check: (all) => {
      const vaults = ofType(all, R.vault);
      if (vaults.length === 0) {
        const db = ofType(all, R.rdsInstance);
        return db.map((d) => violation(d, "no AWS Backup vault holds its recovery points"));
      }
      return vaults.flatMap((vault) => {
        const problems: Violation[] = [];
        if (vault.props["kmsKeyArn"] === undefined)
          problems.push(violation(vault, "kmsKeyArn must be a customer-managed key"));
        const locks = dependents(all, vault, R.vaultLock);
        if (locks.length === 0) problems.push(violation(vault, "no Vault Lock configuration"));
        else if (!locks.some((l) => l.props["changeableForDays"] !== undefined))
          problems.push(
            violation(vault, "Vault Lock is in governance mode: set changeableForDays (compliance mode)"),
          );
        return problems;
      });
    },
  }),
  stackRule({
    name: "backup-cross-region-copy",
    description:
      "The database's backup plan copies every recovery point to a vault in another region (a vault with its own `region`).",
    types: [R.rdsInstance, R.selection, R.plan, R.vault],
    ...PROD_ONLY,
    references: [
      ...REFERENCES,
      {
        source: "project",
        id: "AWS Backup cross-Region copy",
        note: "https://docs.aws.amazon.com/aws-backup/latest/devguide/cross-region-backup.html",
      },
    ],
    check: (all) =>
      ofType(all, R.rdsInstance).flatMap((db) => {
        const plans = plansCovering(all, db);
        const copies = plans.some(
          (p) =>
            planRules(p).some(
              (rule) => Array.isArray(rule["copyActions"]) && (rule["copyActions"] as unknown[]).length > 0,
            ) && dependencies(all, p, R.vault).some((v) => typeof v.props["region"] === "string"),
        );
        return copies ? [] : [violation(db, "no backup plan copies its recovery points to another region")];
      }),
  }),
  stackRule({
    name: "rds-automated-backups-replicated",
    description:
      "Every RDS instance replicates its automated backups (snapshots and transaction logs) to another region, encrypted with a key there: point-in-time restore survives a region loss.",
    types: [R.rdsInstance, R.backupReplication],
    ...PROD_ONLY,
    references: [
      ...REFERENCES,
      {
        source: "project",
        id: "RDS cross-Region automated backups",
        note: "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_ReplicateBackups.html",
      },
    ],
    check: (all) =>
      ofType(all, R.rdsInstance).flatMap((db) => {
        const replications = dependents(all, db, R.backupReplication);
        if (replications.length === 0)
          return [violation(db, "automated backups are not replicated to another region")];
        return replications.some(
          (r) => typeof r.props["region"] === "string" && r.props["kmsKeyId"] !== undefined,
        )
          ? []
          : [violation(db, "the replication must name its destination region and a KMS key there")];
      }),
  }),
  stackRule({
    name: "backup-restore-testing",
    description:
      "AWS Backup restore testing restores every RDS instance's latest recovery point on a schedule, and a failed restore reaches the alarm topic through an EventBridge rule.",
    types: [R.rdsInstance, R.restoreTestingPlan, R.restoreTestingSelection, R.eventRule, R.eventTarget],
    ...PROD_ONLY,
    references: [
      ...REFERENCES,
      {
        source: "project",
        id: "AWS Backup restore testing",
        note: "https://docs.aws.amazon.com/aws-backup/latest/devguide/restore-testing.html",
      },
    ],
    check: (all) => {
      const problems: Violation[] = [];
      for (const db of ofType(all, R.rdsInstance)) {
        const tested = dependents(all, db, R.restoreTestingSelection).some(
          (s) =>
            s.props["protectedResourceType"] === "RDS" &&
            dependencies(all, s, R.restoreTestingPlan).some(
              (p) =>
                typeof p.props["scheduleExpression"] === "string" &&
                (p.props["recoveryPointSelection"] as Record<string, unknown> | undefined)?.["algorithm"] ===
                  "LATEST_WITHIN_WINDOW",
            ),
        );
        if (!tested) problems.push(violation(db, "no scheduled restore test of its latest recovery point"));
      }
      const alerting = ofType(all, R.eventRule).some((rule) => {
        const p = pattern(rule);
        const types = p?.["detail-type"];
        return (
          Array.isArray(p?.["source"]) &&
          (p["source"] as unknown[]).includes("aws.backup") &&
          Array.isArray(types) &&
          types.includes("Restore Job State Change") &&
          dependents(all, rule, R.eventTarget).length > 0
        );
      });
      if (!alerting && problems.length === 0) {
        for (const plan of ofType(all, R.restoreTestingPlan))
          problems.push(
            violation(plan, "a failed restore test alerts nobody (no EventBridge rule with a target)"),
          );
      }
      return problems;
    },
  }),
];
