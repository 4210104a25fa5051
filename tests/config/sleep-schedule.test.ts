/** The sleep schedule's pure logic: its moments, both cron dialects, awake hours, the deploy guard. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  asgRecurrence,
  awakeHoursPerWeek,
  checkSleep,
  parseAsgRecurrence,
  parseSchedulerCron,
  RDS_MAX_STOPPED_DAYS,
  scheduledHoursPerWeek,
  schedulerCron,
  SLEEP_OVERRIDE_ENV,
  sleepEvent,
  sleepEvents,
  sleepScheduleProblems,
} from "../../src/config/sleep-schedule";
import { WEEKDAYS } from "../../src/config/deploy-window";
import { TIER_DEFAULTS } from "../../src/config/tiers";
import type { SleepSettings } from "../../src/model/settings";

const DEV = TIER_DEFAULTS.dev.groups.sleep;
const week: SleepSettings = {
  enabled: true,
  days: ["mon", "tue", "wed", "thu", "fri"],
  start: "08:00",
  end: "20:00",
  timezone: "America/New_York",
};

describe("the schedule's moments", () => {
  test("the database starts 30 minutes before the day, the servers 15, all sleep at the end", () => {
    assert.deepEqual(
      sleepEvents(week).map((e) => [e.id, e.minutes / 60, e.days.join(",")]),
      [
        ["database-start", 7.5, "mon,tue,wed,thu,fri"],
        ["servers-wake", 7.75, "mon,tue,wed,thu,fri"],
        ["sleep", 20, "mon,tue,wed,thu,fri,sat,sun"],
      ],
    );
  });

  test("the stop runs every evening, so no stop lasts past RDS's seven days", () => {
    // Whatever the working days, the longest the schedule keeps the database stopped is the
    // gap from an evening to the next working morning, and the stop repeats every evening.
    for (const days of [["mon"], ["fri"], ["sat", "sun"], [...WEEKDAYS]] as const) {
      const s = { ...week, days: [...days] };
      assert.deepEqual(sleepEvent(s, "sleep").days, WEEKDAYS);
      const onHours = scheduledHoursPerWeek(s).database;
      // Stopped time in a week is at most a week minus one working day's awake hours: < 7 days.
      assert.ok(168 - onHours < RDS_MAX_STOPPED_DAYS * 24, `${days.join(",")}: stopped ${168 - onHours} h`);
    }
  });
});

describe("cron in AWS's two dialects", () => {
  test("auto-scaling recurrences are Unix cron with Sunday as 0", () => {
    assert.equal(asgRecurrence(sleepEvent(week, "servers-wake")), "45 7 * * 1,2,3,4,5");
    assert.equal(asgRecurrence(sleepEvent(week, "sleep")), "0 20 * * 1,2,3,4,5,6,0");
  });

  test("EventBridge Scheduler expressions have six fields, ? for the day of the month and day names", () => {
    assert.equal(schedulerCron(sleepEvent(week, "database-start")), "cron(30 7 ? * MON,TUE,WED,THU,FRI *)");
    assert.equal(schedulerCron(sleepEvent(week, "sleep")), "cron(0 20 ? * MON,TUE,WED,THU,FRI,SAT,SUN *)");
  });

  test("both read back to the moment they were written from", () => {
    for (const event of sleepEvents({ ...week, days: ["sun", "wed"], start: "06:05", end: "23:59" })) {
      const expected = { minutes: event.minutes, days: WEEKDAYS.filter((d) => event.days.includes(d)) };
      assert.deepEqual(parseAsgRecurrence(asgRecurrence(event)), expected);
      assert.deepEqual(parseSchedulerCron(schedulerCron(event)), expected);
    }
  });

  test("anything else is not read as a schedule", () => {
    assert.equal(parseAsgRecurrence("*/5 * * * *"), undefined);
    assert.equal(parseSchedulerCron("rate(1 hour)"), undefined);
    assert.equal(parseSchedulerCron("cron(0 8 ? * FUNDAY *)"), undefined);
  });
});

