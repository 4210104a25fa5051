import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { diffPlans, type StackDiff } from "../../../src/reports/diff/plan-diff";
import {
  codeSpan,
  COMMENT_MARKER,
  escapeMarkdown,
  costCell,
  renderMarkdown,
  renderText,
} from "../../../src/reports/diff/render";
import { SECRET_PLACEHOLDER } from "../../../src/model/plan";
import {
  BUCKET,
  DB,
  LOG_GROUP,
  plan,
  SECURITY_GROUP,
  SUBNET,
  type PlanSpec,
} from "../../support/plan-builders";

function diff(before: PlanSpec | null, after: PlanSpec | null): StackDiff {
  return diffPlans(before && plan(before), after && plan(after));
}

/** dev: one bucket deleted, one added, a security group changed in two nested places. */
const smallDiff = diff(
  {
    stack: "dev",
    resources: [
      {
        type: SECURITY_GROUP,
        name: "dev-web",
        inputs: { ingress: [{ fromPort: 80 }], tags: { Environment: "dev" } },
      },
      { type: LOG_GROUP, name: "dev-logs" },
    ],
  },
  {
    stack: "dev",
    resources: [
      {
        type: SECURITY_GROUP,
        name: "dev-web",
        inputs: { ingress: [{ fromPort: 443 }], tags: { Environment: "development" } },
      },
      { type: LOG_GROUP, name: "dev-assets" },
    ],
  },
);

/** prod: a stateful subnet deleted, and a protected database replaced by a kmsKeyId change. */
const riskyDiff = diff(
  {
    stack: "prod",
    resources: [
      {
        type: DB,
        name: "prod-db",
        inputs: { instanceClass: "db.t3.micro", kmsKeyId: "key-a" },
        options: { protect: true },
      },
      { type: SUBNET, name: "prod-private-a", inputs: { cidrBlock: "10.0.1.0/24" } },
    ],
  },
  {
    stack: "prod",
    resources: [
      {
        type: DB,
        name: "prod-db",
        inputs: { instanceClass: "db.t3.small", kmsKeyId: "key-b" },
        options: { protect: true },
      },
    ],
  },
);

const unchanged = (stack: string) => diff({ stack }, { stack });

