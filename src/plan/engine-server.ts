/**
 * A Pulumi engine of mocks on a gRPC port: the resource monitor and engine services a program
 * talks to when Pulumi runs it, answered by the same CapturingMonitor and mocks as the offline
 * plan. `infra runtime-check` starts one, then starts the program the way the language host does
 * (src/plan/language-host.ts), in its own process, with Pulumi's own runner: nothing of the
 * in-process capture (its runtime settings, the bookkeeping it skips) is involved.
 */
import * as grpc from "@grpc/grpc-js";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import {
  GetRootResourceResponse,
  LogSeverity,
  type LogRequest,
  SetRootResourceResponse,
} from "@pulumi/pulumi/proto/engine_pb";
import { ResourceMonitorService } from "@pulumi/pulumi/proto/resource_grpc_pb";
import { SupportsFeatureResponse } from "@pulumi/pulumi/proto/resource_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { CapturingMonitor } from "./capture";
import { mocks } from "./mock-outputs";
import type { EngineLog } from "./runtime-verdict";

export interface MockEngine {
  /** host:port for both --monitor and --engine. */
  readonly address: string;
  readonly monitor: CapturingMonitor;
  readonly logs: readonly EngineLog[];
  close(): Promise<void>;
}

const SEVERITY: Readonly<Record<number, EngineLog["severity"]>> = {
  [LogSeverity.DEBUG]: "debug",
  [LogSeverity.INFO]: "info",
  [LogSeverity.WARNING]: "warning",
  [LogSeverity.ERROR]: "error",
};

type Callback = grpc.sendUnaryData<unknown>;
type Call<T> = grpc.ServerUnaryCall<T, unknown>;
/** How the SDK's MockMonitor answers: an Error (a mock threw) or the response message. */
type MonitorCallback = (error: unknown, response?: unknown) => void;

/** A monitor method that takes (request, callback), served as a unary gRPC handler. */
const unary =
  <T>(method: (request: T, callback: MonitorCallback) => unknown) =>
  (call: Call<T>, callback: Callback) => {
    void method(call.request, (error, response) => callback(error as grpc.ServiceError | null, response));
  };

const reply = (response: unknown) => (_call: unknown, callback: Callback) => callback(null, response);

/** Starts the engine on a free loopback port; the monitor names URNs after the stack it serves. */
export async function startMockEngine(options: {
  project: string;
  stack: string;
  region: string;
}): Promise<MockEngine> {
  const monitor = new CapturingMonitor(mocks(options.region), options);
  const logs: EngineLog[] = [];
  // The root stack resource the program registered: the runner asks for it back (getRootResource).
  let root = "";
  const server = new grpc.Server();
  server.addService(ResourceMonitorService, {
    // Every feature the SDK asks about is one a current engine has.
    supportsFeature: reply(new SupportsFeatureResponse().setHassupport(true)),
    registerResource: unary((req, cb) => monitor.registerResource(req, cb)),
    registerResourceOutputs: unary((req, cb) =>
      monitor.registerResourceOutputs(req, (error) => cb(error, error ? undefined : new Empty())),
    ),
    readResource: unary((req, cb) => monitor.readResource(req, cb)),
    invoke: unary((req, cb) => monitor.invoke(req, cb)),
    registerPackage: unary((req, cb) => monitor.registerPackage(req, cb)),
    signalAndWaitForShutdown: reply(new Empty()),
  });
  server.addService(EngineService, {
    log: (call: Call<LogRequest>, callback: Callback) => {
      const req = call.request;
      logs.push({
        severity: SEVERITY[req.getSeverity()] ?? "error",
        message: req.getMessage(),
        urn: req.getUrn(),
      });
      callback(null, new Empty());
    },
    getRootResource: (_call: unknown, callback: Callback) =>
      callback(null, new GetRootResourceResponse().setUrn(root)),
    setRootResource: (call: Call<{ getUrn(): string }>, callback: Callback) => {
      root = call.request.getUrn();
      callback(null, new SetRootResourceResponse());
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );
  return {
    address: `127.0.0.1:${port}`,
    monitor,
    logs,
    close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}
