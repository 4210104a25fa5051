/**
 * Parity, enforced: two environments must build the same resources wired the same way, and every
 * way they differ must be declared (src/reports/parity/declared.ts) with the settings knob behind it
 * and the reason. Pure: reads resolved settings and captured plans, returns what drifted.
 *
 * A plan is compared by its *shape*, not its names: each resource becomes a role (its name without
 * the `<stack>-` prefix, AZ letters folded to `{az}`), so `prod-app-c` and `staging-app-a` are the
 * same role `app-{az}`, and three AZs against two is a count, not a drift (the AZ list is itself
 * a declared knob). On that shape the check compares:
 *
 * - settings: every leaf of EnvironmentSettings that differs;
 * - resources: roles (type + role) present in only one of the two;
 * - edges: dependency and parent links between roles both have;
 * - inputs: the input *keys* each shared role sets (values follow from settings, compared above);
 * - options: protect, retainOnDelete, deleteBeforeReplace, ignoreChanges of each shared role.
 *
 * A differing setting is allowed when the pair declares it; a structural difference is allowed
 * when a declared, differing setting lists it among its effects (KNOB_EFFECTS). Anything else is
 * drift, named in words a reviewer can act on.
 */
import type { Tier } from "../../model/settings";
import { shortType } from "../plan-tree";
import type { Plan, PlanResource } from "../../model/plan";
import { AZ_LETTERS } from "../../model/cidr";

/** One stack as the parity check sees it: its resolved settings and its captured plan. */
export type { StackView } from "../../model/plan";
import type { StackView } from "../../model/plan";
import { T } from "../../model/resource-types";

/**
 * Why two environments may differ:
 * - identity: names, namespaces, CIDRs, domains — what keeps environments apart (isolation);
 * - scale: sizes and counts (the spec: "same structure, different scale");
 * - safety: protections, retention, redundancy, deploy gates (monotone: prod ≥ staging ≥ dev);
 * - data: where the environment's data comes from (spec: synthetic, sanitized prod, real);
 * - developer: dev only — what makes dev fast and cheap to iterate on (the spec's "relaxed for
 *   debugging", "can go down anytime").
 */
export const DIFFERENCE_KINDS = ["identity", "scale", "safety", "data", "developer"] as const;
export type DifferenceKind = (typeof DIFFERENCE_KINDS)[number];

export interface DeclaredDifference {
  /** A settings path (`database.multiAz`); covers every leaf under it (`deployWindow` covers `.days`). */
  readonly setting: string;
  readonly kind: DifferenceKind;
  /** Why the environments differ here: the sentence a reviewer reads in stacks/PARITY.md. */
  readonly reason: string;
  /**
   * A difference a stack file may introduce but the committed stacks need not show (staging
   * restored from a production snapshot): allowed when present, not reported stale when absent.
   */
  readonly optional?: boolean;
}

/** The declared differences between the stacks of two tiers, `lower` being the less critical. */
export interface TierPair {
  readonly lower: Tier;
  readonly upper: Tier;
  readonly differences: readonly DeclaredDifference[];
}

/**
 * What a knob is allowed to change in a plan's shape when it differs. Patterns are globs (`*`
 * matches anything) over roles (`db-rotation`, `alb-sg-in-*`), `role.inputKey`,
 * `role.option`, or `from -> to` for edges. A resource only one side has is excused with every
 * edge touching it.
 */
export interface KnobEffects {
  readonly resources?: readonly string[];
  readonly inputs?: readonly string[];
  readonly options?: readonly string[];
  readonly edges?: readonly string[];
}

export type DriftKind = "setting" | "resource" | "edge" | "input" | "option";

export interface Drift {
  readonly kind: DriftKind;
  /** What drifted, in the form KnobEffects patterns match: a settings path, role, `role.key`, `a -> b`. */
  readonly subject: string;
  /** The two sides, in words: "false in staging, true in prod", "only in prod". */
  readonly detail: string;
}

export interface PairReport {
  readonly lower: string;
  readonly upper: string;
  readonly lowerTier: Tier;
  readonly upperTier: Tier;
  /** Differences with a declaration that covers them, and which setting did. */
  readonly declared: readonly { readonly drift: Drift; readonly by: string }[];
  readonly undeclared: readonly Drift[];
}

// ---------------------------------------------------------------------------------------------
// Shape
// ---------------------------------------------------------------------------------------------

const AZ_SEGMENT = new RegExp(`-[${AZ_LETTERS.join("")}](?=-|$)`, "g");

/** `prod-nat-eip-b` → `nat-eip-{az}`; the root stack and the component get fixed roles. */
export function roleOf(resource: Pick<PlanResource, "type" | "name">, stack: string): string {
  if (resource.type === T.stack) return "(stack)";
  if (resource.name === stack) return "(environment)";
  const base = resource.name.startsWith(`${stack}-`) ? resource.name.slice(stack.length + 1) : resource.name;
  return base.replace(AZ_SEGMENT, "-{az}");
}