describe("renderText", () => {
  test("no changes", () => {
    assert.equal(
      renderText([unchanged("dev"), unchanged("prod")]),
      `Stack  Adds  Changes  Deletes  Stateful at risk
dev       0        0        0                 0
prod      0        0        0                 0

No changes in any stack.
`,
    );
  });

  test("added, removed and nested changes", () => {
    assert.equal(
      renderText([smallDiff]),
      `Stack  Adds  Changes  Deletes  Stateful at risk
dev       1        1        1                 0

dev: 1 to add, 1 to change, 1 to delete
  - aws:cloudwatch/logGroup:LogGroup dev-logs
  ~ aws:ec2/securityGroup:SecurityGroup dev-web
      ingress[0].fromPort  80 → 443
      tags.Environment     "dev" → "development"
  + aws:cloudwatch/logGroup:LogGroup dev-assets
`,
    );
  });

  test("stateful deletion and a protected likely replacement come first", () => {
    assert.equal(
      renderText([riskyDiff]),
      `Stack  Adds  Changes  Deletes  Stateful at risk
prod      0        1        1                 2

AT RISK: 2 resources deleted or likely replaced
  prod  delete   aws:ec2/subnet:Subnet prod-private-a  (stateful)
  prod  replace  aws:rds/instance:Instance prod-db     (stateful; replacement forced by kmsKeyId; protected: the deploy will fail until unprotected)

prod: 1 to change, 1 to delete
  - aws:ec2/subnet:Subnet prod-private-a  [stateful]
  ~ aws:rds/instance:Instance prod-db  [stateful, likely replacement, protected]
      instanceClass  "db.t3.micro" → "db.t3.small"
      kmsKeyId       "key-a" → "key-b"
`,
    );
  });

  test("option changes, deleteBeforeReplace and retainOnDelete", () => {
    const text = renderText([
      diff(
        {
          resources: [
            { type: SUBNET, name: "dev-a", inputs: { cidrBlock: "10.0.0.0/24" } },
            { type: LOG_GROUP, name: "dev-old", options: { retainOnDelete: true, protect: true } },
          ],
        },
        {
          resources: [
            {
              type: SUBNET,
              name: "dev-a",
              inputs: { cidrBlock: "10.0.9.0/24" },
              options: { deleteBeforeReplace: true, ignoreChanges: ["tags"], retainOnDelete: true },
            },
          ],
        },
      ),
    ]);
    assert.equal(
      text,
      `Stack  Adds  Changes  Deletes  Stateful at risk
dev       0        1        1                 1

AT RISK: 2 resources deleted or likely replaced
  dev  replace  aws:ec2/subnet:Subnet dev-a               (stateful; replacement forced by cidrBlock; deleteBeforeReplace: the old resource is deleted before the new one exists)
  dev  delete   aws:cloudwatch/logGroup:LogGroup dev-old  (protected: the deploy will fail until unprotected; retainOnDelete: the old AWS resource is kept but leaves the stack)

dev: 1 to change, 1 to delete
  - aws:cloudwatch/logGroup:LogGroup dev-old  [protected, retainOnDelete]
  ~ aws:ec2/subnet:Subnet dev-a  [stateful, likely replacement]
      cidrBlock                    "10.0.0.0/24" → "10.0.9.0/24"
      options.retainOnDelete       false → true
      options.deleteBeforeReplace  false → true
      options.ignoreChanges        + tags
`,
    );
  });

  test("new and removed stacks, outputs and tier", () => {
    const text = renderText([
      diff(null, { stack: "qa", resources: [{ type: LOG_GROUP, name: "qa-logs" }] }),
      diff({ stack: "old" }, null),
      diff(
        { stack: "stg", tier: "dev", outputs: { url: "a" } },
        { stack: "stg", tier: "staging", outputs: { url: "b" } },
      ),
    ]);
    assert.equal(
      text,
      `Stack                Adds  Changes  Deletes  Stateful at risk
qa (new stack)          1        0        0                 0
old (stack removed)     0        0        0                 0
stg                     0        0        0                 0

qa (new stack): 1 to add
  + aws:cloudwatch/logGroup:LogGroup qa-logs

old (stack removed): no changes

stg: 1 output changed, tier changed
  tier: dev → staging
  outputs:
      url  "a" → "b"
`,
    );
  });
});

describe("secrets", () => {
  const RAW = "hunter2-plaintext";
  const secretDiff = diff(
    {
      resources: [
        {
          type: DB,
          name: "dev-db",
          inputs: { credentials: SECRET_PLACEHOLDER, password: SECRET_PLACEHOLDER, note: "admin-name" },
        },
      ],
    },
    {
      resources: [
        {
          type: DB,
          name: "dev-db",
          inputs: {
            credentials: { password: SECRET_PLACEHOLDER },
            password: RAW,
            note: SECRET_PLACEHOLDER,
          },
        },
      ],
    },
  );

  test("text names the transition and prints no value", () => {
    const text = renderText([secretDiff]);
    assert.ok(
      text.endsWith(`
dev: 1 to change
  ~ aws:rds/instance:Instance dev-db  [stateful]
      credentials  secret value changed
      note         became secret (value hidden)
      password     no longer secret (value hidden)
`),
      text,
    );
    assert.ok(!text.includes(RAW));
    assert.ok(!text.includes("admin-name"));
  });

  test("markdown names the transition and prints no value", () => {
    const markdown = renderMarkdown([secretDiff]);
    assert.ok(markdown.includes("| `password` | _hidden_ | _no longer secret (value hidden)_ |\n"), markdown);
    assert.ok(markdown.includes("| `credentials` | _hidden_ | _secret value changed_ |\n"));
    assert.ok(!markdown.includes(RAW));
    assert.ok(!markdown.includes("admin-name"));
  });
});

