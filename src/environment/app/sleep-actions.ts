/**
 * The servers' half of the sleep schedule (src/config/sleep-schedule.ts): two auto-scaling
 * scheduled actions per group, one scaling it to zero every evening, one giving it back its
 * daytime size before each working day, on the working week's clock (`timeZone`). Used for the
 * app servers and the NAT instance. Kept out of compute.ts: the group is built there, its
 * schedule here.
 * https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-scheduled-scaling.html
 */
import * as aws from "@pulumi/aws";
import { asgRecurrence, sleepEvent } from "../../config/sleep-schedule";
import type { Scope } from "../scope";

export interface GroupSize {
  readonly minSize: number;
  readonly desiredCapacity: number;
  readonly maxSize: number;
}

export interface SleepActions {
  readonly sleep: aws.autoscaling.Schedule;
  readonly wake: aws.autoscaling.Schedule;
}

/** `prefix` names the group's role in the environment ("app", "nat"): `<stack>-<prefix>-sleep`. */
export function buildSleepActions(
  scope: Scope,
  prefix: string,
  group: aws.autoscaling.Group,
  awake: GroupSize,
): SleepActions {
  const { sleep } = scope.settings;
  const action = (suffix: string, size: GroupSize, recurrence: string) =>
    new aws.autoscaling.Schedule(
      scope.name(`${prefix}-${suffix}`),
      {
        autoscalingGroupName: group.name,
        // Unique within the group; AWS allows 255 characters.
        scheduledActionName: scope.name(`${prefix}-${suffix}`),
        recurrence,
        timeZone: sleep.timezone,
        minSize: size.minSize,
        desiredCapacity: size.desiredCapacity,
        maxSize: size.maxSize,
      },
      scope.opts(),
    );
  return {
    sleep: action(
      "sleep",
      { minSize: 0, desiredCapacity: 0, maxSize: 0 },
      asgRecurrence(sleepEvent(sleep, "sleep")),
    ),
    wake: action("wake", awake, asgRecurrence(sleepEvent(sleep, "servers-wake"))),
  };
}
