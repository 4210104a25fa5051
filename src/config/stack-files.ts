/**
 * Reading Pulumi project and stack files the way the Pulumi CLI hands them to a program, so the
 * offline plan sees exactly the config `pulumi up` would.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { LineCounter, parse, parseDocument } from "yaml";
import { SECRET_PLACEHOLDER } from "../model/plan";
import { findOverlaps } from "../model/cidr";
import { StackFileError } from "./errors";
import type { RawConfig } from "./resolve";

// Defined beside ConfigError (no yaml there), so the CLI recognises it without loading yaml.
export { StackFileError };

export interface StackFile {
  readonly stack: string;
  readonly path: string;
  readonly config: RawConfig;
  /** Keys given as `secure:` values; their plaintext is never available offline. */
  readonly secretKeys: readonly string[];
}

const STACK_FILE = /^Pulumi\.([^.]+)\.ya?ml$/;

/** The yaml library's error codes, said in words that quote nothing from the file. */
const YAML_PROBLEMS: Readonly<Record<string, string>> = {
  DUPLICATE_KEY: "duplicate key (a key appears twice in one mapping; Pulumi would keep only one)",
  TAB_AS_INDENT: "tab used for indentation; YAML indents with spaces",
  BAD_INDENT: "bad indentation",
  MISSING_CHAR: "missing closing quote or bracket",
  BLOCK_AS_IMPLICIT_KEY: "a nested mapping where a key was expected (check the indentation)",
  MULTILINE_IMPLICIT_KEY: "a key that spans lines (check the indentation or a missing colon)",
  UNEXPECTED_TOKEN: "unexpected character",
  MULTIPLE_DOCS: "more than one YAML document",
  BAD_DIRECTIVE: "bad YAML directive",
};

/**
 * Stack files already parsed, by their exact text (frozen, so no reader can change another's
 * copy). One evaluation reads every stack file three or four times (CIDR overlaps, namespaces,
 * secret reuse, the artifact project), and a warm process (`plan --all`, `plan --watch`, the
 * tests) evaluates again and again: parsing was a fifth of the program's own time. The text is
 * the key, so an edited file is parsed afresh; the oldest entries go past a few dozen.
 */
const parsedStackFiles = new Map<string, unknown>();
const PARSED_LIMIT = 32;

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Parses a stack file's text; YAML errors become StackFileError lines naming only file and line. */
export function parseStackYaml(text: string, file: string): unknown {
  if (parsedStackFiles.has(text)) return parsedStackFiles.get(text);
  const value = deepFreeze(parseStackYamlText(text, file));
  if (parsedStackFiles.size >= PARSED_LIMIT) parsedStackFiles.delete(parsedStackFiles.keys().next().value!);
  parsedStackFiles.set(text, value);
  return value;
}

function parseStackYamlText(text: string, file: string): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter });
  if (doc.errors.length > 0) {
    // An error found only at the end of the input (an unclosed quote) is placed on the last line.
    const lastLine = text.replace(/\n+$/, "").split("\n").length;
    throw new StackFileError(
      doc.errors.map((e) => {
        const line = Math.min(lineCounter.linePos(e.pos[0]).line, lastLine);
        return `${file}:${line}: ${YAML_PROBLEMS[e.code] ?? `YAML syntax error (${e.code.toLowerCase().replace(/_/g, " ")})`}`;
      }),
    );
  }
  return doc.toJS();
}

/**
 * Pulumi reads `Pulumi.<stack>.yaml` beside `Pulumi.yaml`; a `.yml` twin is ignored by Pulumi
 * but would be read here, so the offline plan and a real preview would see different config.
 */
function shadowProblems(dir: string, stack: string): string[] {
  const yml = `Pulumi.${stack}.yml`;
  if (!existsSync(join(dir, yml))) return [];
  return [
    `${yml}: Pulumi reads only Pulumi.${stack}.yaml (the extension of Pulumi.yaml), so this file is ignored by \`pulumi up\`; rename it to Pulumi.${stack}.yaml or delete it`,
  ];
}

/** Project names by their Pulumi.yaml's text: every evaluation reads two (environments, artifact). */
const projectNames = new Map<string, unknown>();

export function projectName(dir: string): string {
  const text = readFileSync(join(dir, "Pulumi.yaml"), "utf8");
  if (!projectNames.has(text)) {
    if (projectNames.size >= PARSED_LIMIT) projectNames.delete(projectNames.keys().next().value!);
    projectNames.set(text, (parse(text) as { name?: unknown } | null)?.name);
  }
  const name = projectNames.get(text);
  if (typeof name !== "string") throw new Error(`${join(dir, "Pulumi.yaml")} has no project name`);
  return name;
}

/** Stack names that have a stack file in `dir`, sorted. */
export function listStacks(dir: string): string[] {
  return readdirSync(dir)
    .map((f) => STACK_FILE.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
}

export function readStackFile(dir: string, stack: string, project: string): StackFile {
  const shadows = shadowProblems(dir, stack);
  if (shadows.length > 0) throw new StackFileError(shadows);
  const file = readdirSync(dir).find((f) => STACK_FILE.exec(f)?.[1] === stack);
  if (!file) {
    const known = listStacks(dir);
    throw new Error(
      `no stack file for "${stack}" (Pulumi.${stack}.yaml); known stacks: ${known.join(", ") || "none"}`,
    );
  }
  const path = join(dir, file);
  const doc = (parseStackYaml(readFileSync(path, "utf8"), file) ?? {}) as {
    config?: Record<string, unknown>;
  };
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
