/**
 * How a new release (an image digest or an AMI) reaches a stack's hosts, as plain data: the
 * instance refresh's strategy read from the tier's rollout settings, how long it takes, and the
 * one command that rolls a stack back to its previous launch template. The parity report, the
 * plan diff and docs/operations.md print these; the tests hold them to the specification
 * (staging blue-green, production canary to 100 % over about two hours).
 */
import type { RolloutSettings } from "../../model/settings";

export type RolloutStrategy = "replace" | "blue-green" | "canary";

export interface RolloutPlan {
  readonly strategy: RolloutStrategy;
  /** Shares of the group replaced before each pause, ending at 100. */
  readonly steps: readonly number[];
  /** Pauses between steps, in minutes (the rollback alarms watch each). */
  readonly pauseMinutes: number;
  /** Minutes spent in pauses: the canary's watched time. */
  readonly watchedMinutes: number;
  /** New instances are launched and healthy before old ones stop (max healthy above 100 %). */
  readonly launchesBeforeTerminating: boolean;
  readonly autoRollback: boolean;
  /** One line a person reads: "canary 10 → 25 → 50 → 75 → 100 % over 2 h (…)". */
  readonly summary: string;
}

function duration(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const hours = minutes / 60;
  return Number.isInteger(hours) ? `${hours} h` : `${hours.toFixed(1)} h`;
}

/** The strategy a tier's rollout settings make. */
export function rolloutPlan(r: RolloutSettings): RolloutPlan {
  const steps = r.checkpointPercentages.length > 0 ? [...r.checkpointPercentages] : [100];
  const pauses = Math.max(0, steps.length - 1);
  const pauseMinutes = Math.round(r.checkpointDelaySeconds / 60);
  const watchedMinutes = pauses * pauseMinutes;
  const launchesBeforeTerminating = r.maxHealthyPercent > 100 && r.minHealthyPercent >= 100;
  const strategy: RolloutStrategy =
    pauses > 0
      ? "canary"
      : launchesBeforeTerminating && r.maxHealthyPercent >= 200
        ? "blue-green"
        : "replace";
  const rollback = r.autoRollback ? "auto-rollback on alarm or failure" : "no auto-rollback";
  const summary =
    strategy === "canary"
      ? `canary ${steps.join(" → ")} % over ${duration(watchedMinutes)} (${pauseMinutes} min watched at each step; ${rollback})`
      : strategy === "blue-green"
        ? `blue-green: all new instances launched and healthy before any old one stops (${rollback})`
        : `replace in place, at least ${r.minHealthyPercent} % healthy (${rollback})`;
  return {
    strategy,
    steps,
    pauseMinutes,
    watchedMinutes,
    launchesBeforeTerminating,
    autoRollback: r.autoRollback,
    summary,
  };
}

/**
 * Why an instance refresh could not roll this launch-template image back, or undefined when it
 * can: AWS does not roll back a refresh whose launch template resolves its AMI from an SSM
 * parameter ("Undo changes with a rollback", EC2 Auto Scaling user guide:
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/instance-refresh-rollback.html).
 */
export function imageRollbackProblem(imageId: unknown): string | undefined {
  if (typeof imageId !== "string") return `the image is ${JSON.stringify(imageId)}, not a literal AMI id`;
  if (imageId.startsWith("resolve:ssm:"))
    return `${imageId} is resolved from Systems Manager at launch; instance-refresh rollback cannot undo it`;
  if (!/^ami-([0-9a-f]{8}|[0-9a-f]{17})$/.test(imageId)) return `${imageId} is not a literal AMI id (ami-…)`;
  return undefined;
}

/**
 * The manual rollback: one command that starts an instance refresh back to the launch template
 * version before the newest (every deploy of a new image or AMI writes a new version), launching
 * every replacement at once next to the running instances (min 100 %, max 200 %, no
 * checkpoints) so it takes one boot and warm-up, not a canary. The names come from the stack's
 * outputs autoScalingGroupName and launchTemplateId.
 */
export function rollbackCommand(input: {
  readonly autoScalingGroupName: string;
  readonly launchTemplateId: string;
}): string {
  const preferences = JSON.stringify(ROLLBACK_PREFERENCES);
  const lt = input.launchTemplateId;
  const previous = `$(( $(aws ec2 describe-launch-templates --launch-template-ids ${lt} --query 'LaunchTemplates[0].LatestVersionNumber' --output text) - 1 ))`;
  // Inside double quotes so the shell computes the version; the JSON's own quotes escaped.
  const desired = JSON.stringify({ LaunchTemplate: { LaunchTemplateId: lt, Version: "VERSION" } })
    .replace(/"/g, '\\"')
    .replace("VERSION", previous);
  return [
    `aws autoscaling start-instance-refresh --auto-scaling-group-name ${input.autoScalingGroupName}`,
    `--desired-configuration "${desired}"`,
    `--preferences '${preferences}'`,
  ].join(" ");
}

/** The manual rollback's refresh: all replacements at once, old instances kept until they are healthy. */
export const ROLLBACK_PREFERENCES = {
  MinHealthyPercentage: 100,
  MaxHealthyPercentage: 200,
  /** Shorter than a release's warm-up: the image rolled back to already ran on these hosts. */
  InstanceWarmup: 60,
  SkipMatching: true,
} as const;

/**
 * What a replacement host needs before the load balancer calls it healthy, in seconds: an
 * Amazon Linux 2023 boot (~30 s), installing Docker from the distribution's repository (~40 s),
 * pulling the image from ECR in the same region (~30 s) and starting it (~10 s), with headroom.
 * An estimate, not a measurement: no AWS account is available here.
 */
export const REPLACEMENT_BOOT_SECONDS = 150;

/** Minutes a manual rollback takes: one boot, the health check's healthy streak, one warm-up. */
export function rollbackMinutes(healthySeconds: number): number {
  return (REPLACEMENT_BOOT_SECONDS + healthySeconds + ROLLBACK_PREFERENCES.InstanceWarmup) / 60;
}
