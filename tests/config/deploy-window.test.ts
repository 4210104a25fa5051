/**
 * The deploy-window guard, with every expected instant worked out by hand (and cross-checked with
 * GNU `date`), never computed by the code under test.
 *
 * New York: EST = UTC-5, EDT = UTC-4; 2026 DST starts Sun 2026-03-08 02:00 EST and ends
 * Sun 2026-11-01 02:00 EDT. London: GMT = UTC+0, BST = UTC+1; BST runs 2026-03-29 to 2026-10-25.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";

import {
  checkDeployWindow,
  DEFAULT_DEPLOY_WINDOW,
  describeWindow,
  formatWallClock,
  HOTFIX_ENVIRONMENT,
  hotfixFromEnv,
  isInsideDeployWindow,
  nextWindowOpen,
  validateDeployWindow,
  type DeployWindow,
} from "../../src/config/deploy-window";

const NY = DEFAULT_DEPLOY_WINDOW;
const at = (iso: string): Date => new Date(iso);
const HOTFIX_LINE =
  'To deploy now on the hotfix path (emergency only): run the release workflow from main with the hotfix/* branch or tag as ref, hotfix ticked and a reason; the CTO or VP Eng approves its production-hotfix environment. Without CI, set INFRA_HOTFIX_APPROVER and INFRA_HOTFIX_REASON (docs/promotion.md, "The hotfix path").';

describe("the blocked message's hotfix procedure", () => {
  it("names the environment release.yml deploys a hotfix in, and the docs' section", () => {
    const root = resolve(__dirname, "../..");
    const release = parse(readFileSync(join(root, ".github/workflows/release.yml"), "utf8")) as {
      jobs: Record<string, { environment?: string; steps?: Array<{ with?: { command?: string } }> }>;
    };
    const deploys = Object.values(release.jobs).filter((j) => j.steps?.some((s) => s.with?.command === "up"));
    assert.ok(deploys.length > 0, "release.yml has no job running `up`");
    for (const j of deploys)
      assert.match(String(j.environment), new RegExp(`inputs\\.hotfix && '${HOTFIX_ENVIRONMENT}'`));
    assert.ok(HOTFIX_LINE.includes(HOTFIX_ENVIRONMENT));
    assert.ok(readFileSync(join(root, "docs/promotion.md"), "utf8").includes("\n## The hotfix path\n"));
  });
});

describe("DEFAULT_DEPLOY_WINDOW", () => {
  it("is the seed's Mon-Thu 10am-2pm on the New York clock", () => {
    assert.deepEqual(
      { ...NY, days: [...NY.days] },
      { days: ["mon", "tue", "wed", "thu"], start: "10:00", end: "14:00", timezone: "America/New_York" },
    );
    assert.equal(describeWindow(NY), "Mon-Thu 10:00-14:00 America/New_York");
    assert.deepEqual(validateDeployWindow(NY), []);
  });
});

describe("window edges (America/New_York, EST in late November)", () => {
  // Mon 2026-11-30 and Thu 2026-12-03 are in EST: local = UTC - 5h.
  const cases: Array<[string, string, boolean]> = [
    ["Mon 09:59", "2026-11-30T14:59:00Z", false],
    ["Mon 09:59:59", "2026-11-30T14:59:59Z", false],
    ["Mon 10:00", "2026-11-30T15:00:00Z", true],
    ["Mon 13:59", "2026-11-30T18:59:00Z", true],
    ["Mon 13:59:59.999", "2026-11-30T18:59:59.999Z", true],
    ["Mon 14:00", "2026-11-30T19:00:00Z", false],
    ["Thu 09:59", "2026-12-03T14:59:00Z", false],
    ["Thu 10:00", "2026-12-03T15:00:00Z", true],
    ["Thu 13:59", "2026-12-03T18:59:00Z", true],
    ["Thu 14:00", "2026-12-03T19:00:00Z", false],
    ["Thu 19:30 (evening)", "2026-12-04T00:30:00Z", false],
    ["Fri 11:00", "2026-12-04T16:00:00Z", false],
    ["Sat 11:00", "2026-11-28T16:00:00Z", false],
    ["Sun 11:00", "2026-11-29T16:00:00Z", false],
  ];
  for (const [label, iso, inside] of cases) {
    it(`${label} local is ${inside ? "inside" : "outside"}`, () => {
      assert.equal(isInsideDeployWindow(at(iso), NY), inside);
      const decision = checkDeployWindow({ now: at(iso), window: NY, preview: false });
      assert.equal(decision.allowed, inside);
      if (decision.allowed) assert.equal(decision.via, "window");
    });
  }

  it("reads the weekday on the window's clock, not in UTC", () => {
    // 2026-12-01T02:00Z is Tuesday in UTC but Mon 21:00 in New York: outside, and the next open
    // is Tue 10:00 EST, not Wednesday.
    assert.equal(isInsideDeployWindow(at("2026-12-01T02:00:00Z"), NY), false);
    assert.deepEqual(nextWindowOpen(at("2026-12-01T02:00:00Z"), NY), at("2026-12-01T15:00:00Z"));
  });
});

describe("nextWindowOpen", () => {
  const cases: Array<[string, string, string]> = [
    ["Mon 09:59 -> Mon 10:00", "2026-11-30T14:59:00Z", "2026-11-30T15:00:00Z"],
    ["Mon 10:00 (inside) -> Tue 10:00", "2026-11-30T15:00:00Z", "2026-12-01T15:00:00Z"],
    ["Mon 14:00 -> Tue 10:00", "2026-11-30T19:00:00Z", "2026-12-01T15:00:00Z"],
    ["Thu 13:59 (inside) -> Mon 10:00", "2026-12-03T18:59:00Z", "2026-12-07T15:00:00Z"],
    ["Thu evening -> Mon 10:00", "2026-12-04T00:30:00Z", "2026-12-07T15:00:00Z"],
    ["Fri -> Mon", "2026-11-27T20:30:00Z", "2026-11-30T15:00:00Z"],
    ["Sat -> Mon", "2026-11-28T16:00:00Z", "2026-11-30T15:00:00Z"],
    ["Sun 23:59 -> Mon", "2026-11-30T04:59:00Z", "2026-11-30T15:00:00Z"],
  ];
  for (const [label, now, expected] of cases) {
    it(label, () => assert.deepEqual(nextWindowOpen(at(now), NY), at(expected)));
  }
});

describe("daylight-saving changes in America/New_York", () => {
  it("spring forward: Monday 2026-03-09 10:00 EDT (14:00Z) is inside, 09:59 EDT is outside", () => {
    assert.equal(isInsideDeployWindow(at("2026-03-09T14:00:00Z"), NY), true);
    assert.equal(isInsideDeployWindow(at("2026-03-09T13:59:00Z"), NY), false);
    // 14:30Z is 10:30 EDT; read with last week's EST offset it would wrongly be 09:30.
    assert.equal(isInsideDeployWindow(at("2026-03-09T14:30:00Z"), NY), true);
    // 18:00Z is 14:00 EDT: closed, though EST arithmetic would say 13:00.
    assert.equal(isInsideDeployWindow(at("2026-03-09T18:00:00Z"), NY), false);
    assert.equal(isInsideDeployWindow(at("2026-03-09T17:59:00Z"), NY), true);
  });

  it("spring forward: from Friday 2026-03-06 (EST) the next open is Monday 10:00 EDT = 14:00Z", () => {
    assert.deepEqual(nextWindowOpen(at("2026-03-06T20:00:00Z"), NY), at("2026-03-09T14:00:00Z"));
    // On the change night itself, Sun 03:30 EDT.
    assert.deepEqual(nextWindowOpen(at("2026-03-08T07:30:00Z"), NY), at("2026-03-09T14:00:00Z"));
  });

  it("fall back: Monday 2026-11-02 10:00 EST (15:00Z) is inside, 14:30Z (09:30 EST) is outside", () => {
    assert.equal(isInsideDeployWindow(at("2026-11-02T15:00:00Z"), NY), true);
    assert.equal(isInsideDeployWindow(at("2026-11-02T14:30:00Z"), NY), false);
    assert.equal(isInsideDeployWindow(at("2026-11-02T18:59:00Z"), NY), true);
    assert.equal(isInsideDeployWindow(at("2026-11-02T19:00:00Z"), NY), false);
  });

  it("fall back: from Thursday 2026-10-29 14:00 EDT the next open is Monday 10:00 EST = 15:00Z", () => {
    assert.deepEqual(nextWindowOpen(at("2026-10-29T18:00:00Z"), NY), at("2026-11-02T15:00:00Z"));
    // From the repeated hour on the change night (01:30 EST, the second 01:30).
    assert.deepEqual(nextWindowOpen(at("2026-11-01T06:30:00Z"), NY), at("2026-11-02T15:00:00Z"));
  });

  it("a window opening inside the spring-forward gap opens when the clock resumes (02:30 -> 03:30 EDT)", () => {
    const sundayNight: DeployWindow = {
      days: ["sun"],
      start: "02:30",
      end: "05:00",
      timezone: "America/New_York",
    };
    // Sat 2026-03-07 12:00 EST; Sun 02:30 does not exist, 03:30 EDT = 07:30Z.
    assert.deepEqual(nextWindowOpen(at("2026-03-07T17:00:00Z"), sundayNight), at("2026-03-08T07:30:00Z"));
  });

  it("a window opening in the repeated fall-back hour opens at its first occurrence (01:30 EDT)", () => {
    const sundayNight: DeployWindow = {
      days: ["sun"],
      start: "01:30",
      end: "05:00",
      timezone: "America/New_York",
    };
    assert.deepEqual(nextWindowOpen(at("2026-10-31T16:00:00Z"), sundayNight), at("2026-11-01T05:30:00Z"));
  });
});

describe("a non-US time zone (Europe/London, Mon-Fri 09:00-17:00)", () => {
  const LONDON: DeployWindow = {
    days: ["mon", "tue", "wed", "thu", "fri"],
    start: "09:00",
    end: "17:00",
    timezone: "Europe/London",
  };

  it("uses BST in summer and GMT in winter", () => {
    // Mon 2026-03-30 09:00 BST = 08:00Z.
    assert.equal(isInsideDeployWindow(at("2026-03-30T08:00:00Z"), LONDON), true);
    assert.equal(isInsideDeployWindow(at("2026-03-30T07:59:00Z"), LONDON), false);
    // Mon 2026-11-30 09:00 GMT = 09:00Z.
    assert.equal(isInsideDeployWindow(at("2026-11-30T08:59:00Z"), LONDON), false);
    assert.equal(isInsideDeployWindow(at("2026-11-30T09:00:00Z"), LONDON), true);
  });

  it("next open across the October change lands on Monday 09:00 GMT", () => {
    // Fri 2026-10-23 17:00 BST (16:00Z) -> Mon 2026-10-26 09:00 GMT = 09:00Z.
    assert.deepEqual(nextWindowOpen(at("2026-10-23T16:00:00Z"), LONDON), at("2026-10-26T09:00:00Z"));
    // Fri 2026-03-27 17:00 GMT (17:00Z) -> Mon 2026-03-30 09:00 BST = 08:00Z.
    assert.deepEqual(nextWindowOpen(at("2026-03-27T17:00:00Z"), LONDON), at("2026-03-30T08:00:00Z"));
  });

  it("a zone ahead of UTC reads the local date (Asia/Tokyo, UTC+9)", () => {
    const tokyo: DeployWindow = { ...NY, timezone: "Asia/Tokyo" };
    // Sun 2026-11-29T23:30Z is Mon 08:30 JST; the window opens Mon 10:00 JST = 01:00Z.
    assert.equal(isInsideDeployWindow(at("2026-11-29T23:30:00Z"), tokyo), false);
    assert.deepEqual(nextWindowOpen(at("2026-11-29T23:30:00Z"), tokyo), at("2026-11-30T01:00:00Z"));
    assert.equal(isInsideDeployWindow(at("2026-11-30T01:00:00Z"), tokyo), true);
  });

  it("an end of 24:00 keeps the window open to midnight", () => {
    const lateShift: DeployWindow = { days: ["sat"], start: "20:00", end: "24:00", timezone: "UTC" };
    assert.equal(isInsideDeployWindow(at("2026-11-28T23:59:00Z"), lateShift), true);
    assert.equal(isInsideDeployWindow(at("2026-11-29T00:00:00Z"), lateShift), false);
  });
});

describe("checkDeployWindow", () => {
  const friday = at("2026-11-27T20:30:00Z"); // Fri 15:30 EST
  const monday = at("2026-11-30T16:00:00Z"); // Mon 11:00 EST

  it("never blocks a preview, inside or outside the window", () => {
    assert.deepEqual(checkDeployWindow({ now: friday, window: NY, preview: true }), {
      allowed: true,
      via: "preview",
    });
    assert.deepEqual(checkDeployWindow({ now: monday, window: NY, preview: true }), {
      allowed: true,
      via: "preview",
    });
    assert.deepEqual(
      checkDeployWindow({ now: friday, window: NY, preview: true, hotfix: { approver: "", reason: "" } }),
      { allowed: true, via: "preview" },
    );
  });

  it("allows a deploy inside the window", () => {
    assert.deepEqual(checkDeployWindow({ now: monday, window: NY, preview: false }), {
      allowed: true,
      via: "window",
    });
  });

  it("allows an out-of-window hotfix and records it, trimmed", () => {
    const decision = checkDeployWindow({
      now: friday,
      window: NY,
      preview: false,
      hotfix: { approver: "  vp-eng-alice ", reason: " INC-4521: checkout returns 500 \n" },
    });
    assert.deepEqual(decision, {
      allowed: true,
      via: "hotfix",
      hotfix: { approver: "vp-eng-alice", reason: "INC-4521: checkout returns 500" },
    });
  });

  it("passes a complete hotfix back inside the window so it is still recorded", () => {
    assert.deepEqual(
      checkDeployWindow({
        now: monday,
        window: NY,
        preview: false,
        hotfix: { approver: "cto-bob", reason: "INC-1" },
      }),
      { allowed: true, via: "window", hotfix: { approver: "cto-bob", reason: "INC-1" } },
    );
  });

  it("blocks outside the window and says when it next opens and how to override (full text)", () => {
    const decision = checkDeployWindow({ now: friday, window: NY, preview: false });
    assert.deepEqual(decision, {
      allowed: false,
      nextOpen: at("2026-11-30T15:00:00Z"),
      message: [
        "Deploy blocked: deploys to this stack run only Mon-Thu 10:00-14:00 America/New_York; it is now Fri 2026-11-27 15:30 America/New_York (2026-11-27T20:30:00Z).",
        "Next window opens Mon 2026-11-30 10:00 America/New_York (2026-11-30T15:00:00Z).",
        HOTFIX_LINE,
      ].join("\n"),
    });
  });

  it("blocks on Thursday at 14:00 and names Monday across the fall-back change (full text)", () => {
    const decision = checkDeployWindow({ now: at("2026-10-29T18:00:00Z"), window: NY, preview: false });
    assert.equal(decision.allowed, false);
    if (decision.allowed) return;
    assert.equal(
      decision.message,
      [
        "Deploy blocked: deploys to this stack run only Mon-Thu 10:00-14:00 America/New_York; it is now Thu 2026-10-29 14:00 America/New_York (2026-10-29T18:00:00Z).",
        "Next window opens Mon 2026-11-02 10:00 America/New_York (2026-11-02T15:00:00Z).",
        HOTFIX_LINE,
      ].join("\n"),
    );
  });

  it("refuses a hotfix with a blank approver and says so (full text)", () => {
    const decision = checkDeployWindow({
      now: friday,
      window: NY,
      preview: false,
      hotfix: { approver: "   ", reason: "INC-4521" },
    });
    assert.equal(decision.allowed, false);
    if (decision.allowed) return;
    assert.equal(
      decision.message,
      [
        "Deploy blocked: deploys to this stack run only Mon-Thu 10:00-14:00 America/New_York; it is now Fri 2026-11-27 15:30 America/New_York (2026-11-27T20:30:00Z).",
        "The hotfix approval given is incomplete: approver is empty.",
        "Next window opens Mon 2026-11-30 10:00 America/New_York (2026-11-30T15:00:00Z).",
        HOTFIX_LINE,
      ].join("\n"),
    );
  });

  it("refuses a hotfix with a blank reason, or with both blank, naming what is missing", () => {
    const noReason = checkDeployWindow({
      now: friday,
      window: NY,
      preview: false,
      hotfix: { approver: "cto-bob", reason: "" },
    });
    assert.equal(noReason.allowed, false);
    if (!noReason.allowed)
      assert.match(noReason.message, /^The hotfix approval given is incomplete: reason is empty\.$/m);

    const neither = checkDeployWindow({
      now: friday,
      window: NY,
      preview: false,
      hotfix: { approver: "", reason: "\t" },
    });
    assert.equal(neither.allowed, false);
    if (!neither.allowed) {
      assert.match(
        neither.message,
        /^The hotfix approval given is incomplete: approver is empty and reason is empty\.$/m,
      );
    }
  });

  it("throws on an invalid window instead of guessing", () => {
    assert.throws(
      () => checkDeployWindow({ now: friday, window: { ...NY, days: [] }, preview: true }),
      /Invalid deploy window:\n {2}- deployWindow\.days is empty/,
    );
  });
});

describe("hotfixFromEnv", () => {
  it("is undefined when neither variable is set or both are blank", () => {
    assert.equal(hotfixFromEnv({}), undefined);
    assert.equal(hotfixFromEnv({ INFRA_HOTFIX_APPROVER: "", INFRA_HOTFIX_REASON: " " }), undefined);
  });

  it("returns what was given, even half-filled, so the guard can name the missing half", () => {
    assert.deepEqual(hotfixFromEnv({ INFRA_HOTFIX_APPROVER: "cto-bob", INFRA_HOTFIX_REASON: "INC-7" }), {
      approver: "cto-bob",
      reason: "INC-7",
    });
    assert.deepEqual(hotfixFromEnv({ INFRA_HOTFIX_REASON: "INC-7" }), { approver: "", reason: "INC-7" });
  });
});

describe("validateDeployWindow", () => {
  it("accepts valid windows", () => {
    assert.deepEqual(
      validateDeployWindow({ days: ["sat"], start: "00:00", end: "24:00", timezone: "Europe/London" }),
      [],
    );
  });

  it("reports every problem with the key, the value and the fix", () => {
    assert.deepEqual(
      validateDeployWindow(
        { days: [], start: "9:00", end: "25:00", timezone: "Mars/Olympus" },
        "infra:deployWindow",
      ),
      [
        "infra:deployWindow.days is empty, so the window would never open; list at least one of mon, tue, wed, thu, fri, sat, sun.",
        'infra:deployWindow.start must be a 24-hour time "HH:MM" from "00:00" to "23:59", e.g. "10:00"; got "9:00".',
        'infra:deployWindow.end must be a 24-hour time "HH:MM" from "00:00" to "24:00", e.g. "14:00"; got "25:00".',
        'infra:deployWindow.timezone "Mars/Olympus" is not a time zone this runtime knows; use an IANA name such as "America/New_York" or "Europe/London".',
      ],
    );
  });

  it("rejects start >= end, unknown day names and 24:00 as a start", () => {
    assert.deepEqual(
      validateDeployWindow({ days: ["mon", "Fri"], start: "14:00", end: "14:00", timezone: "UTC" }),
      [
        'deployWindow.days contains "Fri", which is not a weekday; use lower-case three-letter names: mon, tue, wed, thu, fri, sat, sun.',
        "deployWindow.start (14:00) must be before deployWindow.end (14:00); the end is exclusive and windows cannot run past midnight.",
      ],
    );
    assert.deepEqual(validateDeployWindow({ days: ["mon"], start: "24:00", end: "24:00", timezone: "UTC" }), [
      'deployWindow.start must be a 24-hour time "HH:MM" from "00:00" to "23:59", e.g. "10:00"; got "24:00".',
    ]);
  });

  it("rejects a missing or non-object window and missing fields", () => {
    assert.deepEqual(validateDeployWindow("mon-thu"), [
      'deployWindow must be an object like { days: [mon, tue, wed, thu], start: "10:00", end: "14:00", timezone: "America/New_York" }; got "mon-thu".',
    ]);
    assert.deepEqual(validateDeployWindow({}), [
      "deployWindow.days must be a list of weekdays (mon, tue, wed, thu, fri, sat, sun); got nothing.",
      'deployWindow.start must be a 24-hour time "HH:MM" from "00:00" to "23:59", e.g. "10:00"; got nothing.',
      'deployWindow.end must be a 24-hour time "HH:MM" from "00:00" to "24:00", e.g. "14:00"; got nothing.',
      'deployWindow.timezone must be an IANA time zone name such as "America/New_York"; got nothing.',
    ]);
  });
});

describe("formatWallClock and describeWindow", () => {
  it("formats an instant on the window's clock", () => {
    assert.equal(
      formatWallClock(at("2026-11-30T15:00:00Z"), "America/New_York"),
      "Mon 2026-11-30 10:00 America/New_York",
    );
    assert.equal(
      formatWallClock(at("2026-11-30T05:00:00Z"), "America/New_York"),
      "Mon 2026-11-30 00:00 America/New_York",
    );
    assert.equal(
      formatWallClock(at("2026-07-01T12:05:00Z"), "Europe/London"),
      "Wed 2026-07-01 13:05 Europe/London",
    );
  });

  it("collapses runs of three or more days and lists the rest", () => {
    const base = { start: "10:00", end: "14:00", timezone: "UTC" };
    assert.equal(describeWindow({ ...base, days: ["thu", "mon", "wed", "tue"] }), "Mon-Thu 10:00-14:00 UTC");
    assert.equal(describeWindow({ ...base, days: ["mon", "tue", "fri"] }), "Mon, Tue, Fri 10:00-14:00 UTC");
    assert.equal(
      describeWindow({ ...base, days: ["mon", "wed", "thu", "fri", "sun"] }),
      "Mon, Wed-Fri, Sun 10:00-14:00 UTC",
    );
  });
});
