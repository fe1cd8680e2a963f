import { Construct } from "constructs";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { EncryptedLogGroup } from "../logging/encrypted-log-group";
import { policyDocument, serviceTrustPolicy } from "../security/policy-document";
import { azSlots, planSubnets } from "./subnet-plan";

export const Egress = {
  /** No internet route at all: everything goes through VPC endpoints. */
  NONE: "none",
  /** Private subnets reach the internet through NAT gateways in small public subnets. */
  NAT: "nat",
} as const;
export type Egress = (typeof Egress)[keyof typeof Egress];

export interface ZeroTrustVpcProps {
  /** Name prefix for the VPC and its parts. */
  readonly name: string;
  readonly cidr: string;
  /** Availability zone ids (mec1-az1), not names: names differ per account. */
  readonly availabilityZoneIds: readonly string[];
  /** @default Egress.NONE */
  readonly egress?: Egress;
  /**
   * One NAT gateway per AZ (survives an AZ loss) or one in the first AZ (cheaper).
   * @default true
   */
  readonly natGatewayPerAz?: boolean;
  /** Log group for VPC flow logs (all traffic, accepted and rejected). */
  readonly flowLogGroup: EncryptedLogGroup;
  /** EKS cluster name, for the subnet tags the AWS load balancer controller reads. */
  readonly clusterName: string;
}

/**
 * A VPC over the given AZ ids with private app subnets (routes out only through NAT
 * when egress is on), isolated data subnets (no route out), public subnets only for
 * NAT, flow logs, and a default security group with no rules.
 */
export class ZeroTrustVpc extends Construct {
  readonly vpc: Vpc;
  readonly vpcId: string;
  readonly cidr: string;
  readonly appSubnetIds: string[];
  readonly dataSubnetIds: string[];
  readonly appRouteTableIds: string[];
  readonly dataRouteTableIds: string[];

  constructor(scope: Construct, id: string, props: ZeroTrustVpcProps) {
    super(scope, id);
    const egress = props.egress ?? Egress.NONE;
    const azs = props.availabilityZoneIds;
    const plan = planSubnets(props.cidr, azSlots(azs));
    this.cidr = props.cidr;

    this.vpc = new Vpc(this, "vpc", {
      cidrBlock: props.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: props.name },
    });
    this.vpcId = this.vpc.id;

    // Lock the default security group: no rules, so nothing can rely on it.
    new DefaultSecurityGroup(this, "default-sg", { vpcId: this.vpcId, ingress: [], egress: [] });

    const subnet = (tier: string, i: number, cidr: string, tags: Record<string, string>) =>
      new Subnet(this, `${tier}-${azs[i]}`, {
        vpcId: this.vpcId,
        cidrBlock: cidr,
        availabilityZoneId: azs[i],
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.name}-${tier}-${azs[i]}`, tier, ...tags },
      });

    const app = plan.app.map((cidr, i) =>
      subnet("app", i, cidr, {
        "kubernetes.io/role/internal-elb": "1",
        [`kubernetes.io/cluster/${props.clusterName}`]: "shared",
      }),
    );
    const data = plan.data.map((cidr, i) => subnet("data", i, cidr, {}));
    this.appSubnetIds = app.map((s) => s.id);
    this.dataSubnetIds = data.map((s) => s.id);

    const routeTable = (tier: string, i: number, subnetId: string) => {
      const table = new RouteTable(this, `${tier}-rt-${azs[i]}`, {
        vpcId: this.vpcId,
        tags: { Name: `${props.name}-${tier}-${azs[i]}` },
      });
      new RouteTableAssociation(this, `${tier}-rta-${azs[i]}`, { routeTableId: table.id, subnetId });
      return table;
    };
    const appTables = app.map((s, i) => routeTable("app", i, s.id));
    // Data subnets: local route only. The database never talks to the internet.
    const dataTables = data.map((s, i) => routeTable("data", i, s.id));
    this.appRouteTableIds = appTables.map((t) => t.id);
    this.dataRouteTableIds = dataTables.map((t) => t.id);

    if (egress === Egress.NAT) {
      this.addNat(props, plan.public, appTables);
    }

    const flowLogRole = new IamRole(this, "flow-log-role", {
      name: `${props.name}-vpc-flow-logs`,
      assumeRolePolicy: serviceTrustPolicy("vpc-flow-logs.amazonaws.com"),
    });
    new IamRolePolicy(this, "flow-log-policy", {
      role: flowLogRole.id,
      policy: policyDocument([
        {
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          Resource: [props.flowLogGroup.logGroupArn, `${props.flowLogGroup.logGroupArn}:*`],
        },
      ]),
    });
    new FlowLog(this, "flow-log", {
      vpcId: this.vpcId,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: props.flowLogGroup.logGroupArn,
      iamRoleArn: flowLogRole.arn,
      maxAggregationInterval: 60,
    });
  }

  private addNat(props: ZeroTrustVpcProps, publicCidrs: string[], appTables: RouteTable[]): void {
    const azs = props.availabilityZoneIds;
    const igw = new InternetGateway(this, "igw", { vpcId: this.vpcId, tags: { Name: props.name } });
    const publicTable = new RouteTable(this, "public-rt", { vpcId: this.vpcId, tags: { Name: `${props.name}-public` } });
    new Route(this, "public-default-route", {
      routeTableId: publicTable.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: igw.id,
    });
    const natCount = props.natGatewayPerAz === false ? 1 : azs.length;
    const nats = publicCidrs.slice(0, natCount).map((cidr, i) => {
      // Public subnets hold NAT gateways only; no public IPs on launch, no ELB role tag.
      const subnet = new Subnet(this, `public-${azs[i]}`, {
        vpcId: this.vpcId,
        cidrBlock: cidr,
        availabilityZoneId: azs[i],
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.name}-public-${azs[i]}`, tier: "public" },
      });
      new RouteTableAssociation(this, `public-rta-${azs[i]}`, { routeTableId: publicTable.id, subnetId: subnet.id });
      const eip = new Eip(this, `nat-eip-${azs[i]}`, { domain: "vpc", tags: { Name: `${props.name}-nat-${azs[i]}` } });
      return new NatGateway(this, `nat-${azs[i]}`, {
        allocationId: eip.allocationId,
        subnetId: subnet.id,
        tags: { Name: `${props.name}-nat-${azs[i]}` },
        dependsOn: [igw],
      });
    });
    appTables.forEach((table, i) => {
      new Route(this, `app-egress-${azs[i]}`, {
        routeTableId: table.id,
        destinationCidrBlock: "0.0.0.0/0",
        natGatewayId: nats[Math.min(i, nats.length - 1)].id,
      });
    });
  }
}
