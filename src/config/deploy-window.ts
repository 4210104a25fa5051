/**
 * The deploy-window guard: may a `pulumi up` on a production-tier stack run now?
 *
 * Pure: no I/O, no Pulumi, no clock. The caller passes `now`, the window from stack config, whether
 * this run is a preview, and the hotfix approval it was given (see `hotfixFromEnv`), and gets back
 * a decision it can act on and record. The seed's rule is "Staging → Prod: Mon-Thu 10am-2pm";
 * "Hotfix → Prod: emergency only, CTO/VP Eng approval".
 *
 * Windows are wall-clock times in an IANA time zone, so "10:00" means 10:00 on the office clock on
 * both sides of a daylight-saving change. Wall-clock parts come from `Intl.DateTimeFormat`; no date
 * library is needed.
 */

import type { DeployWindow, Weekday } from "../model/settings";
import { WEEKDAYS } from "../model/settings";

export type { DeployWindow, Weekday };
export { WEEKDAYS };

/** The seed's production window: Mon-Thu 10am-2pm, on the New York office clock. */
export const DEFAULT_DEPLOY_WINDOW: DeployWindow = Object.freeze({
  days: Object.freeze(["mon", "tue", "wed", "thu"] as Weekday[]),
  start: "10:00",
  end: "14:00",
  timezone: "America/New_York",
});

/** Who approved an out-of-window production deploy, and why it could not wait. */
export interface Hotfix {
  readonly approver: string;
  readonly reason: string;
}

export type DeployDecision =
  | { readonly allowed: true; readonly via: "preview" | "window" | "hotfix"; readonly hotfix?: Hotfix }
  | { readonly allowed: false; readonly message: string; readonly nextOpen: Date };

/** Environment variables that carry a hotfix approval into the program (set by release.yml). */
export const HOTFIX_APPROVER_ENV = "INFRA_HOTFIX_APPROVER";
export const HOTFIX_REASON_ENV = "INFRA_HOTFIX_REASON";
/**
 * The GitHub environment release.yml deploys a hotfix in, whose only reviewers are the CTO and
 * the VP Eng (docs/promotion.md, "The hotfix path"); a test keeps it equal to the workflow's.
 */
export const HOTFIX_ENVIRONMENT = "production-hotfix";

const DAY_LABEL: Record<Weekday, string> = {
  mon: "Mon",
  tue: "Tue",
  wed: "Wed",
  thu: "Thu",
  fri: "Fri",
  sat: "Sat",
  sun: "Sun",
};

/** `Date.getUTCDay()` numbering (0 = Sunday) to our day names. */
const DAY_BY_UTC_INDEX: readonly Weekday[] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

const MINUTES_PER_DAY = 24 * 60;
const MS_PER_MINUTE = 60_000;

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

/**
 * Everything wrong with a window, as sentences that name the key, the value given and the fix.
 * Empty when the window is usable. Accepts `unknown` so config loaders can call it on raw YAML.
 *
 * @param path how the window is named in messages, e.g. "infra:deployWindow".
 */
const WINDOW_KEYS = ["days", "start", "end", "timezone"] as const;

export function validateDeployWindow(window: unknown, path = "deployWindow"): string[] {
  if (typeof window !== "object" || window === null || Array.isArray(window)) {
    return [
      `${path} must be an object like { days: [mon, tue, wed, thu], start: "10:00", end: "14:00", timezone: "America/New_York" }; got ${describe(window)}.`,
    ];
  }
  const w = window as Record<string, unknown>;
  const problems: string[] = [];
  // A misspelt key ("timeZone") would otherwise be ignored and the window read without it.
  for (const key of Object.keys(w).filter((k) => !(WINDOW_KEYS as readonly string[]).includes(k))) {
    problems.push(`${path}.${key}: unknown key; allowed keys in ${path}: ${WINDOW_KEYS.join(", ")}`);
  }

  if (!Array.isArray(w.days)) {
    problems.push(
      `${path}.days must be a list of weekdays (${WEEKDAYS.join(", ")}); got ${describe(w.days)}.`,
    );
  } else if (w.days.length === 0) {
    problems.push(
      `${path}.days is empty, so the window would never open; list at least one of ${WEEKDAYS.join(", ")}.`,
    );
  } else {
    for (const day of w.days) {
      if (!WEEKDAYS.includes(day as Weekday)) {
        problems.push(
          `${path}.days contains ${describe(day)}, which is not a weekday; use lower-case three-letter names: ${WEEKDAYS.join(", ")}.`,
        );
      }
    }
  }

  const start = checkTime(w.start, `${path}.start`, false, problems);
  const end = checkTime(w.end, `${path}.end`, true, problems);
  if (start !== undefined && end !== undefined && start >= end) {
    problems.push(
      `${path}.start (${String(w.start)}) must be before ${path}.end (${String(w.end)}); the end is exclusive and windows cannot run past midnight.`,
    );
  }

  if (typeof w.timezone !== "string" || w.timezone.trim() === "") {
    problems.push(
      `${path}.timezone must be an IANA time zone name such as "America/New_York"; got ${describe(w.timezone)}.`,
    );
  } else if (!isKnownTimeZone(w.timezone)) {
    problems.push(
      `${path}.timezone "${w.timezone}" is not a time zone this runtime knows; use an IANA name such as "America/New_York" or "Europe/London".`,
    );
  }
  return problems;
}

