import { Testing } from "cdktf";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { cidrsOverlap, parseCidr } from "../../constructs/network/ipv4";
import { PrivateEndpoints } from "../../constructs/network/private-endpoints";
import { azSlots, planSubnets } from "../../constructs/network/subnet-plan";
import { EncryptedLogGroup } from "../../constructs/logging/encrypted-log-group";
import { Egress, ZeroTrustVpc } from "../../constructs/network/zero-trust-vpc";
import { ACCOUNT, key, synthJson } from "./helpers";

describe("planSubnets", () => {
  test("a /16 over three AZs: /18 app subnets, /21 data and public subnets, none overlapping", () => {
    const plan = planSubnets("10.40.0.0/16", [0, 1, 2]);
    expect(plan).toEqual({
      app: ["10.40.0.0/18", "10.40.64.0/18", "10.40.128.0/18"],
      data: ["10.40.192.0/21", "10.40.200.0/21", "10.40.208.0/21"],
      public: ["10.40.224.0/21", "10.40.232.0/21", "10.40.240.0/21"],
    });
    const all = [...plan.app, ...plan.data, ...plan.public].map((c) => parseCidr(c)!);
    all.forEach((a, i) => all.slice(i + 1).forEach((b) => expect(cidrsOverlap(a, b)).toBe(false)));
  });

  test("each AZ id keeps its slot: dropping any AZ, even the middle one, keeps the others' CIDRs", () => {
    const ids = ["mec1-az1", "mec1-az2", "mec1-az3"];
    const three = planSubnets("10.40.0.0/16", azSlots(ids));
    const withoutMiddle = planSubnets("10.40.0.0/16", azSlots(["mec1-az1", "mec1-az3"]));
    expect(withoutMiddle.app).toEqual([three.app[0], three.app[2]]);
    expect(withoutMiddle.data).toEqual([three.data[0], three.data[2]]);
    expect(azSlots(["mec1-az3", "mec1-az1"])).toEqual([2, 0]);
    expect(azSlots(["use1-az4", "use1-az6"])).toEqual([0, 1]);
  });

  test.each([
    ["10.40.0.0", [0, 1], "planSubnets: not an IPv4 CIDR: 10.40.0.0"],
    ["10.40.0.0/24", [0, 1], "planSubnets: prefix must be /16-/20 (got 10.40.0.0/24)"],
    ["10.40.0.0/16", [0, 1, 2, 3], "planSubnets: 1-3 distinct slots from 0 to 2 (got [0,1,2,3])"],
    ["10.40.0.0/16", [1, 1], "planSubnets: 1-3 distinct slots from 0 to 2 (got [1,1])"],
  ])("refuses %s with slots %j", (cidr, slots, message) => {
    expect(() => planSubnets(cidr, slots)).toThrow(message);
  });
});

describe("ZeroTrustVpc and PrivateEndpoints", () => {
  const build = (egress: Egress, natGatewayPerAz: boolean) =>
    Testing.synthScope((s) => {
      const k = key(s);
      const logs = new EncryptedLogGroup(s, "flow", { logGroupName: "/flow", encryptionKey: k, retention: { days: 365 } });
      const vpc = new ZeroTrustVpc(s, "vpc", {
        name: "t",
        cidr: "10.40.0.0/16",
        availabilityZoneIds: ["mec1-az1", "mec1-az2", "mec1-az3"],
        egress,
        natGatewayPerAz,
        flowLogGroup: logs,
        clusterName: "t-mlops",
      });
      new PrivateEndpoints(s, "endpoints", { vpc, region: "me-central-1", account: ACCOUNT });
    });

  test("subnets are placed by AZ id and never map public IPs", () => {
    const out = build(Egress.NAT, true);
    expect(out).toHaveResourceWithProperties(Subnet, { availability_zone_id: "mec1-az2", cidr_block: "10.40.64.0/18", map_public_ip_on_launch: false });
    expect(out).not.toContain('"availability_zone":');
  });

  test("NAT per AZ, or one NAT for the cheaper profile, or none without egress", () => {
    const count = (out: string) => Object.keys((JSON.parse(out) as { resource: Record<string, object> }).resource.aws_nat_gateway ?? {}).length;
    expect(count(build(Egress.NAT, true))).toBe(3);
    expect(count(build(Egress.NAT, false))).toBe(1);
    const none = build(Egress.NONE, true);
    expect(count(none)).toBe(0);
    expect(none).not.toHaveResource(NatGateway);
    expect(none).not.toContain("0.0.0.0/0");
  });

  test("interface endpoints for the cluster's AWS APIs, with an endpoint policy for this account", () => {
    const json = JSON.parse(build(Egress.NONE, true)) as { resource: { aws_vpc_endpoint: Record<string, { service_name: string; policy: string }> } };
    const services = Object.values(json.resource.aws_vpc_endpoint).map((e) => e.service_name.replace("com.amazonaws.me-central-1.", ""));
    expect(services.sort()).toEqual(["ec2", "ecr.api", "ecr.dkr", "eks", "eks-auth", "kms", "logs", "s3", "secretsmanager", "sts"]);
    for (const e of Object.values(json.resource.aws_vpc_endpoint)) expect(e.policy).toContain(ACCOUNT);
    expect(build(Egress.NONE, true)).toHaveResourceWithProperties(VpcEndpoint, { vpc_endpoint_type: "Gateway" });
  });

  test("flow logs record all traffic", () => {
    const json = synthJson((s) => {
      const logs = new EncryptedLogGroup(s, "flow", { logGroupName: "/flow", encryptionKey: key(s), retention: { days: 365 } });
      new ZeroTrustVpc(s, "vpc", { name: "t", cidr: "10.40.0.0/16", availabilityZoneIds: ["mec1-az1", "mec1-az2"], flowLogGroup: logs, clusterName: "c" });
    });
    expect(Object.values(json.resource.aws_flow_log)[0]).toMatchObject({ traffic_type: "ALL", log_destination_type: "cloud-watch-logs" });
  });
});
