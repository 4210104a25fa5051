/**
 * Reading Pulumi project and stack files the way the Pulumi CLI hands them to a program, so the
 * offline plan sees exactly the config `pulumi up` would.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { SECRET_PLACEHOLDER } from "../model/plan";
import { findOverlaps } from "../model/cidr";
import type { RawConfig } from "./resolve";

export interface StackFile {
  readonly stack: string;
  readonly path: string;
  readonly config: RawConfig;
  /** Keys given as `secure:` values; their plaintext is never available offline. */
  readonly secretKeys: readonly string[];
}

const STACK_FILE = /^Pulumi\.([^.]+)\.ya?ml$/;

export function projectName(dir: string): string {
  const project = parse(readFileSync(join(dir, "Pulumi.yaml"), "utf8")) as { name?: unknown };
  if (typeof project?.name !== "string") throw new Error(`${join(dir, "Pulumi.yaml")} has no project name`);
  return project.name;
}

/** Stack names that have a stack file in `dir`, sorted. */
export function listStacks(dir: string): string[] {
  return readdirSync(dir)
    .map((f) => STACK_FILE.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

export function readStackFile(dir: string, stack: string, project: string): StackFile {
  const file = readdirSync(dir).find((f) => STACK_FILE.exec(f)?.[1] === stack);
  if (!file) {
    const known = listStacks(dir);
    throw new Error(
      `no stack file for "${stack}" (Pulumi.${stack}.yaml); known stacks: ${known.join(", ") || "none"}`,
    );
  }
  const path = join(dir, file);
  const doc = (parse(readFileSync(path, "utf8")) ?? {}) as { config?: Record<string, unknown> };
  return { stack, path, ...toRawConfig(doc.config ?? {}, project) };
}

/** YAML config → Pulumi's runtime form: namespaced keys, scalars as text, objects as JSON. */
export function toRawConfig(
  config: Readonly<Record<string, unknown>>,
  project: string,
): { config: RawConfig; secretKeys: string[] } {
  const raw: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    const full = key.includes(":") ? key : `${project}:${key}`;
    if (isSecure(value)) {
      raw[full] = SECRET_PLACEHOLDER;
      secretKeys.push(full);
    } else {
      raw[full] = typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
    }
  }
  return { config: raw, secretKeys };
}

function isSecure(value: unknown): boolean {
  return typeof value === "object" && value !== null && Object.keys(value).length === 1 && "secure" in value;
}

/** The VPC CIDR a stack file sets, if any. */
export function stackCidr(file: StackFile): string | undefined {
  const network = file.config["infra:network"];
  if (!network) return undefined;
  try {
    const cidr = (JSON.parse(network) as { cidr?: unknown }).cidr;
    return typeof cidr === "string" ? cidr : undefined;
  } catch {
    return undefined;
  }
}

/** Problems for `stack`: every other stack file whose VPC overlaps this one's. */
export function cidrOverlapProblems(dir: string, project: string, stack: string, cidr: string): string[] {
  const cidrs: Record<string, string> = {};
  for (const other of listStacks(dir)) {
    const found = other === stack ? cidr : stackCidr(readStackFile(dir, other, project));
    if (found) cidrs[other] = found;
  }
  cidrs[stack] = cidr;
  return findOverlaps(cidrs)
    .filter((pair) => pair.includes(stack))
    .map(([a, b]) => {
      const other = a === stack ? b : a;
      return `infra:network.cidr: got "${cidr}", which overlaps stack "${other}" (${cidrs[other]}); every environment needs its own address space`;
    });
}
