/**
 * The policy pack as `pulumi preview --policy-pack policy` runs it: Pulumi's policy analyzer
 * (`pulumi-analyzer-policy`, sdk/nodejs/dist) starts `node <@pulumi/pulumi/cmd/run-policy-pack>
 * <engine address> .` in the pack's folder, which compiles the pack with ts-node and prints the
 * port of its Analyzer gRPC server; the engine then asks it for its policies, configures them
 * from `--policy-pack-config`, and hands it the stack's resources (AnalyzeStack). Here the
 * caller is the engine: `infra runtime-check` compares what the pack reports with what the
 * rules report in-process (src/policy/evaluate.ts).
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import {
  AnalyzeRequest,
  AnalyzerResource,
  AnalyzerResourceOptions,
  AnalyzeStackRequest,
  ConfigureAnalyzerRequest,
  EnforcementLevel,
  PolicyConfig,
  type AnalyzeResponse,
  type AnalyzerInfo,
} from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import type { Plan } from "../model/plan";
import type { PolicyDiagnostic } from "./runtime-verdict";

const LEVELS: Readonly<Record<number, PolicyDiagnostic["level"]>> = {
  [EnforcementLevel.ADVISORY]: "advisory",
  [EnforcementLevel.MANDATORY]: "mandatory",
  [EnforcementLevel.DISABLED]: "disabled",
  [EnforcementLevel.REMEDIATE]: "remediate",
};
const LEVEL_OF: Readonly<Record<string, EnforcementLevel>> = {
  advisory: EnforcementLevel.ADVISORY,
  mandatory: EnforcementLevel.MANDATORY,
  disabled: EnforcementLevel.DISABLED,
  remediate: EnforcementLevel.REMEDIATE,
};

/** A `--policy-pack-config` file: policy name → its properties, and an enforcement level or not. */
export type PackConfig = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

export interface PolicyPackProcess {
  /** Each policy the pack declares, with the enforcement level it declares. */
  readonly policies: ReadonlyMap<string, PolicyDiagnostic["level"]>;
  /** Configures every policy as the CLI would from a config file, then analyzes the plan. */
  analyzeStack(plan: Plan, config: PackConfig): Promise<PolicyDiagnostic[]>;
  /** Stops the pack; what it printed, for a failure report. */
  stop(): Promise<string>;
}

/** A pack that does not print its port in this long is reported as failed to start. */
const START_TIMEOUT_MS = 120_000;

export async function startPolicyPack(packDir: string, engineAddress: string): Promise<PolicyPackProcess> {
  const runPath = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
  const child = spawn(process.execPath, [runPath, engineAddress, "."], {
    cwd: packDir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on("close", () => resolve()));
  const port = await new Promise<string>((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(
      () => reject(new Error(`the policy pack printed no port in ${START_TIMEOUT_MS / 1000} s`)),
      START_TIMEOUT_MS,
    );
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = /^(\d+)\r?\n/.exec(stdout);
      if (line?.[1]) {
        clearTimeout(timer);
        resolve(line[1]);
      }
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      reject(new Error(`the policy pack exited with ${code} before printing its port:\n${output.trim()}`));
    });
  });
  const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const call = <Req, Res>(
    method: (req: Req, callback: (error: grpc.ServiceError | null, res: Res) => void) => unknown,
    req: Req,
  ) =>
    new Promise<Res>((resolve, reject) =>
      method.call(client, req, (error, res) => (error ? reject(error) : resolve(res))),
    );
  const info = await call<Empty, AnalyzerInfo>(client.getAnalyzerInfo, new Empty());
  const policies = new Map(
    info.getPoliciesList().map((p) => [p.getName(), LEVELS[p.getEnforcementlevel()] ?? "advisory"] as const),
  );
  return {
    policies,
    async analyzeStack(plan, config) {
      const configure = new ConfigureAnalyzerRequest();
      for (const [name, declared] of policies) {
        const { enforcementLevel, ...properties } = config[name] ?? {};
        const level = typeof enforcementLevel === "string" ? LEVEL_OF[enforcementLevel] : undefined;
        configure
          .getPolicyconfigMap()
          .set(
            name,
            new PolicyConfig()
              .setEnforcementlevel(level ?? LEVEL_OF[declared] ?? EnforcementLevel.ADVISORY)
              .setProperties(Struct.fromJavaScript(properties as Record<string, never>)),
          );
      }
      await call(client.configure, configure);
      const options = (r: Plan["resources"][number]) =>
        new AnalyzerResourceOptions()
          .setProtect(r.options.protect)
          .setIgnorechangesList([...r.options.ignoreChanges])
          .setDeletebeforereplace(r.options.deleteBeforeReplace)
          .setParent(r.parent ?? "");
      const properties = (r: Plan["resources"][number]) =>
        Struct.fromJavaScript(r.inputs as Record<string, never>);
      // As a preview does: each resource on its own as it is registered (resource policies),
      // then the whole stack (stack policies).
      const each = plan.resources.map((r) =>
        call<AnalyzeRequest, AnalyzeResponse>(
          client.analyze,
          new AnalyzeRequest()
            .setType(r.type)
            .setName(r.name)
            .setUrn(r.urn)
            .setProperties(properties(r))
            .setOptions(options(r)),
        ),
      );
      const stack = call<AnalyzeStackRequest, AnalyzeResponse>(
        client.analyzeStack,
        new AnalyzeStackRequest().setResourcesList(
          plan.resources.map((r) =>
            new AnalyzerResource()
              .setType(r.type)
              .setName(r.name)
              .setUrn(r.urn)
              .setParent(r.parent ?? "")
              .setDependenciesList([...r.dependencies])
              .setProperties(properties(r))
              .setOptions(options(r)),
          ),
        ),
      );
      // A resource policy's diagnostic names no URN: the engine files it under the resource it asked about.
      const responses = await Promise.all([
        ...each.map(async (response, i) => ({ response: await response, urn: plan.resources[i]?.urn ?? "" })),
        stack.then((response) => ({ response, urn: "" })),
      ]);
      return responses.flatMap(({ response, urn }) =>
        response.getDiagnosticsList().map((d) => ({
          policy: d.getPolicyname(),
          urn: d.getUrn() || urn,
          level: LEVELS[d.getEnforcementlevel()] ?? "advisory",
          message: d.getMessage(),
        })),
      );
    },
    async stop() {
      client.close();
      child.kill();
      await exited;
      return output;
    },
  };
}

/** A tier's `--policy-pack-config` file, as the CLI reads it. */
export function readPackConfig(projectDir: string, path: string): PackConfig {
  return JSON.parse(readFileSync(join(projectDir, path), "utf8")) as PackConfig;
}