interface ShapeNode {
  readonly type: string;
  readonly role: string;
  /** How many resources fold into this role (one per AZ for `{az}` roles). */
  count: number;
  readonly inputKeys: Set<string>;
  /** Each option's value(s) across the folded resources, as text. */
  readonly options: Map<string, Set<string>>;
}

export interface Shape {
  /** Keyed by role: names are unique within a stack, so a role is too. */
  readonly nodes: ReadonlyMap<string, ShapeNode>;
  /** `from -> to` (dependency) and `from parent to` (parent link), between roles. */
  readonly edges: ReadonlySet<string>;
}

const OPTION_KEYS = ["protect", "retainOnDelete", "deleteBeforeReplace", "ignoreChanges"] as const;

export function shapeOf(plan: Plan): Shape {
  const roleByUrn = new Map(plan.resources.map((r) => [r.urn, roleOf(r, plan.stack)]));
  const nodes = new Map<string, ShapeNode>();
  const edges = new Set<string>();
  for (const r of plan.resources) {
    const role = roleByUrn.get(r.urn)!;
    let node = nodes.get(role);
    if (!node) {
      node = { type: r.type, role, count: 0, inputKeys: new Set(), options: new Map() };
      nodes.set(role, node);
    }
    node.count += 1;
    for (const key of Object.keys(r.inputs)) node.inputKeys.add(key);
    for (const key of OPTION_KEYS) {
      const value = r.options[key];
      const text = Array.isArray(value) ? `[${value.join(", ")}]` : String(value);
      node.options.set(key, (node.options.get(key) ?? new Set()).add(text));
    }
    for (const dep of r.dependencies) edges.add(`${role} -> ${roleByUrn.get(dep) ?? dep}`);
    if (r.parent) edges.add(`${role} parent ${roleByUrn.get(r.parent) ?? r.parent}`);
  }
  return { nodes, edges };
}

// ---------------------------------------------------------------------------------------------
// Comparison
// ---------------------------------------------------------------------------------------------

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function show(value: unknown): string {
  if (value === undefined) return "unset";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Every settings leaf that differs, as `path: <a> in <lower>, <b> in <upper>`. */
export function settingDrifts(lower: StackView, upper: StackView): Drift[] {
  const drifts: Drift[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (isPlainObject(a) && isPlainObject(b)) {
      for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
        walk(a[key], b[key], path ? `${path}.${key}` : key);
      }
      return;
    }
    if (JSON.stringify(a) !== JSON.stringify(b)) {
      drifts.push({
        kind: "setting",
        subject: path,
        detail: `${show(a)} in ${lower.stack}, ${show(b)} in ${upper.stack}`,
      });
    }
  };
  walk(lower.settings, upper.settings, "");
  return drifts;
}

/** Every structural difference between two plans' shapes. */
export function shapeDrifts(lower: StackView, upper: StackView): Drift[] {
  const a = shapeOf(lower.plan);
  const b = shapeOf(upper.plan);
  const drifts: Drift[] = [];
  const only = (side: StackView) => `only in ${side.stack}`;

  for (const role of [...new Set([...a.nodes.keys(), ...b.nodes.keys()])].sort()) {
    const x = a.nodes.get(role);
    const y = b.nodes.get(role);
    if (!x || !y) {
      const node = (x ?? y)!;
      drifts.push({
        kind: "resource",
        subject: role,
        detail: `${shortType(node.type)} ${only(x ? lower : upper)}`,
      });
      continue;
    }
    if (x.type !== y.type) {
      drifts.push({
        kind: "resource",
        subject: role,
        detail: `${x.type} in ${lower.stack}, ${y.type} in ${upper.stack}`,
      });
      continue;
    }
    for (const key of [...new Set([...x.inputKeys, ...y.inputKeys])].sort()) {
      if (x.inputKeys.has(key) !== y.inputKeys.has(key)) {
        drifts.push({
          kind: "input",
          subject: `${role}.${key}`,
          detail: `set ${only(x.inputKeys.has(key) ? lower : upper)}`,
        });
      }
    }
    for (const key of OPTION_KEYS) {
      const vx = [...(x.options.get(key) ?? [])].sort().join(" | ");
      const vy = [...(y.options.get(key) ?? [])].sort().join(" | ");
      if (vx !== vy) {
        drifts.push({
          kind: "option",
          subject: `${role}.${key}`,
          detail: `${vx} in ${lower.stack}, ${vy} in ${upper.stack}`,
        });
      }
    }
  }

  // Edges only between roles both sides have: one touching a lone resource is part of that drift.
  const shared = (edge: string) => {
    const [from, , to] = edge.split(" ");
    return a.nodes.has(from!) && b.nodes.has(from!) && a.nodes.has(to!) && b.nodes.has(to!);
  };
  for (const edge of [...new Set([...a.edges, ...b.edges])].sort()) {
    if (!shared(edge) || a.edges.has(edge) === b.edges.has(edge)) continue;
    const dependency = edge.includes(" -> ");
    drifts.push({
      kind: "edge",
      subject: edge,
      detail: `${dependency ? "dependency" : "parent link"} ${only(a.edges.has(edge) ? lower : upper)}`,
    });
  }
  return drifts;
}

