/**
 * A release in a plan diff: when a stack's app image (output appImage) or AMI (output amiId)
 * changes, the diff says so as the rollout it causes — the new launch template version reaching
 * the hosts by the instance refresh the plan configures (blue-green, canary, …), read from the
 * plan's auto-scaling group, not from settings, so the diff shows what would actually run.
 */
import type { Plan } from "../../model/plan";
import type { RolloutSettings } from "../../model/settings";
import { rolloutPlan } from "../../environment/app/rollout";
import { T } from "../../model/resource-types";

export interface ReleaseChange {
  readonly image?: { readonly before: string; readonly after: string };
  readonly ami?: { readonly before: string; readonly after: string };
  /** "canary 10 → 25 → 50 → 75 → 100 % over 2 h (…)", or why there is no rollout. */
  readonly rollout: string;
}

interface RefreshPreferences {
  checkpointPercentages?: number[];
  checkpointDelay?: string;
  minHealthyPercentage?: number;
  maxHealthyPercentage?: number;
  instanceWarmup?: string;
  autoRollback?: boolean;
}

/** The instance refresh of the plan's auto-scaling group, as rollout settings. */
function planRollout(plan: Plan): RolloutSettings | undefined {
  const group = plan.resources.find((r) => r.type === T.autoscalingGroup);
  const refresh = group?.inputs["instanceRefresh"] as { preferences?: RefreshPreferences } | undefined;
  const p = refresh?.preferences;
  if (!p) return undefined;
  return {
    checkpointPercentages: p.checkpointPercentages ?? [],
    checkpointDelaySeconds: Number(p.checkpointDelay ?? 0),
    minHealthyPercent: p.minHealthyPercentage ?? 90,
    maxHealthyPercent: p.maxHealthyPercentage ?? 100,
    instanceWarmupSeconds: Number(p.instanceWarmup ?? 0),
    autoRollback: p.autoRollback ?? false,
  };
}

const text = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** The image/AMI change between two plans of one stack, or undefined when neither changed. */
export function releaseChange(before: Plan | null, after: Plan | null): ReleaseChange | undefined {
  if (!before || !after) return undefined;
  const change = (key: string) => {
    const [b, a] = [text(before.outputs[key]), text(after.outputs[key])];
    return b !== undefined && a !== undefined && b !== a ? { before: b, after: a } : undefined;
  };
  const image = change("appImage");
  const ami = change("amiId");
  if (!image && !ami) return undefined;
  const rollout = planRollout(after);
  return {
    ...(image ? { image } : {}),
    ...(ami ? { ami } : {}),
    rollout: rollout ? rolloutPlan(rollout).summary : "no instance refresh configured: new instances only",
  };
}

/** One line per changed part: "image sha256:… → sha256:…; rollout: canary …". */
export function describeRelease(release: ReleaseChange): string {
  const parts = [
    ...(release.image ? [`image ${release.image.before} → ${release.image.after}`] : []),
    ...(release.ami ? [`AMI ${release.ami.before} → ${release.ami.after}`] : []),
  ];
  return `${parts.join(", ")}; rollout: ${release.rollout}`;
}