/** Minutes after midnight for a valid "HH:MM"; pushes a problem and returns undefined otherwise. */
function checkTime(
  value: unknown,
  key: string,
  allowMidnightEnd: boolean,
  problems: string[],
): number | undefined {
  const minutes = typeof value === "string" ? parseTime(value, allowMidnightEnd) : undefined;
  if (minutes === undefined) {
    const [allowed, example] = allowMidnightEnd
      ? ['"00:00" to "24:00"', "14:00"]
      : ['"00:00" to "23:59"', "10:00"];
    problems.push(
      `${key} must be a 24-hour time "HH:MM" from ${allowed}, e.g. "${example}"; got ${describe(value)}.`,
    );
  }
  return minutes;
}

function parseTime(text: string, allowMidnightEnd: boolean): number | undefined {
  if (allowMidnightEnd && text === "24:00") return MINUTES_PER_DAY;
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * 60 + Number(match[2]);
}

function isKnownTimeZone(timeZone: string): boolean {
  try {
    // The cached formatter: every evaluation validates the window, and building one is slow.
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  return JSON.stringify(value) ?? String(value);
}

/** Throws one error listing every problem: an unusable window is a config bug, never a "no". */
function assertValid(window: DeployWindow): void {
  const problems = validateDeployWindow(window);
  if (problems.length > 0) {
    throw new Error(`Invalid deploy window:\n  - ${problems.join("\n  - ")}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Wall-clock arithmetic
// ---------------------------------------------------------------------------------------------

/** A calendar date and time of day as read on a clock in some time zone. */
interface WallClock {
  readonly year: number;
  readonly month: number; // 1-12
  readonly day: number;
  readonly minutes: number; // minutes after local midnight
}

// Building a DateTimeFormat is slow next to using one; the cache is per zone and never changes
// behaviour, so the module stays pure in every sense that matters.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      // h23, not hour12:false: some ICU versions print midnight as "24" with the latter.
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function wallClockAt(instant: Date, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== "literal") parts[part.type] = Number(part.value);
  }
  const need = (key: string): number => {
    const value = parts[key];
    if (value === undefined || Number.isNaN(value)) throw new Error(`Intl gave no ${key} for ${timeZone}`);
    return value;
  };
  return {
    year: need("year"),
    month: need("month"),
    day: need("day"),
    minutes: need("hour") * 60 + need("minute"),
  };
}

/** The calendar weekday of a local date; the zone no longer matters once the date is known. */
function weekdayOf(date: Pick<WallClock, "year" | "month" | "day">): Weekday {
  return DAY_BY_UTC_INDEX[new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay()] as Weekday;
}

/** Local clock reading minus UTC at `instant`, in minutes (e.g. -240 for New York in summer). */
function offsetMinutesAt(instantMs: number, timeZone: string): number {
  // Seconds are dropped by the formatter, so compare against the instant floored to the minute.
  const flooredMs = Math.floor(instantMs / MS_PER_MINUTE) * MS_PER_MINUTE;
  const wall = wallClockAt(new Date(flooredMs), timeZone);
  const wallAsUtcMs = Date.UTC(wall.year, wall.month - 1, wall.day, 0, wall.minutes);
  return Math.round((wallAsUtcMs - flooredMs) / MS_PER_MINUTE);
}

/**
 * The instant a local clock in `timeZone` reads `minutes` on the given date.
 *
 * Around a DST change a local time can occur twice (fall back) or never (spring forward). Like
 * Temporal's "compatible" disambiguation, the earlier instant is taken for a repeated time and a
 * skipped time is pushed forward by the length of the gap (02:30 on a spring-forward night in New
 * York becomes 03:30 EDT), so a window that opens inside the gap opens as soon as the clock allows.
 */
function instantOf(date: Pick<WallClock, "year" | "month" | "day">, minutes: number, timeZone: string): Date {
  const asUtcMs = Date.UTC(date.year, date.month - 1, date.day, 0, minutes);
  // The real instant lies within a day of `asUtcMs` (offsets span -12h to +14h). Offsets sampled
  // every 12 hours across that span include the one in force on each side of any DST change, and
  // keeping only candidates that really read `minutes` on that date leaves the true solutions.
  const candidates = new Set<number>();
  for (const probeHours of [-24, -12, 0, 12, 24]) {
    const offset = offsetMinutesAt(asUtcMs + probeHours * 60 * MS_PER_MINUTE, timeZone);
    candidates.add(asUtcMs - offset * MS_PER_MINUTE);
  }
  const exact = [...candidates]
    .filter((ms) => {
      const wall = wallClockAt(new Date(ms), timeZone);
      return (
        wall.year === date.year &&
        wall.month === date.month &&
        wall.day === date.day &&
        wall.minutes === minutes
      );
    })
    .sort((a, b) => a - b);
  if (exact[0] !== undefined) return new Date(exact[0]);

  // Skipped by a spring-forward gap: read it with the offset from before the change.
  const offsetBefore = offsetMinutesAt(asUtcMs - 24 * 60 * MS_PER_MINUTE, timeZone);
  return new Date(asUtcMs - offsetBefore * MS_PER_MINUTE);
}

function addDays(date: Pick<WallClock, "year" | "month" | "day">, days: number): WallClock {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    minutes: 0,
  };
}

// ---------------------------------------------------------------------------------------------
// The guard
// ---------------------------------------------------------------------------------------------

/** True when `now` falls inside the window: an allowed day, at or after `start`, before `end`. */
export function isInsideDeployWindow(now: Date, window: DeployWindow): boolean {
  assertValid(window);
  const wall = wallClockAt(now, window.timezone);
  const start = parseTime(window.start, false) as number;
  const end = parseTime(window.end, true) as number;
  return window.days.includes(weekdayOf(wall)) && wall.minutes >= start && wall.minutes < end;
}

/**
 * The next instant the window opens, strictly after `now`: from inside a window this is the start
 * of the next one, so a message never points at a window that is already running.
 */
export function nextWindowOpen(now: Date, window: DeployWindow): Date {
  assertValid(window);
  const start = parseTime(window.start, false) as number;
  const today = wallClockAt(now, window.timezone);
  // Eight days reach the same weekday next week even when today's opening has passed.
  for (let offset = 0; offset <= 8; offset += 1) {
    const date = addDays(today, offset);
    if (!window.days.includes(weekdayOf(date))) continue;
    const open = instantOf(date, start, window.timezone);
    if (open.getTime() > now.getTime()) return open;
  }
  // Unreachable for a validated window (at least one day); kept so a logic slip fails loudly.
  throw new Error(`No opening of the deploy window within 8 days of ${now.toISOString()}`);
}

/**
 * Decide whether a deploy may run now.
 *
 * - A preview changes nothing, so it is never blocked.
 * - Inside the window the deploy runs; a complete hotfix given anyway is passed back so it can still
 *   be recorded, an incomplete one is ignored because the window alone allows the deploy.
 * - Outside the window only a hotfix with a non-blank approver and reason lets it run.
 *
 * Throws when the window itself is invalid (see `validateDeployWindow`): that is a config error to
 * fix, not a reason to block or to allow.
 */
export function checkDeployWindow(args: {
  readonly now: Date;
  readonly window: DeployWindow;
  readonly preview: boolean;
  readonly hotfix?: Hotfix;
}): DeployDecision {
  const { now, window, preview, hotfix } = args;
  assertValid(window);
  if (preview) return { allowed: true, via: "preview" };

  const missing = hotfix ? missingHotfixFields(hotfix) : ["approver", "reason"];
  const complete: Hotfix | undefined =
    hotfix && missing.length === 0
      ? { approver: hotfix.approver.trim(), reason: hotfix.reason.trim() }
      : undefined;

  if (isInsideDeployWindow(now, window)) {
    return complete ? { allowed: true, via: "window", hotfix: complete } : { allowed: true, via: "window" };
  }
  if (complete) return { allowed: true, via: "hotfix", hotfix: complete };

  const nextOpen = nextWindowOpen(now, window);
  const lines = [
    `Deploy blocked: deploys to this stack run only ${describeWindow(window)}; it is now ${formatWallClock(now, window.timezone)} (${isoUtc(now)}).`,
  ];
  if (hotfix) {
    lines.push(
      `The hotfix approval given is incomplete: ${missing.map((f) => `${f} is empty`).join(" and ")}.`,
    );
  }
  lines.push(
    `Next window opens ${formatWallClock(nextOpen, window.timezone)} (${isoUtc(nextOpen)}).`,
    `To deploy now on the hotfix path (emergency only): run the release workflow from main with the hotfix/* branch or tag as ref, hotfix ticked and a reason; the CTO or VP Eng approves its ${HOTFIX_ENVIRONMENT} environment. Without CI, set ${HOTFIX_APPROVER_ENV} and ${HOTFIX_REASON_ENV} (docs/promotion.md, "The hotfix path").`,
  );
  return { allowed: false, message: lines.join("\n"), nextOpen };
}

function missingHotfixFields(hotfix: Hotfix): string[] {
  const missing: string[] = [];
  if (typeof hotfix.approver !== "string" || hotfix.approver.trim() === "") missing.push("approver");
  if (typeof hotfix.reason !== "string" || hotfix.reason.trim() === "") missing.push("reason");
  return missing;
}

/**
 * The hotfix approval carried by environment variables, or undefined when neither is set. When
 * only one is set the half-filled approval is returned as is, so `checkDeployWindow` can say which
 * half is missing instead of silently treating it as "no hotfix".
 */
export function hotfixFromEnv(env: Readonly<Record<string, string | undefined>>): Hotfix | undefined {
  const approver = env[HOTFIX_APPROVER_ENV] ?? "";
  const reason = env[HOTFIX_REASON_ENV] ?? "";
  if (approver.trim() === "" && reason.trim() === "") return undefined;
  return { approver, reason };
}

// ---------------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------------

/** "Mon 2026-11-30 10:00 America/New_York": the instant as read on the window's clock. */
export function formatWallClock(instant: Date, timeZone: string): string {
  const wall = wallClockAt(instant, timeZone);
  const hh = Math.floor(wall.minutes / 60);
  const mm = wall.minutes % 60;
  return `${DAY_LABEL[weekdayOf(wall)]} ${wall.year}-${pad(wall.month)}-${pad(wall.day)} ${pad(hh)}:${pad(mm)} ${timeZone}`;
}

/** "Mon-Thu 10:00-14:00 America/New_York". */
export function describeWindow(window: DeployWindow): string {
  return `${describeDays(window.days)} ${window.start}-${window.end} ${window.timezone}`;
}

/** Runs of three or more consecutive days collapse to "Mon-Thu"; shorter runs are listed. */
function describeDays(days: readonly Weekday[]): string {
  const indexes = [...new Set(days)].map((d) => WEEKDAYS.indexOf(d)).sort((a, b) => a - b);
  const groups: string[] = [];
  let i = 0;
  while (i < indexes.length) {
    let j = i;
    while (j + 1 < indexes.length && (indexes[j + 1] as number) === (indexes[j] as number) + 1) j += 1;
    const label = (k: number): string => DAY_LABEL[WEEKDAYS[indexes[k] as number] as Weekday];
    if (j - i >= 2) groups.push(`${label(i)}-${label(j)}`);
    else for (let k = i; k <= j; k += 1) groups.push(label(k));
    i = j + 1;
  }
  return groups.join(", ");
}

/** ISO 8601 in UTC without milliseconds: windows are whole minutes, the zeros are noise. */
function isoUtc(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}
