/**
 * What the mock cloud answered for a planned resource (its ARN, endpoint, ids), recomputed from
 * the plan with the same function the capture used, so a test names a resource's real ARN
 * without restating any format.
 */
import { mockState } from "../../src/plan/mock-outputs";
import type { Plan, PlanResource } from "../../src/model/plan";
import { one } from "./plans";

/** The stack's region as its plan records it (the explicit provider's `region`). */
export function planRegion(plan: Plan): string {
  const provider = plan.resources.find((r) => r.type === "pulumi:providers:aws");
  return String(provider?.inputs["region"] ?? "us-east-1");
}

/** A computed output of a planned resource, as the mocks answered it. */
export function stateOf(plan: Plan, resource: PlanResource): Record<string, unknown> {
  return mockState(
    resource.type,
    resource.name,
    resource.inputs as Record<string, unknown>,
    planRegion(plan),
  );
}

/** A planned resource's ARN (or another ARN-valued output, e.g. a dashboard's `dashboardArn`). */
export function arnOf(plan: Plan, resource: PlanResource, output = "arn"): string {
  const value = stateOf(plan, resource)[output];
  if (typeof value !== "string") throw new Error(`${resource.name}: the mocks give no ${output}`);
  return value;
}

/** The ARN of the one resource of a type (and name). */
export const arnOfOne = (plan: Plan, type: string, name?: string, output = "arn") =>
  arnOf(plan, one(plan, type, name), output);