describe("hours awake", () => {
  test("dev's default working week: servers 61.25 h, database 62.5 h of 168", () => {
    assert.deepEqual(scheduledHoursPerWeek(DEV), { servers: 61.25, database: 62.5 });
  });

  test("no schedule, or nothing that switches off: every hour", () => {
    assert.deepEqual(scheduledHoursPerWeek({ ...DEV, enabled: false }), { servers: 168, database: 168 });
    assert.equal(awakeHoursPerWeek([]), 168);
    assert.equal(awakeHoursPerWeek([{ minutes: 0, days: ["mon"], on: true }]), 168);
  });

  test("a switch-off that wraps across the week end still counts from Sunday into Monday", () => {
    // On Sunday 22:00, off Monday 02:00: four hours a week.
    assert.equal(
      awakeHoursPerWeek([
        { minutes: 22 * 60, days: ["sun"], on: true },
        { minutes: 2 * 60, days: ["mon"], on: false },
      ]),
      4,
    );
  });
});

describe("validation", () => {
  test("the tier defaults are valid", () => {
    for (const tier of ["dev", "staging", "prod"] as const) {
      assert.deepEqual(sleepScheduleProblems({ ...TIER_DEFAULTS[tier].groups.sleep, enabled: true }), []);
    }
  });

  test("a schedule that is off is never an error", () => {
    assert.deepEqual(sleepScheduleProblems({ ...week, enabled: false, timezone: "Nowhere/Else" }), []);
  });
});

describe("a deploy to a sleeping stack", () => {
  // Sat 2026-12-05 10:00 and Tue 2026-12-01 09:00 in New York (EST, UTC-5).
  const saturday = new Date("2026-12-05T15:00:00Z");
  const tuesday = new Date("2026-12-01T14:00:00Z");
  const tuesdayNight = new Date("2026-12-02T02:00:00Z"); // Tue 21:00

  test("stops, saying why, when it wakes and how to deploy anyway", () => {
    const decision = checkSleep({ now: saturday, stack: "dev", sleep: DEV, preview: false });
    assert.equal(decision.allowed, false);
    if (decision.allowed) return;
    assert.equal(
      decision.message,
      [
        'Stack "dev" is asleep: its sleep schedule (infra:sleep) keeps it up Mon-Fri 07:45-20:00 America/New_York; it is now Sat 2026-12-05 10:00 America/New_York.',
        "Its app servers are scaled to zero and its database is stopped, so this deploy would wait on servers that cannot become healthy and fail to modify a stopped database.",
        "It wakes Mon 2026-12-07 07:45 America/New_York (2026-12-07T12:45:00Z).",
        `To deploy now: start the database (aws rds start-db-instance --db-instance-identifier dev-db), give the auto-scaling groups their daytime size (pulumi stack output autoScalingGroupName, natAutoScalingGroupName; aws autoscaling update-auto-scaling-group), then run again with ${SLEEP_OVERRIDE_ENV}="<why>".`,
      ].join("\n"),
    );
  });

  test("a weekday evening after the end is asleep too", () => {
    assert.equal(checkSleep({ now: tuesdayNight, stack: "dev", sleep: DEV, preview: false }).allowed, false);
  });

  test("runs while awake, in a preview, with an override reason, or without a schedule", () => {
    assert.deepEqual(checkSleep({ now: tuesday, stack: "dev", sleep: DEV, preview: false }), {
      allowed: true,
      via: "awake",
    });
    assert.deepEqual(checkSleep({ now: saturday, stack: "dev", sleep: DEV, preview: true }), {
      allowed: true,
      via: "preview",
    });
    assert.deepEqual(
      checkSleep({
        now: saturday,
        stack: "dev",
        sleep: DEV,
        preview: false,
        override: " woke it for INC-7 ",
      }),
      { allowed: true, via: "override", reason: "woke it for INC-7" },
    );
    assert.equal(
      checkSleep({ now: saturday, stack: "dev", sleep: DEV, preview: false, override: "  " }).allowed,
      false,
    );
    assert.deepEqual(
      checkSleep({ now: saturday, stack: "s", sleep: { ...DEV, enabled: false }, preview: false }),
      {
        allowed: true,
        via: "no-schedule",
      },
    );
  });
});
