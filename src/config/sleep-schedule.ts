/**
 * The sleep schedule as plain data: when a sleeping environment's database starts, when its app
 * servers (and NAT instance) come back, and when everything goes to sleep; the cron expressions
 * AWS's two schedulers read (auto-scaling scheduled actions, EventBridge Scheduler) and how to
 * read them back; how many hours a week something switched by them is awake (the cost estimate
 * prices those hours); and the guard that stops a `pulumi up` on a sleeping stack.
 *
 * Pure: no Pulumi, no clock. The working week has the deploy window's shape (days, start, end,
 * IANA time zone), so its validation and wall-clock arithmetic are the deploy window's.
 */
import {
  type DeployWindow,
  describeWindow,
  formatWallClock,
  isInsideDeployWindow,
  nextWindowOpen,
  validateDeployWindow,
  WEEKDAYS,
  type Weekday,
} from "./deploy-window";
import { limitedNames } from "../model/names";
import type { SleepSettings } from "../model/settings";

/**
 * The database starts this long before the working day. Starting a stopped RDS instance takes
 * minutes (it is recovered and its storage attached before it reports "available"); half an hour
 * leaves room for that and for the servers' own start.
 * https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_StartInstance.html
 */
export const DATABASE_WAKE_LEAD_MINUTES = 30;
/** App servers and the NAT instance come back this long before the working day, after the database. */
export const SERVERS_WAKE_LEAD_MINUTES = 15;

/**
 * RDS starts a stopped instance by itself after seven days
 * (https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_StopInstance.html). The stop runs
 * every evening of the week, not only on working days, so an instance AWS (or a person) started
 * is stopped again the same evening.
 */
export const RDS_MAX_STOPPED_DAYS = 7;

export type SleepEventId = "database-start" | "servers-wake" | "sleep";

/** One recurring moment of the schedule, on the working week's clock. */
export interface SleepEvent {
  readonly id: SleepEventId;
  readonly days: readonly Weekday[];
  /** Minutes after local midnight. */
  readonly minutes: number;
}

const MINUTES_PER_DAY = 24 * 60;