describe("renderMarkdown", () => {
  test("no changes: marker, table and a clear sentence", () => {
    assert.equal(
      renderMarkdown([unchanged("dev"), unchanged("prod")]),
      `<!-- infra-plan-diff -->
## Infrastructure plan diff

| Stack | Adds | Changes | Deletes | Stateful at risk |
| --- | ---: | ---: | ---: | ---: |
| dev | 0 | 0 | 0 | 0 |
| prod | 0 | 0 | 0 | 0 |

**No changes in any stack.**
`,
    );
  });

  test("added, removed and nested changes", () => {
    assert.equal(
      renderMarkdown([smallDiff, unchanged("prod")]),
      `<!-- infra-plan-diff -->
## Infrastructure plan diff

| Stack | Adds | Changes | Deletes | Stateful at risk |
| --- | ---: | ---: | ---: | ---: |
| dev | 1 | 1 | 1 | 0 |
| prod | 0 | 0 | 0 | 0 |

<details>
<summary><strong>dev</strong>: 1 to add, 1 to change, 1 to delete</summary>

- **delete** \`aws:cloudwatch/logGroup:LogGroup\` \`dev-logs\`

**change** \`aws:ec2/securityGroup:SecurityGroup\` \`dev-web\`

| Property | Before | After |
| --- | --- | --- |
| \`ingress[0].fromPort\` | \`80\` | \`443\` |
| \`tags.Environment\` | \`"dev"\` | \`"development"\` |

- **add** \`aws:cloudwatch/logGroup:LogGroup\` \`dev-assets\`

</details>
`,
    );
  });

  test("stateful deletions and likely replacements come first, in a warning", () => {
    assert.equal(
      renderMarkdown([riskyDiff]),
      `<!-- infra-plan-diff -->
## Infrastructure plan diff

| Stack | Adds | Changes | Deletes | Stateful at risk |
| --- | ---: | ---: | ---: | ---: |
| prod | 0 | 1 | 1 | **2** |

> [!WARNING]
> **Review before merging: 2 resources deleted or likely replaced (2 stateful).**
>
> - **prod**: delete \`aws:ec2/subnet:Subnet\` \`prod-private-a\`: stateful
> - **prod**: replace \`aws:rds/instance:Instance\` \`prod-db\`: stateful; replacement forced by \`kmsKeyId\`; protected: the deploy will fail until unprotected

<details>
<summary><strong>prod</strong>: 1 to change, 1 to delete</summary>

- **delete** \`aws:ec2/subnet:Subnet\` \`prod-private-a\` (stateful)

**change** \`aws:rds/instance:Instance\` \`prod-db\` (stateful, likely replacement, protected)

| Property | Before | After |
| --- | --- | --- |
| \`instanceClass\` | \`"db.t3.micro"\` | \`"db.t3.small"\` |
| \`kmsKeyId\` | \`"key-a"\` | \`"key-b"\` |

</details>
`,
    );
  });

  test("a stateful resource changed in place is called out at the top, under any warning", () => {
    const classChange = diff(
      {
        stack: "prod",
        resources: [{ type: DB, name: "prod-db", inputs: { instanceClass: "db.r5.xlarge" } }],
      },
      {
        stack: "prod",
        resources: [{ type: DB, name: "prod-db", inputs: { instanceClass: "db.r5.2xlarge" } }],
      },
    );
    const markdown = renderMarkdown([classChange, smallDiff]);
    const block = [
      "> [!IMPORTANT]",
      "> **Stateful resource changed in place: 1.** No data is deleted, but some changes restart or fail over the resource.",
      ">",
      "> - **prod**: `aws:rds/instance:Instance` `prod-db`: `instanceClass`",
    ].join("\n");
    assert.ok(markdown.includes(block), markdown);
    assert.ok(markdown.indexOf(block) < markdown.indexOf("<details>"), "the callout precedes the details");
    assert.ok(!renderMarkdown([smallDiff]).includes("[!IMPORTANT]"), "no callout without a stateful change");
    assert.ok(
      !renderMarkdown([riskyDiff]).includes("[!IMPORTANT]"),
      "an at-risk resource is in the warning only",
    );
    const text = renderText([classChange]);
    assert.match(
      text,
      /STATEFUL, CHANGED IN PLACE: 1 resource\n {2}prod {2}aws:rds\/instance:Instance prod-db {2}\(instanceClass\)\n/,
    );
  });

  test("new and removed stacks are named in the table", () => {
    const markdown = renderMarkdown([
      diff(null, { stack: "qa", resources: [{ type: LOG_GROUP, name: "qa-logs" }] }),
      diff({ stack: "old", resources: [{ type: DB, name: "old-db" }] }, null),
    ]);
    assert.ok(
      markdown.includes("| qa (new stack) | 1 | 0 | 0 | 0 |\n| old (stack removed) | 0 | 0 | 1 | **1** |\n"),
    );
    assert.ok(markdown.includes("> - **old**: delete `aws:rds/instance:Instance` `old-db`: stateful\n"));
    assert.ok(markdown.includes("<summary><strong>qa</strong> (new stack): 1 to add</summary>"));
  });
});

