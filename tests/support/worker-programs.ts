/**
 * Programs of their own that the stack suites capture. A function cannot cross to the capture
 * worker (tests/support/capture-worker.ts), so a suite names one of these and the worker runs it.
 * Only the worker loads this module, and with it the Pulumi SDK and the AWS provider: the suites'
 * own thread loads neither.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { T } from "../../src/model/resource-types";
import { type ProgramOptions, runProgram } from "../../src/program";
import { ResourceRules } from "../../src/resource-rules";

export const WORKER_PROGRAMS = {
  /**
   * The real program with the mistake the edge's Region rule exists for: the CloudFront web ACL's
   * per-resource region dropped, so it is created through the stack's own provider.
   */
  cloudFrontAclWithoutRegion: (options: ProgramOptions) => {
    pulumi.runtime.registerStackTransformation(({ type, props, opts }) =>
      type === T.webAcl && props["scope"] === "CLOUDFRONT"
        ? { props: { ...props, region: undefined }, opts }
        : undefined,
    );
    return runProgram(options);
  },
  /** A resource constructed after the AWS rules gave their verdict, then the real program. */
  bucketAfterTheRules: async (options: ProgramOptions) => {
    const rules = ResourceRules.install(pulumi.getStack(), "us-east-1");
    rules.verdict();
    new aws.s3.Bucket("late-bucket", {});
    return runProgram(options);
  },
} satisfies Record<string, (options: ProgramOptions) => Promise<Record<string, unknown>>>;

export type WorkerProgram = keyof typeof WORKER_PROGRAMS;