/**
 * A knob's effect pattern as a regular expression, compiled once: the check tries every pattern
 * against every drift of every pair of stacks, and compiling them there was most of its time.
 */
function glob(pattern: string): RegExp {
  let compiled = globs.get(pattern);
  if (!compiled) {
    const body = pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*");
    globs.set(pattern, (compiled = new RegExp(`^${body}$`)));
  }
  return compiled;
}
const globs = new Map<string, RegExp>();

/** Does a declared settings path cover a leaf path (itself or anything under it)? */
export function covers(declared: string, path: string): boolean {
  return path === declared || path.startsWith(`${declared}.`);
}

const EFFECT_FIELD: Readonly<Record<Exclude<DriftKind, "setting">, keyof KnobEffects>> = {
  resource: "resources",
  input: "inputs",
  option: "options",
  edge: "edges",
};

/**
 * Compare two stacks against the declarations of their tier pair. A structural drift is excused
 * only by a knob that is declared for this pair *and* actually differs between the two stacks.
 */
export function checkPair(
  lower: StackView,
  upper: StackView,
  differences: readonly DeclaredDifference[],
  effects: Readonly<Record<string, KnobEffects>>,
): PairReport {
  const declared: { drift: Drift; by: string }[] = [];
  const undeclared: Drift[] = [];
  const settings = settingDrifts(lower, upper);
  const active = new Set<string>();
  for (const drift of settings) {
    const by = differences.find((d) => covers(d.setting, drift.subject));
    if (by) {
      declared.push({ drift, by: by.setting });
      active.add(by.setting);
    } else undeclared.push(drift);
  }
  for (const drift of shapeDrifts(lower, upper)) {
    const field = EFFECT_FIELD[drift.kind as Exclude<DriftKind, "setting">];
    const by = Object.entries(effects).find(
      ([knob, effect]) =>
        [...active].some((a) => covers(a, knob) || covers(knob, a)) &&
        (effect[field] ?? []).some((p) => glob(p).test(drift.subject)),
    );
    if (by) declared.push({ drift, by: by[0] });
    else undeclared.push(drift);
  }
  return {
    lower: lower.stack,
    upper: upper.stack,
    lowerTier: lower.settings.tier,
    upperTier: upper.settings.tier,
    declared,
    undeclared,
  };
}

/** Every pair of stacks the declarations apply to: each stack of `lower` tier with each of `upper`. */
export function checkParity(
  views: readonly StackView[],
  pairs: readonly TierPair[],
  effects: Readonly<Record<string, KnobEffects>>,
): PairReport[] {
  const reports: PairReport[] = [];
  for (const pair of pairs) {
    for (const lower of views.filter((v) => v.settings.tier === pair.lower)) {
      for (const upper of views.filter((v) => v.settings.tier === pair.upper)) {
        reports.push(checkPair(lower, upper, pair.differences, effects));
      }
    }
  }
  return reports;
}

/** One line per undeclared drift, saying where to declare it. */
export function describeDrift(report: PairReport): string[] {
  return report.undeclared.map(
    (d) =>
      `${report.lower} → ${report.upper}: undeclared ${d.kind} difference ${d.subject} (${d.detail})` +
      (d.kind === "setting"
        ? "; declare it with its reason in src/reports/parity/declared.ts, or make the environments agree"
        : "; list it under the knob that causes it in KNOB_EFFECTS (src/reports/parity/declared.ts), or make the environments agree"),
  );
}

/**
 * Declarations that match nothing: a knob declared for a pair of tiers whose stacks all agree on
 * it. A stale declaration would silently allow a future drift, so it is reported too.
 */
export function unusedDeclarations(reports: readonly PairReport[], pairs: readonly TierPair[]): string[] {
  const problems: string[] = [];
  for (const pair of pairs) {
    const mine = reports.filter((r) => r.lowerTier === pair.lower && r.upperTier === pair.upper);
    if (mine.length === 0) continue;
    for (const d of pair.differences.filter((x) => !x.optional)) {
      if (!mine.some((r) => r.declared.some((x) => x.by === d.setting))) {
        problems.push(
          `${pair.lower} → ${pair.upper}: "${d.setting}" is declared as a difference but no two stacks differ on it; remove the declaration`,
        );
      }
    }
  }
  return problems;
}