describe("markdown escaping", () => {
  test("code spans survive backticks and pipes", () => {
    assert.equal(codeSpan("plain"), "`plain`");
    assert.equal(codeSpan("a`b"), "``a`b``");
    assert.equal(codeSpan("`edge`"), "`` `edge` ``");
    assert.equal(codeSpan("a|b"), "`a\\|b`");
    assert.equal(codeSpan("two\nlines"), "`two lines`");
  });

  test("text outside code spans is escaped", () => {
    assert.equal(escapeMarkdown("*x*|<y>_[z]~&"), "\\*x\\*\\|\\<y\\>\\_\\[z\\]\\~\\&");
    assert.equal(escapeMarkdown("prod-eu.1"), "prod-eu.1");
  });

  test("hostile names and values cannot break the table or the layout", () => {
    const markdown = renderMarkdown([
      diff(
        { stack: "a|<b>", resources: [{ type: LOG_GROUP, name: "web|`x`", inputs: { "a|b": "x|y`z" } }] },
        {
          stack: "a|<b>",
          resources: [{ type: LOG_GROUP, name: "web|`x`", inputs: { "a|b": "</details>|" } }],
        },
      ),
    ]);
    assert.ok(markdown.includes("| a\\|\\<b\\> | 0 | 1 | 0 | 0 |\n"), markdown);
    assert.ok(markdown.includes("<summary><strong>a|&lt;b&gt;</strong>: 1 to change</summary>"));
    assert.ok(markdown.includes("**change** `aws:cloudwatch/logGroup:LogGroup` `` web\\|`x` ``"));
    const row = markdown.split("\n").find((line) => line.startsWith('| `["a'));
    assert.equal(row, '| `["a\\|b"]` | ``"x\\|y`z"`` | `"</details>\\|"` |');
    // Exactly four unescaped pipes: the row still has three cells.
    assert.equal(row.match(/(?<!\\)\|/g)?.length, 4);
  });
});

describe("trimming to GitHub's comment limit", () => {
  const STACKS = ["dev", "prod", "staging"];
  const RESOURCES = 700;
  const longValue = "x".repeat(250);

  /** Every stack changes RESOURCES buckets; prod also deletes two databases (built once). */
  let huge: StackDiff[] | undefined;
  function hugeDiffs(): StackDiff[] {
    return (huge ??= STACKS.map((stack) => {
      const buckets = (value: string) =>
        Array.from({ length: RESOURCES }, (_, i) => ({
          type: LOG_GROUP,
          name: `${stack}-bucket-${i}`,
          inputs: { policy: `${value}${i}` },
        }));
      const dbs = stack === "prod" ? [0, 1].map((i) => ({ type: DB, name: `prod-db-${i}` })) : [];
      return diff(
        { stack, resources: [...buckets("a"), ...dbs] },
        { stack, resources: buckets(`b${longValue}`) },
      );
    }));
  }

  test("a huge diff fits, keeps the table and the warnings whole, and says it was trimmed", () => {
    const diffs = hugeDiffs();
    assert.ok(renderText(diffs).length > 3 * 65536, "the test diff must be bigger than the limit");
    const markdown = renderMarkdown(diffs, { baseRef: "origin/main" });
    assert.ok(markdown.length <= 65536, `length ${markdown.length}`);
    assert.ok(markdown.startsWith(`${COMMENT_MARKER}\n`));
    assert.ok(
      markdown.includes(
        "| Stack | Adds | Changes | Deletes | Stateful at risk |\n" +
          "| --- | ---: | ---: | ---: | ---: |\n" +
          "| dev | 0 | 700 | 0 | 0 |\n" +
          "| prod | 0 | 700 | 2 | **2** |\n" +
          "| staging | 0 | 700 | 0 | 0 |\n",
      ),
    );
    assert.ok(markdown.includes("> - **prod**: delete `aws:rds/instance:Instance` `prod-db-0`: stateful\n"));
    assert.ok(markdown.includes("> - **prod**: delete `aws:rds/instance:Instance` `prod-db-1`: stateful\n"));
    assert.match(
      markdown,
      /Trimmed to fit the 65,536-character limit of a GitHub comment: \d+ of 2102 changes shown\. Run `npm run diff -- --base origin\/main` for the full diff\./,
    );
    assert.equal(
      markdown.split("<details>").length,
      markdown.split("</details>").length,
      "sections are closed",
    );
    assert.ok(markdown.indexOf("[!WARNING]") < markdown.indexOf("Trimmed to fit"));
    assert.ok(markdown.indexOf("Trimmed to fit") < markdown.indexOf("<details>"));
  });

  test("a smaller limit is honoured and the notice names a placeholder ref by default", () => {
    const markdown = renderMarkdown(hugeDiffs(), { maxLength: 5000 });
    assert.ok(markdown.length <= 5000, `length ${markdown.length}`);
    assert.ok(markdown.includes("Trimmed to fit the 5,000-character limit of a GitHub comment"));
    assert.ok(markdown.includes("`npm run diff -- --base <ref>`"));
    assert.ok(markdown.includes("`prod-db-1`: stateful\n"));
  });

  test("warnings too long for the limit end with a count of the rest", () => {
    const dbs = Array.from({ length: 100 }, (_, i) => ({ type: DB, name: `prod-db-${i}` }));
    const markdown = renderMarkdown([diff({ stack: "prod", resources: dbs }, { stack: "prod" })], {
      maxLength: 3000,
    });
    assert.ok(markdown.length <= 3000, `length ${markdown.length}`);
    assert.ok(markdown.includes("| prod | 0 | 0 | 100 | **100** |\n"));
    assert.match(markdown, /> - …and \d+ more: run the full diff to see them\n/);
  });

  test("a diff under the limit is not trimmed", () => {
    assert.ok(!renderMarkdown([riskyDiff]).includes("Trimmed"));
  });
});

