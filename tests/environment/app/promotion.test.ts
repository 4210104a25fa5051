/** Production takes only the digest and AMI staging runs and tested; anything else is refused. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { planPromotion } from "../../../src/environment/app/promotion";

const DIGEST = `sha256:${"a".repeat(64)}`;
const OTHER = `sha256:${"b".repeat(64)}`;
const STAGING = {
  tier: "staging",
  appImage: DIGEST,
  appImageUri: `444444444444.dkr.ecr.us-east-1.amazonaws.com/app@${DIGEST}`,
  amiId: "ami-0123456789abcdef0",
};
const PASSED = { digest: DIGEST, passed: true, checks: ["e2e", "qa-sign-off"] };

const promote = (over: { outputs?: object; checks?: unknown; expectedDigest?: string } = {}) =>
  planPromotion({
    sourceOutputs: { ...STAGING, ...over.outputs },
    sourceTier: "staging",
    checks: over.checks ?? PASSED,
    expectedDigest: over.expectedDigest,
  });

test("the digest and AMI staging runs, with checks that passed for that digest, are promoted", () => {
  assert.deepEqual(promote(), {
    ok: true,
    promotion: { appImage: DIGEST, amiId: "ami-0123456789abcdef0", checks: ["e2e", "qa-sign-off"] },
  });
  assert.equal(promote({ expectedDigest: DIGEST }).ok, true);
});

const refused = (result: ReturnType<typeof promote>): string => {
  assert.equal(result.ok, false, "promoted");
  return result.ok ? "" : result.problems.join("\n");
};

test("checks that ran against another digest are refused", () => {
  assert.match(
    refused(promote({ checks: { ...PASSED, digest: OTHER } })),
    /the checks ran against sha256:b{64}, but staging runs sha256:a{64}/,
  );
});

test("failed checks are refused", () => {
  assert.match(refused(promote({ checks: { ...PASSED, passed: false } })), /staging's checks did not pass/);
});

test("a digest staging does not run is refused, even if asked for", () => {
  assert.match(
    refused(promote({ expectedDigest: OTHER })),
    /asked to promote sha256:b{64}, but staging runs sha256:a{64}/,
  );
});

test("another tier's outputs, a tag, or an AMI rollback cannot undo are refused", () => {
  assert.match(refused(promote({ outputs: { tier: "dev" } })), /outputs are of a dev-tier stack/);
  assert.match(
    refused(promote({ outputs: { appImage: "main", appImageUri: "x:main" } })),
    /not an image digest/,
  );
  assert.match(
    refused(promote({ outputs: { amiId: "resolve:ssm:/aws/service/x" } })),
    /rollback cannot undo/,
  );
  assert.match(
    refused(promote({ outputs: { appImageUri: `r/app@${OTHER}` } })),
    /does not end in its appImage/,
  );
});

test("a checks report without a digest or verdict is refused", () => {
  assert.match(refused(promote({ checks: { passed: true } })), /names no image digest/);
  assert.match(refused(promote({ checks: { digest: DIGEST } })), /does not say whether they passed/);
  assert.match(refused(promote({ checks: "ok" })), /not a JSON object/);
});
