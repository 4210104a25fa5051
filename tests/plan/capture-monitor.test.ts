/**
 * The capture's monitor (CapturingMonitor, src/plan/capture.ts) answers a registration as the
 * SDK's MockMonitor does: same URN, id and state, the same `resources` entry, a result the SDK reads
 * as success and no property dependencies — only without wrapping the state in a protobuf Struct.
 * Both monitors get the same real RegisterResourceRequest, built as the SDK builds it.
 */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import { CapturingMonitor } from "../../src/plan/capture";
import { mocks } from "../../src/plan/mock-outputs";

/* eslint-disable @typescript-eslint/no-require-imports -- the SDK's generated protobuf classes, untyped */
const resproto = require("@pulumi/pulumi/proto/resource_pb") as {
  RegisterResourceRequest: new () => Record<string, (value?: unknown) => unknown>;
  Result: { SUCCESS: number };
};
const { Struct } = require("google-protobuf/google/protobuf/struct_pb") as {
  Struct: { fromJavaScript(value: unknown): unknown };
};
/* eslint-enable @typescript-eslint/no-require-imports */

interface Response {
  getUrn(): string;
  getId(): string;
  getObject(): { toJavaScript(): unknown };
  getPropertydependenciesMap(): { entries(): Iterable<unknown> } | undefined;
  getResult(): number;
}

/** A request as runtime/resource.js makes one: inputs serialized, then wrapped in a Struct. */
async function request(type: string, name: string, inputs: Record<string, unknown>, parent = "") {
  const req = new resproto.RegisterResourceRequest();
  req["setType"]!(type);
  req["setName"]!(name);
  req["setParent"]!(parent);
  req["setCustom"]!(true);
  req["setObject"]!(Struct.fromJavaScript(await pulumi.runtime.serializeProperties("test", inputs)));
  return req;
}

function register(monitor: MockMonitor, req: unknown): Promise<Response> {
  return new Promise((resolve, reject) =>
    monitor.registerResource(req, (err, response) => (err ? reject(err) : resolve(response as Response))),
  );
}

const dependencies = (r: Response) => [...(r.getPropertydependenciesMap()?.entries() ?? [])];

describe("the capture's monitor answers as MockMonitor does", () => {
  const cases: [string, string, Record<string, unknown>, string?][] = [
    [
      "aws:s3/bucket:Bucket",
      "dev-logs",
      {
        bucket: "dev-logs",
        tags: { Environment: "dev" },
        forceDestroy: false,
        versioning: [{ enabled: true }],
      },
    ],
    [
      "aws:ec2/securityGroup:SecurityGroup",
      "dev-app-sg",
      { ingress: [{ fromPort: 8080, toPort: 8080, protocol: "tcp", cidrBlocks: ["10.0.0.0/16"] }] },
      "urn:pulumi:dev::infra::infra:index:Environment::dev",
    ],
    ["random:index/randomPassword:RandomPassword", "dev-db-password", { length: 32, special: false }],
  ];
  for (const [type, name, inputs, parent] of cases) {
    test(`${type}: URN, id, state, result, dependencies and the resources entry`, async () => {
      const expected = new MockMonitor(mocks("us-east-1"));
      const actual = new CapturingMonitor(mocks("us-east-1"));
      const want = await register(expected, await request(type, name, inputs, parent));
      const got = await register(actual, await request(type, name, inputs, parent));
      assert.equal(got.getUrn(), want.getUrn());
      assert.equal(got.getId(), want.getId());
      assert.deepEqual(got.getObject().toJavaScript(), want.getObject().toJavaScript());
      assert.equal(got.getResult(), want.getResult());
      assert.equal(got.getResult(), resproto.Result.SUCCESS);
      assert.deepEqual(dependencies(got), dependencies(want));
      assert.deepEqual([...actual.resources], [...expected.resources]);
      assert.deepEqual(
        actual.registrations[0]!.inputs,
        await pulumi.runtime.serializeProperties("test", inputs),
      );
    });
  }
});
