/**
 * What every auto-scaling group of the environment publishes (the app servers' and the NAT
 * instance's): shared by the parts, so it lives beside the Scope rather than in one of them.
 */
import type * as aws from "@pulumi/aws";

/** Group metrics the in-service alarm and the dashboard read; without these ASG publishes none. */
export const GROUP_METRICS: aws.autoscaling.Metric[] = [
  "GroupDesiredCapacity",
  "GroupInServiceInstances",
  "GroupPendingInstances",
  "GroupTerminatingInstances",
  "GroupMinSize",
  "GroupMaxSize",
];
