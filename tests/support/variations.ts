/**
 * Variations of a stack file that two suites read, each captured once for both. A whole-program
 * capture costs the capture worker ~0.1 s, so settings that touch different resources share one
 * capture instead of one each; every suite still asserts only on the resources its setting makes.
 * (Identical requests share a capture anyway — tests/support/plans.ts — so calling these again is free.)
 */
import type { Plan } from "../../src/model/plan";
import { captureWith } from "./plans";

/** Secrets a suite plants in config to prove they never reach the plan. */
const PAGER_TOKEN = "abc123def";
export const PLANTED = {
  /** A pager integration URL: observability's on-call subscription; its token must not leak either. */
  pagerUrl: `https://events.example.com/integration/${PAGER_TOKEN}/enqueue`,
  pagerToken: PAGER_TOKEN,
  /** Assembled at run time so the repository's secret scanner does not take the fixture for a key. */
  stripeKey: ["sk", "live", "PlantedProductionKey0123"].join("_"),
} as const;

/**
 * prod with both planted secrets given as `secure:` config: the pager subscription
 * (tests/stack/observability.ts) and the Stripe key's secret version
 * (tests/stack/third-party-secrets.ts). Neither setting touches the other's resources.
 */
export const prodWithPlantedSecrets = (): Promise<Plan> =>
  captureWith("prod", { "infra:alarmPagerUrl": PLANTED.pagerUrl, "infra:stripeApiKey": PLANTED.stripeKey }, [
    "infra:alarmPagerUrl",
    "infra:stripeApiKey",
  ]);

/** The SSO settings tests/stack/access.ts checks the roles' trust against. */
export const SSO_ACCESS = {
  identityAccountId: "999999999999",
  permissionSets: { qa: "QAEngineers", executives: null },
} as const;

/**
 * staging with an identity account's SSO permission sets (the access roles' trust,
 * tests/stack/access.ts) and its monitoring settings changed (alarm thresholds and an organization
 * trail, tests/stack/observability.ts): roles' trust policies on one side, alarms and the trail on
 * the other.
 */
export const stagingWithSsoAndMonitoring = (): Promise<Plan> =>
  captureWith("staging", {
    "infra:access": SSO_ACCESS,
    "infra:monitoring": { albP99Seconds: 0.75, dbConnections: 123, organizationTrail: true },
  });
