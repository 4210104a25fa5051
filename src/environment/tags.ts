/** Tags every taggable resource carries, applied once through the AWS provider's default tags. */
export function defaultTags(input: {
  environment: string;
  project: string;
  stack: string;
}): Record<string, string> {
  return {
    Environment: input.environment,
    Project: input.project,
    Stack: input.stack,
    ManagedBy: "pulumi",
  };
}
