/**
 * The seed's configuration hierarchy, highest priority first, and the resolver the app applies
 * to it. docs/configuration.md documents these layers in this order (a test holds the two
 * together), so "which layer wins" has one answer in code and in prose.
 */

export const LAYERS = [
  "runtimeFlag",
  "environmentVariable",
  "secretManager",
  "configFile",
  "codeDefault",
] as const;
export type Layer = (typeof LAYERS)[number];

export interface LayerInfo {
  readonly layer: Layer;
  /** The seed's name for the layer, as docs/configuration.md's table heads it. */
  readonly title: string;
  /** Where it lives in AWS (and locally). */
  readonly where: string;
}

export const LAYER_INFO: readonly LayerInfo[] = [
  { layer: "runtimeFlag", title: "Runtime flags", where: "AWS AppConfig feature-flag profile" },
  {
    layer: "environmentVariable",
    title: "Environment variables",
    where: "/etc/app/app.env from user data; .env locally",
  },
  { layer: "secretManager", title: "Secret manager", where: "AWS Secrets Manager under /<environment>/" },
  { layer: "configFile", title: "Config files", where: "SSM Parameter Store under /<environment>/app/" },
  { layer: "codeDefault", title: "Code defaults", where: "the app's code (config/default.js)" },
];

/** What each layer says, keyed by setting; a layer that does not mention a key has no say in it. */
export type LayerValues<T> = Partial<Record<Layer, Readonly<Record<string, T>>>>;

export interface Resolution<T> {
  readonly value: T;
  readonly layer: Layer;
  /** Lower layers that also set the key and were overridden, highest first. */
  readonly shadowed: readonly Layer[];
}

/** The value of one key: the highest layer that sets it wins. */
export function resolveKey<T>(key: string, layers: LayerValues<T>): Resolution<T> | undefined {
  const setters = LAYERS.filter((l) => {
    const values = layers[l];
    return (
      values !== undefined && Object.prototype.hasOwnProperty.call(values, key) && values[key] !== undefined
    );
  });
  const [winner, ...shadowed] = setters;
  if (winner === undefined) return undefined;
  return { value: layers[winner]![key]!, layer: winner, shadowed };
}

/** Every key any layer sets, resolved. */
export function resolveAll<T>(layers: LayerValues<T>): Record<string, Resolution<T>> {
  const keys = new Set(LAYERS.flatMap((l) => Object.keys(layers[l] ?? {})));
  const out: Record<string, Resolution<T>> = {};
  for (const key of [...keys].sort()) {
    const resolved = resolveKey(key, layers);
    if (resolved) out[key] = resolved;
  }
  return out;
}
