/**
 * What AWS Backup itself provides that the recovery resources (recovery.ts) rely on: its service
 * role's managed policies and the events its jobs emit. Plain data, so tests and documents name
 * them without loading the AWS provider.
 */

/**
 * AWS managed policies for AWS Backup's service role: taking backups and copies, and restoring
 * (restore tests are restores). https://docs.aws.amazon.com/aws-backup/latest/devguide/iam-service-roles.html
 */
export const BACKUP_MANAGED_POLICIES = [
  "service-role/AWSBackupServiceRolePolicyForBackup",
  "service-role/AWSBackupServiceRolePolicyForRestores",
] as const;

/**
 * EventBridge detail of AWS Backup job events: backup and copy jobs report `state`, restore jobs
 * `status` (https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html). EXPIRED
 * (a job that could not start in its window) is left out: the points scheduled around the
 * weekly maintenance window expire every week by design, and the objectives count that gap
 * (MAINTENANCE_BLOCK_MINUTES); paging on them would teach on-call to ignore this rule.
 */
export const BACKUP_FAILURE_EVENTS = {
  source: ["aws.backup"],
  "detail-type": ["Backup Job State Change", "Copy Job State Change"],
  detail: { state: ["FAILED", "ABORTED"] },
} as const;
export const RESTORE_FAILURE_EVENTS = {
  source: ["aws.backup"],
  "detail-type": ["Restore Job State Change"],
  detail: { status: ["FAILED", "ABORTED"] },
} as const;
