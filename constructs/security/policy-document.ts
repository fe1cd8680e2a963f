/**
 * IAM policy documents as typed objects, rendered with JSON.stringify: no data source,
 * so nothing to look up at plan time and the policy is visible in the synthesized JSON.
 */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?: "*" | { readonly AWS?: string | string[]; readonly Service?: string | string[]; readonly Federated?: string };
  readonly Action: string | string[];
  readonly Resource?: string | string[];
  readonly Condition?: Record<string, Record<string, string | string[] | boolean>>;
}

export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** Trust policy for a role assumed by an AWS service. */
export function serviceTrustPolicy(service: string, actions: string[] = ["sts:AssumeRole"]): string {
  return policyDocument([{ Effect: "Allow", Principal: { Service: service }, Action: actions }]);
}