describe("monthly cost in the summary", () => {
  const costs = new Map([
    ["dev", { before: 87.02, after: 120.5 }],
    ["prod", { before: 2773.44, after: 2773.44 }],
  ]);

  test("each stack's cost before and after, with the delta", () => {
    assert.equal(costCell({ before: 87.02, after: 120.5 }), "$87.02 → $120.50 (+$33.48)");
    assert.equal(costCell({ before: 120.5, after: 87.02 }), "$120.50 → $87.02 (-$33.48)");
    assert.equal(costCell({ before: 10, after: 10 }), "$10.00 (±$0.00)");
    assert.equal(costCell({ before: undefined, after: 5 }), "$5.00 (new)");
    assert.equal(costCell({ before: 5, after: undefined }), "$5.00 (removed)");
    assert.equal(costCell(undefined), "n/a");
  });

  test("terminal: a Monthly cost column only when costs are given", () => {
    assert.ok(!renderText([smallDiff]).includes("Monthly cost"));
    const text = renderText([smallDiff], { costs });
    assert.match(text, /^Stack +Adds +Changes +Deletes +Stateful at risk +Monthly cost\n/);
    assert.match(text, /\$87\.02 → \$120\.50 \(\+\$33\.48\)/);
  });

  test("markdown: the column, dollar signs escaped against GitHub's inline math, and its basis", () => {
    const markdown = renderMarkdown([smallDiff], { costs });
    assert.ok(
      markdown.includes("| Stateful at risk | Monthly cost |\n| --- | ---: | ---: | ---: | ---: | ---: |\n"),
    );
    assert.ok(markdown.includes("| \\$87.02 → \\$120.50 (+\\$33.48) |\n"), markdown);
    assert.ok(markdown.includes("Monthly cost: estimated at today's on-demand prices (docs/cost.md)."));
    assert.ok(!renderMarkdown([smallDiff]).includes("Monthly cost"));
  });
});