function parseHhmm(text: string): number {
  const [h, m] = text.split(":").map(Number);
  return (h as number) * 60 + (m as number);
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/**
 * What is wrong with a stack's sleep schedule, one sentence each, naming `infra:sleep.<key>`.
 * Empty when it is usable (or when it is off: an unused schedule is never an error).
 */
export function sleepScheduleProblems(sleep: SleepSettings, path = "infra:sleep"): string[] {
  if (!sleep.enabled) return [];
  const problems = validateDeployWindow(
    { days: sleep.days, start: sleep.start, end: sleep.end, timezone: sleep.timezone },
    path,
  ).map((p) => p.replace(/\.$/, ""));
  if (problems.length > 0) return problems;
  if (parseHhmm(sleep.start) < DATABASE_WAKE_LEAD_MINUTES) {
    problems.push(
      `${path}.start: got "${sleep.start}"; the database starts ${DATABASE_WAKE_LEAD_MINUTES} minutes before the working day, so start must be "${hhmm(DATABASE_WAKE_LEAD_MINUTES)}" or later`,
    );
  }
  return problems;
}

/** The schedule's moments: the database starts, then the servers wake, and every evening all sleep. */
export function sleepEvents(sleep: SleepSettings): SleepEvent[] {
  const start = parseHhmm(sleep.start);
  return [
    { id: "database-start", days: [...sleep.days], minutes: start - DATABASE_WAKE_LEAD_MINUTES },
    { id: "servers-wake", days: [...sleep.days], minutes: start - SERVERS_WAKE_LEAD_MINUTES },
    // Every day, so whatever started outside the schedule (RDS after seven days) sleeps again.
    { id: "sleep", days: [...WEEKDAYS], minutes: parseHhmm(sleep.end) },
  ];
}

export function sleepEvent(sleep: SleepSettings, id: SleepEventId): SleepEvent {
  return sleepEvents(sleep).find((e) => e.id === id) as SleepEvent;
}

// ---------------------------------------------------------------------------------------------
// Cron, in the two dialects AWS's schedulers read

/** Unix cron numbers days 0-6 from Sunday. */
const UNIX_DAY: Readonly<Record<Weekday, number>> = {
  sun: 0,
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
};

function sortedDays(days: readonly Weekday[]): Weekday[] {
  return WEEKDAYS.filter((d) => days.includes(d));
}

/**
 * An auto-scaling scheduled action's `recurrence`: Unix cron "M H * * D,D", read in the action's
 * `timeZone`. https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-scheduled-scaling.html
 */
export function asgRecurrence(event: SleepEvent): string {
  const days = sortedDays(event.days).map((d) => UNIX_DAY[d]);
  return `${event.minutes % 60} ${Math.floor(event.minutes / 60)} * * ${days.join(",")}`;
}

/**
 * An EventBridge Scheduler expression: "cron(M H ? * DAY,DAY *)" (six fields, `?` for the day of
 * the month because the day of the week is given, days by name), read in the schedule's
 * `scheduleExpressionTimezone`. https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#cron-based
 */
export function schedulerCron(event: SleepEvent): string {
  const days = sortedDays(event.days).map((d) => d.toUpperCase());
  return `cron(${event.minutes % 60} ${Math.floor(event.minutes / 60)} ? * ${days.join(",")} *)`;
}

/** A moment read back from a plan: minutes after midnight and the days it recurs on. */
export interface Recurrence {
  readonly minutes: number;
  readonly days: readonly Weekday[];
}

const UNIX_DAYS_BY_NUMBER: readonly Weekday[] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/** Reads back what asgRecurrence writes; undefined for anything else (a hand-written cron). */
export function parseAsgRecurrence(text: string): Recurrence | undefined {
  const match = /^(\d{1,2}) (\d{1,2}) \* \* ([0-6](?:,[0-6])*)$/.exec(text.trim());
  if (!match) return undefined;
  const days = match[3]!.split(",").map((n) => UNIX_DAYS_BY_NUMBER[Number(n)] as Weekday);
  return { minutes: Number(match[2]) * 60 + Number(match[1]), days: sortedDays(days) };
}

/** Reads back what schedulerCron writes; undefined for anything else. */
export function parseSchedulerCron(text: string): Recurrence | undefined {
  const match = /^cron\((\d{1,2}) (\d{1,2}) \? \* ([A-Z]{3}(?:,[A-Z]{3})*) \*\)$/.exec(text.trim());
  if (!match) return undefined;
  const days = match[3]!.split(",").map((d) => d.toLowerCase() as Weekday);
  if (!days.every((d) => WEEKDAYS.includes(d))) return undefined;
  return { minutes: Number(match[2]) * 60 + Number(match[1]), days: sortedDays(days) };
}

// ---------------------------------------------------------------------------------------------
// Hours awake

/** A recurring switch: from `minutes` on each of `days`, the thing is on (awake) or off. */
export interface Switch extends Recurrence {
  readonly on: boolean;
}

export const HOURS_PER_WEEK = 7 * 24;

/**
 * Hours per week something is on, given the switches that turn it on and off (weekly, on the same
 * clock). No switches, or none that turns it off: always on. A day of the week is 24 hours here:
 * the two daylight-saving nights a year move an hour, which the monthly figure ignores.
 */
export function awakeHoursPerWeek(switches: readonly Switch[]): number {
  if (!switches.some((s) => !s.on)) return HOURS_PER_WEEK;
  const points = switches
    .flatMap((s) => s.days.map((d) => ({ at: WEEKDAYS.indexOf(d) * MINUTES_PER_DAY + s.minutes, on: s.on })))
    .sort((a, b) => a.at - b.at || Number(a.on) - Number(b.on));
  const week = 7 * MINUTES_PER_DAY;
  let onMinutes = 0;
  points.forEach((p, i) => {
    const next = points[i + 1]?.at ?? points[0]!.at + week;
    if (p.on) onMinutes += next - p.at;
  });
  return onMinutes / 60;
}

/** Hours per week the database and the servers are awake under a schedule (always on when off). */
export function scheduledHoursPerWeek(sleep: SleepSettings): { database: number; servers: number } {
  if (!sleep.enabled) return { database: HOURS_PER_WEEK, servers: HOURS_PER_WEEK };
  const off = { ...sleepEvent(sleep, "sleep"), on: false };
  return {
    database: awakeHoursPerWeek([{ ...sleepEvent(sleep, "database-start"), on: true }, off]),
    servers: awakeHoursPerWeek([{ ...sleepEvent(sleep, "servers-wake"), on: true }, off]),
  };
}

// ---------------------------------------------------------------------------------------------
// The deploy guard

/** Set to a reason to deploy to a sleeping stack anyway (after waking it, or for a change that needs no servers). */
export const SLEEP_OVERRIDE_ENV = "INFRA_DEPLOY_WHILE_ASLEEP";

export type SleepDecision =
  | {
      readonly allowed: true;
      readonly via: "no-schedule" | "preview" | "awake" | "override";
      readonly reason?: string;
    }
  | { readonly allowed: false; readonly message: string; readonly wakes: Date };

/** When the servers are up: the working days, from their wake-up to the end of the day. */
export function awakeWindow(sleep: SleepSettings): DeployWindow {
  return {
    days: sleep.days,
    start: hhmm(sleepEvent(sleep, "servers-wake").minutes),
    end: sleep.end,
    timezone: sleep.timezone,
  };
}

/**
 * May a deploy run now? A sleeping stack's app servers are at zero and its database is stopped:
 * an instance refresh would wait for instances that cannot become healthy, and RDS refuses to
 * modify a stopped instance, so `pulumi up` would hang, then fail halfway. Say so instead.
 * Previews change nothing and always run; a non-blank override reason lets the deploy run.
 */
export function checkSleep(args: {
  readonly now: Date;
  readonly stack: string;
  readonly sleep: SleepSettings;
  readonly preview: boolean;
  readonly override?: string;
}): SleepDecision {
  const { now, stack, sleep, preview } = args;
  if (!sleep.enabled) return { allowed: true, via: "no-schedule" };
  if (preview) return { allowed: true, via: "preview" };
  const window = awakeWindow(sleep);
  if (isInsideDeployWindow(now, window)) return { allowed: true, via: "awake" };
  const reason = args.override?.trim() ?? "";
  if (reason !== "") return { allowed: true, via: "override", reason };
  const wakes = nextWindowOpen(now, window);
  const message = [
    `Stack "${stack}" is asleep: its sleep schedule (infra:sleep) keeps it up ${describeWindow(window)}; it is now ${formatWallClock(now, sleep.timezone)}.`,
    "Its app servers are scaled to zero and its database is stopped, so this deploy would wait on servers that cannot become healthy and fail to modify a stopped database.",
    `It wakes ${formatWallClock(wakes, sleep.timezone)} (${wakes.toISOString().replace(/\.\d{3}Z$/, "Z")}).`,
    `To deploy now: start the database (aws rds start-db-instance --db-instance-identifier ${limitedNames(stack).database}), give the auto-scaling groups their daytime size (pulumi stack output autoScalingGroupName, natAutoScalingGroupName; aws autoscaling update-auto-scaling-group), then run again with ${SLEEP_OVERRIDE_ENV}="<why>".`,
  ].join("\n");
  return { allowed: false, message, wakes };
}
