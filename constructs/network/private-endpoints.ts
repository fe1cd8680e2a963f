import { Construct } from "constructs";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { PolicyStatement, policyDocument } from "../security/policy-document";
import { ZeroTrustVpc } from "./zero-trust-vpc";

/** Interface endpoints the cluster needs to run with no internet route at all. */
export const CLUSTER_INTERFACE_ENDPOINTS = [
  "ecr.api",
  "ecr.dkr",
  "sts",
  "logs",
  "kms",
  "ec2",
  "secretsmanager",
  "eks",
  "eks-auth",
] as const;

export interface PrivateEndpointsProps {
  readonly vpc: ZeroTrustVpc;
  readonly region: string;
  readonly account: string;
  /** @default CLUSTER_INTERFACE_ENDPOINTS */
  readonly interfaceServices?: readonly string[];
}

/**
 * The S3 gateway endpoint and interface endpoints for AWS APIs, each with an endpoint
 * policy that only lets principals of this account through, and a security group that
 * only admits HTTPS from inside the VPC.
 */
export class PrivateEndpoints extends Construct {
  readonly securityGroupId: string;
  readonly s3GatewayEndpointId: string;

  constructor(scope: Construct, id: string, props: PrivateEndpointsProps) {
    super(scope, id);
    const service = (name: string) => `com.amazonaws.${props.region}.${name}`;
    const ownAccount = { StringEquals: { "aws:PrincipalAccount": props.account } };

    // S3 in-region traffic flows through this endpoint, so the policy must also admit
    // the AWS-owned buckets nodes read from: ECR image layers and AL2023 package repos.
    const s3 = new VpcEndpoint(this, "s3", {
      vpcId: props.vpc.vpcId,
      serviceName: service("s3"),
      vpcEndpointType: "Gateway",
      routeTableIds: [...props.vpc.appRouteTableIds, ...props.vpc.dataRouteTableIds],
      policy: policyDocument([
        {
          Sid: "OwnAccountBuckets",
          Effect: "Allow",
          Principal: "*",
          Action: "s3:*",
          Resource: "*",
          Condition: { StringEquals: { "aws:ResourceAccount": props.account, "aws:PrincipalAccount": props.account } },
        },
        {
          Sid: "AwsOwnedBucketsForNodes",
          Effect: "Allow",
          Principal: "*",
          Action: ["s3:GetObject"],
          Resource: [
            `arn:aws:s3:::prod-${props.region}-starport-layer-bucket/*`,
            `arn:aws:s3:::al2023-repos-${props.region}-*/*`,
          ],
        },
      ]),
      tags: { Name: `${props.region}-s3-gateway` },
    });
    this.s3GatewayEndpointId = s3.id;

    const sg = new SecurityGroup(this, "endpoints-sg", {
      name: `${id}-vpc-endpoints`,
      description: "HTTPS from inside the VPC to AWS API interface endpoints",
      vpcId: props.vpc.vpcId,
      ingress: [
        {
          description: "HTTPS from the VPC",
          protocol: "tcp",
          fromPort: 443,
          toPort: 443,
          cidrBlocks: [props.vpc.cidr],
        },
      ],
      egress: [],
      revokeRulesOnDelete: true,
    });
    this.securityGroupId = sg.id;

    const statements: PolicyStatement[] = [
      { Sid: "OwnAccountPrincipalsOnly", Effect: "Allow", Principal: "*", Action: "*", Resource: "*", Condition: ownAccount },
    ];
    for (const name of props.interfaceServices ?? CLUSTER_INTERFACE_ENDPOINTS) {
      new VpcEndpoint(this, name.replace(/\./g, "-"), {
        vpcId: props.vpc.vpcId,
        serviceName: service(name),
        vpcEndpointType: "Interface",
        privateDnsEnabled: true,
        subnetIds: props.vpc.appSubnetIds,
        securityGroupIds: [sg.id],
        policy: policyDocument(statements),
        tags: { Name: `${props.region}-${name}` },
        // Private DNS for interface endpoints resolves after the gateway endpoint exists.
        dependsOn: [s3],
      });
    }
  }
}