describe("the cost delta itemised by resource", () => {
  const items = [
    { resource: "prod-db", type: DB, before: 767.8, after: 1535.6 },
    { resource: "prod-new-bucket", type: BUCKET, before: undefined, after: 2.3 },
    {
      resource: "prod-cache",
      type: "aws:elasticache/replicationGroup:ReplicationGroup",
      before: 100,
      after: "not priced" as const,
    },
  ];
  const costs = new Map([["prod", { before: 2000, after: 2770.1, items }]]);

  test("terminal: a line per resource after what is at risk and before the details", () => {
    const text = renderText([riskyDiff], { costs });
    assert.match(text, /Monthly cost by resource \(changed only\):\n/);
    assert.match(text, /prod +aws:rds\/instance:Instance prod-db +\$767\.80 +\$1,535\.60 +\+\$767\.80\n/);
    assert.match(text, /prod-new-bucket +— +\$2\.30 +\+\$2\.30\n/);
    assert.match(text, /prod-cache +\$100\.00 +not priced +n\/a\n/);
    const at = (s: string) => text.indexOf(s);
    assert.ok(at("AT RISK") < at("Monthly cost by resource"), "stateful risks come first");
    assert.ok(at("Monthly cost by resource") < at("prod: "), "before the per-stack details");
  });

  test("markdown: a table after the warnings, dollars escaped, bounded in length", () => {
    const markdown = renderMarkdown([riskyDiff], { costs, baseRef: "origin/main" });
    assert.ok(
      markdown.includes(
        "| prod | `aws:rds/instance:Instance` `prod-db` | \\$767.80 | \\$1,535.60 | +\\$767.80 |\n",
      ),
      markdown,
    );
    assert.ok(
      markdown.includes(
        "| prod | `aws:elasticache/replicationGroup:ReplicationGroup` `prod-cache` | \\$100.00 | not priced | n/a |\n",
      ),
    );
    const at = (s: string) => markdown.indexOf(s);
    assert.ok(at("[!WARNING]") < at("**Monthly cost by resource**"));
    assert.ok(at("**Monthly cost by resource**") < at("<details>"));
    const many = new Map([
      [
        "prod",
        {
          before: 1,
          after: 2,
          items: Array.from({ length: 40 }, (_, i) => ({ ...items[0]!, resource: `r${i}` })),
        },
      ],
    ]);
    const long = renderMarkdown([riskyDiff], { costs: many });
    assert.equal((long.match(/\| prod \| `aws:rds/g) ?? []).length, 25);
    assert.ok(long.includes("| …and 15 more | | | | |\n"));
  });

  test("no items, no section", () => {
    const plain = new Map([["prod", { before: 1, after: 2 }]]);
    assert.ok(!renderText([riskyDiff], { costs: plain }).includes("by resource"));
    assert.ok(!renderMarkdown([riskyDiff], { costs: plain }).includes("by resource"));
  });
});

describe("JSON documents shown as line diffs", () => {
  const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
  const doc = (actions: string[]) =>
    JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }],
    });
  const policyDiff = diff(
    {
      stack: "prod",
      resources: [
        { type: ROLE_POLICY, name: "prod-app", inputs: { policy: doc(["s3:GetObject", "s3:PutObject"]) } },
      ],
    },
    {
      stack: "prod",
      resources: [
        { type: ROLE_POLICY, name: "prod-app", inputs: { policy: doc(["s3:GetObject", "kms:Decrypt"]) } },
      ],
    },
  );

  test("terminal: the summary on the property's line, the hunk under it", () => {
    const text = renderText([policyDiff]);
    assert.match(
      text,
      /\n {6}policy +JSON document: 1 line added, 1 line removed\n {8}@@ -\d+,\d+ \+\d+,\d+ @@\n/,
    );
    assert.match(text, /\n {8}- {8}"s3:PutObject"\n {8}\+ {8}"kms:Decrypt"\n/);
    assert.ok(!text.includes('\\"Statement\\"'), "not the escaped one-line string");
  });

  test("markdown: the row points below, to a fenced diff block GitHub colours", () => {
    const markdown = renderMarkdown([policyDiff]);
    assert.ok(
      markdown.includes("| `policy` |  | _JSON document: 1 line added, 1 line removed, below_ |\n"),
      markdown,
    );
    assert.match(
      markdown,
      /\n`policy`:\n\n```diff\n@@ [^\n]+ @@\n[\s\S]*\n- {8}"s3:PutObject"\n\+ {8}"kms:Decrypt"\n[\s\S]*```\n/,
    );
  });

  test("a document holding a fence gets a longer fence", () => {
    const sneaky = diff(
      { stack: "prod", resources: [{ type: ROLE_POLICY, name: "p", inputs: { policy: doc(["a"]) } }] },
      {
        stack: "prod",
        resources: [{ type: ROLE_POLICY, name: "p", inputs: { policy: doc(["```\n# hi"]) } }],
      },
    );
    const markdown = renderMarkdown([sneaky]);
    assert.match(markdown, /\n````diff\n[\s\S]*\n````\n/);
  });
});
