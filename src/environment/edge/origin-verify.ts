/**
 * The header CloudFront adds to every request it forwards to the load balancer, whose listener
 * rule admits only requests carrying the stack's secret value in it: the load balancer answers
 * CloudFront, not the Internet. Its own module so tests and reports name it without loading the
 * AWS provider.
 */
export const ORIGIN_VERIFY_HEADER = "X-Origin-Verify";
