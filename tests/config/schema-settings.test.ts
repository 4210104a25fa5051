/**
 * The zod schema and the settings types describe one shape twice. `tsc` ties their keys and
 * values together (SCHEMA_AGREES_WITH_SETTINGS in src/config/schema.ts); this test ties the
 * runtime side: every tier's defaults, and every stack's resolved settings, are accepted by the
 * full, strict schema of each group, so a key removed from the schema (or added to the settings
 * without a rule) fails here naming the group and the key.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { GROUP_SCHEMAS, SETTINGS_GROUP_SCHEMAS } from "../../src/config/schema";
import { TIERS } from "../../src/model/settings";
import { settingsOf, STACKS } from "../support/plans";
import { resolveSettings } from "../../src/config/resolve";
import { TEST_IMAGE_DIGEST } from "../support/bad-configs";

const GROUPS = Object.keys(SETTINGS_GROUP_SCHEMAS) as (keyof typeof SETTINGS_GROUP_SCHEMAS)[];

/**
 * What disagrees between a resolved group and its schema: keys only one side has, and values the
 * schema refuses. (Settings say "absent" with undefined where a stack file would omit the key.)
 */
function problems(group: keyof typeof SETTINGS_GROUP_SCHEMAS, value: object): string[] {
  const schemaKeys = Object.keys(SETTINGS_GROUP_SCHEMAS[group].shape);
  const settingsKeys = Object.keys(value);
  const onlyInSchema = schemaKeys.filter((k) => !settingsKeys.includes(k));
  const onlyInSettings = settingsKeys.filter((k) => !schemaKeys.includes(k));
  const given = Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
  const result = GROUP_SCHEMAS[group].safeParse(given);
  return [
    ...onlyInSchema.map((k) => `${group}.${k}: in the schema, not in the settings`),
    ...onlyInSettings.map((k) => `${group}.${k}: in the settings, not in the schema`),
    ...(result.success ? [] : result.error.issues.map((i) => `${group}.${i.path.join(".")}: ${i.message}`)),
  ];
}

describe("settings groups: the schema and the resolved settings agree", () => {
  for (const stack of STACKS) {
    test(`${stack}: every group of its resolved settings passes its strict schema`, () => {
      const settings = settingsOf(stack);
      const found = GROUPS.flatMap((g) => problems(g, settings[g]));
      assert.deepEqual(found, []);
    });
  }

  for (const tier of TIERS) {
    test(`${tier}: the tier's defaults alone pass every group's strict schema`, () => {
      const { settings } = resolveSettings({
        project: "infra",
        stack: `schema-${tier}`,
        config: {
          "infra:tier": tier,
          "infra:network": JSON.stringify({
            cidr: "10.42.0.0/16",
            availabilityZones: ["us-east-1a", "us-east-1b", "us-east-1c"],
          }),
          "infra:loadBalancer": JSON.stringify({
            domainName: "app.example.com",
            hostedZoneId: "Z0123456789ABC",
          }),
          "infra:monitoring": JSON.stringify({ alarmEmails: ["oncall@example.com"] }),
          // Staging and prod name their image by digest; there is no tier default for it.
          "infra:appImage": TEST_IMAGE_DIGEST,
          "aws:region": "us-east-1",
          "aws:allowedAccountIds": JSON.stringify(["123456789012"]),
        },
        secretKeys: [],
      });
      const found = GROUPS.flatMap((g) => problems(g, settings[g]));
      assert.deepEqual(found, []);
    });
  }

  test("the check can fail: a settings value with a key the schema does not know is refused", () => {
    const settings = settingsOf(STACKS[0]!);
    assert.match(problems("compute", { ...settings.compute, surplus: 1 }).join("\n"), /compute\./);
    const withoutKey: Record<string, unknown> = { ...settings.compute };
    delete withoutKey["targetCpuPercent"];
    assert.match(problems("compute", withoutKey).join("\n"), /compute\.targetCpuPercent/);
  });
});
