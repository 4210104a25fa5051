/**
 * AWS AppConfig feature flags as plain data: the hosted configuration document
 * (AWS.AppConfig.FeatureFlags, schema version 1), the deployment strategy per tier, and the
 * "feature defaults" string the config-file layer carries for when AppConfig cannot be reached.
 */

export interface FeatureFlagsDocument {
  readonly version: "1";
  readonly flags: Readonly<Record<string, { readonly name: string }>>;
  readonly values: Readonly<Record<string, { readonly enabled: boolean }>>;
}

/** The document AppConfig validates for a FeatureFlags profile; keys sorted so a plan is stable. */
export function featureFlagsDocument(flags: Readonly<Record<string, boolean>>): FeatureFlagsDocument {
  const names = Object.keys(flags).sort();
  return {
    version: "1",
    flags: Object.fromEntries(names.map((n) => [n, { name: n }])),
    values: Object.fromEntries(names.map((n) => [n, { enabled: flags[n]! }])),
  };
}

/** `newCheckout=false,search=true`: the flags' defaults in a form an env file can carry. */
export function featureDefaults(flags: Readonly<Record<string, boolean>>): string {
  return Object.keys(flags)
    .sort()
    .map((n) => `${n}=${String(flags[n])}`)
    .join(",");
}

/** Reads `featureDefaults` back (the app's side; tested so the format stays a round trip). */
export function parseFeatureDefaults(text: string): Record<string, boolean> {
  if (text.trim() === "") return {};
  return Object.fromEntries(
    text.split(",").map((pair) => {
      const [name, value] = pair.split("=");
      if (!name || (value !== "true" && value !== "false"))
        throw new RangeError(`feature default "${pair}" is not name=true or name=false`);
      return [name, value === "true"];
    }),
  );
}

export interface DeploymentStrategyInput {
  readonly growthType: "LINEAR" | "EXPONENTIAL";
  readonly growthFactor: number;
  readonly durationMinutes: number;
  readonly bakeMinutes: number;
}

/** One line a reviewer reads in the plan: "all at once" or "10 % steps over 30 min, 30 min bake". */
export function describeStrategy(s: DeploymentStrategyInput): string {
  if (s.growthFactor >= 100 && s.durationMinutes === 0) {
    return `all at once${s.bakeMinutes > 0 ? `, ${s.bakeMinutes} min bake` : ""}`;
  }
  const growth =
    s.growthType === "LINEAR" ? `${s.growthFactor} % steps` : `exponential from ${s.growthFactor} %`;
  return `${growth} over ${s.durationMinutes} min, ${s.bakeMinutes} min bake with alarm rollback`;
}
