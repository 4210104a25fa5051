/**
 * Pulumi's wire values → plain plan values. Secrets become "[secret]" here, at the one place
 * every captured value passes through, so no later step can leak one.
 */
import { SECRET_PLACEHOLDER, type PlanValue } from "../model/plan";

// Signatures of Pulumi's wire format (sdk/nodejs/runtime/rpc.ts).
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const UNKNOWN_PLACEHOLDER = "[unknown]";

export function normalize(value: unknown): PlanValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value === UNKNOWN ? UNKNOWN_PLACEHOLDER : value;
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (Array.isArray(value)) return value.map(normalize);
  if (typeof value === "object") {
    const record = value as Record<string, unknown>;
    switch (record[SIG_KEY]) {
      case SECRET_SIG:
        return SECRET_PLACEHOLDER;
      case RESOURCE_SIG:
        return String(record["urn"]);
      case OUTPUT_SIG:
        return record["secret"]
          ? SECRET_PLACEHOLDER
          : "value" in record
            ? normalize(record["value"])
            : UNKNOWN_PLACEHOLDER;
      case undefined:
        break;
      default:
        return "[asset]";
    }
    const out: { [key: string]: PlanValue } = {};
    for (const key of Object.keys(record).sort()) {
      if (record[key] !== undefined) out[key] = normalize(record[key]);
    }
    return out;
  }
  return String(value);
}
