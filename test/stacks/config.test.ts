import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml, stringify } from "yaml";
import { ConfigError, loadEnvironments, parseEnvironment } from "../../stacks/config";
import { runMain } from "../support/run-main";
import { SHIPPED_ENVIRONMENTS } from "../support/synthesized";

type Doc = Record<string, unknown>;

/** A minimal valid smb file; each test breaks one thing. */
function validDoc(): Doc {
  return {
    name: "test",
    profile: "smb",
    account: "123456789012",
    availabilityZoneIds: ["mec1-az1", "mec1-az2"],
    tags: { owner: "team", "cost-center": "cc-1", "data-classification": "internal" },
    network: { vpcCidr: "10.60.0.0/16" },
    cluster: { access: [{ principalArn: "arn:aws:iam::123456789012:role/Admin", role: "platform-admin" }] },
    platform: { github: { configUrl: "https://github.com/acme", appSecretName: "github-app" } },
  };
}

/** Enterprise needs three untainted CPU nodes (HA) besides its GPU pool. */
function enterpriseDoc(gpu: Doc = gpuPool()): Doc {
  return { ...validDoc(), profile: "enterprise", nodePools: [cpuPool({ instanceTypes: ["m6i.large"], minSize: 3, desiredSize: 3, maxSize: 4 }), gpu] };
}

function gpuPool(instanceType = "g5.xlarge"): Doc {
  return { name: "gpu", kind: "gpu", instanceTypes: [instanceType], minSize: 0, desiredSize: 0, maxSize: 2, capacityType: "on-demand" };
}

function cpuPool(overrides: Doc = {}): Doc {
  return { name: "cpu", kind: "cpu", instanceTypes: ["m7g.large"], minSize: 1, desiredSize: 1, maxSize: 3, capacityType: "spot", ...overrides };
}

function issuesOf(text: string, file = "envs/test.yaml"): string {
  try {
    parseEnvironment(file, text);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error("expected a ConfigError, but the file was accepted");
}

const errorFor = (mutate: (doc: Doc) => void) => {
  const doc = validDoc();
  mutate(doc);
  return issuesOf(stringify(doc));
};

describe("environment file: accepted input", () => {
  test("the minimal file validates and takes the profile defaults", () => {
    const env = parseEnvironment("envs/test.yaml", stringify(validDoc()));
    expect(env.region).toBe("me-central-1");
    expect(env.database.multiAz).toBe(false);
    expect(env.logging.retentionDays).toBe(90);
    expect(env.nodePools.every((p) => p.kind === "cpu")).toBe(true);
  });

  test("the shipped environments validate", () => {
    const envs = loadEnvironments(SHIPPED_ENVIRONMENTS);
    expect(envs.map((e) => e.name)).toEqual(expect.arrayContaining(["enterprise", "smb"]));
  });

  test("a GPU pool always carries the nvidia.com/gpu taint, even when the file omits it", () => {
    const env = parseEnvironment("envs/test.yaml", stringify(enterpriseDoc()));
    expect(env.nodePools[1].taints).toEqual([{ key: "nvidia.com/gpu", value: "true", effect: "NoSchedule" }]);
  });

  test("a region outside the UAE is accepted with allowedRegions and a legal basis", () => {
    const doc = {
      ...validDoc(),
      region: "eu-central-1",
      availabilityZoneIds: ["euc1-az1", "euc1-az2"],
      residency: { allowedRegions: ["eu-central-1"], legalBasis: "PDPL Art. 22 adequacy decision for the destination country" },
    };
    expect(parseEnvironment("envs/test.yaml", stringify(doc)).region).toBe("eu-central-1");
  });

  test("unlisted instance families pass with allowUnlistedInstanceTypes: true", () => {
    const doc = { ...validDoc(), allowUnlistedInstanceTypes: true, nodePools: [cpuPool({ instanceTypes: ["c7g.large"] })] };
    expect(parseEnvironment("envs/test.yaml", stringify(doc)).nodePools[0].instanceTypes).toEqual(["c7g.large"]);
  });
});

describe("environment file: every error names the file, the field path, the value and what is allowed", () => {
  test("a typo in a top-level key suggests the right key", () => {
    const msg = errorFor((d) => {
      d.nodepools = [];
    });
    expect(msg).toMatch(/envs\/test\.yaml: unknown key "nodepools" \(did you mean "nodePools"\?\); allowed keys: name, profile/);
  });

  test("a typo in a nested key names the nested path", () => {
    const msg = errorFor((d) => {
      d.network = { vpcCidr: "10.60.0.0/16", egres: "nat" };
    });
    expect(msg).toMatch(/envs\/test\.yaml: network: unknown key "egres" \(did you mean "egress"\?\)/);
  });

  test("a typo inside a node pool names the pool index", () => {
    const msg = errorFor((d) => {
      d.nodePools = [cpuPool({ maxsize: 3 })];
    });
    expect(msg).toMatch(/nodePools\[0\]: unknown key "maxsize" \(did you mean "maxSize"\?\)/);
  });

  test("a wrong type shows the value and the expected type", () => {
    const msg = errorFor((d) => {
      d.nodePools = [cpuPool({ maxSize: "three" })];
    });
    expect(msg).toMatch(/nodePools\[0\]\.maxSize: expected a whole number from 1 to 100 \(got "three"\)/);
  });

  test("an out-of-range size", () => {
    const msg = errorFor((d) => {
      d.nodePools = [cpuPool({ maxSize: 1000 })];
    });
    expect(msg).toMatch(/nodePools\[0\]\.maxSize: expected a whole number from 1 to 100 \(got 1000\)/);
  });

  test("minSize <= desiredSize <= maxSize in the wrong order", () => {
    const msg = errorFor((d) => {
      d.nodePools = [cpuPool({ minSize: 3, desiredSize: 2, maxSize: 1 })];
    });
    expect(msg).toMatch(/nodePools\[0\]: expected minSize <= desiredSize <= maxSize \(got \{"minSize":3,"desiredSize":2,"maxSize":1\}\)/);
  });

  test("a GPU pool with a non-GPU instance type", () => {
    const msg = issuesOf(stringify(enterpriseDoc(gpuPool("m6i.xlarge"))));
    expect(msg).toMatch(/nodePools\[1\]\.instanceTypes\[0\]: a gpu pool needs an NVIDIA GPU instance type \(me-central-1: g5\) \(got "m6i.xlarge"\)/);
  });

  test("a CPU pool with a GPU instance type", () => {
    const msg = errorFor((d) => {
      d.profile = "enterprise";
      d.nodePools = [cpuPool({ instanceTypes: ["g5.xlarge"] })];
    });
    expect(msg).toMatch(/nodePools\[0\]\.instanceTypes\[0\]: a cpu pool must not use GPU instance types/);
  });

  test("a GPU pool in the smb profile", () => {
    const msg = errorFor((d) => {
      d.nodePools = [cpuPool(), gpuPool()];
    });
    expect(msg).toMatch(/nodePools\[1\]\.kind: the smb profile is CPU-only; use profile: enterprise for GPU pools \(got "gpu"\)/);
  });

  test("an instance family not known in me-central-1", () => {
    const msg = errorFor((d) => {
      d.nodePools = [cpuPool({ instanceTypes: ["c7g.large"] })];
    });
    expect(msg).toMatch(/nodePools\[0\]\.instanceTypes\[0\]: instance family is not known to be offered in me-central-1; listed families: g5, m7g/);
    expect(msg).toMatch(/allowUnlistedInstanceTypes: true/);
  });

  test("mixed architectures in one pool", () => {
    const msg = errorFor((d) => {
      d.nodePools = [cpuPool({ instanceTypes: ["m7g.large", "m6i.large"] })];
    });
    expect(msg).toMatch(/nodePools\[0\]\.instanceTypes: all instance types of one pool must share an architecture/);
  });

  test("a malformed instance type", () => {
    const msg = errorFor((d) => {
      d.nodePools = [cpuPool({ instanceTypes: ["large"] })];
    });
    expect(msg).toMatch(/nodePools\[0\]\.instanceTypes\[0\]: expected an EC2 instance type such as m7g\.large \(got "large"\)/);
  });

  test("duplicate node pool names", () => {
    const msg = errorFor((d) => {
      d.nodePools = [cpuPool(), cpuPool()];
    });
    expect(msg).toMatch(/nodePools\[1\]\.name: node pool names must be unique \(got "cpu"\)/);
  });

  test("a region outside the UAE without a legal basis", () => {
    const msg = errorFor((d) => {
      d.region = "eu-west-1";
    });
    expect(msg).toMatch(/envs\/test\.yaml: region: data must stay in me-central-1 \(UAE PDPL\).*\(got "eu-west-1"\)/);
  });

  test("allowedRegions outside the UAE without legalBasis", () => {
    const msg = errorFor((d) => {
      d.residency = { allowedRegions: ["eu-central-1"] };
    });
    expect(msg).toMatch(/residency\.allowedRegions\[0\]: a region outside the UAE needs residency\.legalBasis/);
  });

  test("a legal basis too short to judge", () => {
    const msg = errorFor((d) => {
      d.residency = { allowedRegions: ["eu-central-1"], legalBasis: "ok" };
    });
    expect(msg).toMatch(/residency\.legalBasis: expected a written legal basis of at least 20 characters \(got "ok"\)/);
  });

  test("availability zone ids of another region", () => {
    const msg = errorFor((d) => {
      d.availabilityZoneIds = ["use1-az1", "mec1-az2"];
    });
    expect(msg).toMatch(/availabilityZoneIds\[0\]: expected an availability zone id of me-central-1: mec1-az1, mec1-az2, mec1-az3 \(got "use1-az1"\)/);
  });

  test("availability zone names instead of ids", () => {
    const msg = errorFor((d) => {
      d.availabilityZoneIds = ["me-central-1a", "me-central-1b"];
    });
    expect(msg).toMatch(/availabilityZoneIds\[0\]: expected an availability zone id such as mec1-az1 \(ids, not names\) \(got "me-central-1a"\)/);
  });

  test("fewer than two availability zones", () => {
    const msg = errorFor((d) => {
      d.availabilityZoneIds = ["mec1-az1"];
    });
    expect(msg).toMatch(/availabilityZoneIds: expected at least 2 availability zone ids/);
  });

  test("duplicate availability zone ids", () => {
    const msg = errorFor((d) => {
      d.availabilityZoneIds = ["mec1-az1", "mec1-az1"];
    });
    expect(msg).toMatch(/availabilityZoneIds\[1\]: availability zone ids must be unique/);
  });

  test.each([
    ["10.60.0.0", "expected an IPv4 CIDR block such as 10.40.0.0/16"],
    ["10.60.0.300/16", "expected an IPv4 CIDR block such as 10.40.0.0/16"],
    ["10.60.1.0/16", "the address has host bits set"],
    ["8.8.0.0/16", "expected a private block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16"],
    ["172.32.0.0/16", "expected a private block"],
    ["10.0.0.0/8", "expected a prefix length from /16 to /20"],
    ["10.60.0.0/24", "expected a prefix length from /16 to /20"],
  ])("VPC CIDR %s is refused", (cidr, message) => {
    const msg = errorFor((d) => {
      d.network = { vpcCidr: cidr };
    });
    expect(msg).toContain(`envs/test.yaml: network.vpcCidr: ${message}`);
    expect(msg).toContain(`(got "${cidr}")`);
  });

  test("an account id that is not 12 digits", () => {
    const msg = errorFor((d) => {
      d.account = 12345;
    });
    expect(msg).toMatch(/account: expected a string: a 12-digit AWS account id in quotes/);
  });

  test("an unknown profile", () => {
    const msg = errorFor((d) => {
      d.profile = "startup";
    });
    expect(msg).toMatch(/profile: expected one of: enterprise, smb \(got "startup"\)/);
  });

  test("a name that is not a DNS label", () => {
    const msg = errorFor((d) => {
      d.name = "Prod_1";
    });
    expect(msg).toMatch(/name: expected a lowercase DNS label of 1-20 characters/);
  });

  test("an unknown data classification", () => {
    const msg = errorFor((d) => {
      d.tags = { owner: "t", "cost-center": "c", "data-classification": "secret" };
    });
    expect(msg).toMatch(/tags\.data-classification: expected one of: public, internal, confidential, restricted \(got "secret"\)/);
  });

  test("a missing required section", () => {
    const msg = errorFor((d) => {
      delete d.platform;
    });
    expect(msg).toMatch(/platform: /);
  });

  test("log retention that CloudWatch does not offer", () => {
    const msg = errorFor((d) => {
      d.logging = { retentionDays: 100 };
    });
    expect(msg).toMatch(/logging\.retentionDays: expected one of CloudWatch's retention values: 1, 3, 5/);
  });

  test("log retention below the minimum", () => {
    const msg = errorFor((d) => {
      d.logging = { retentionDays: 30 };
    });
    expect(msg).toMatch(/logging\.retentionDays: expected at least 90 days \(ISO 27001 A\.8\.15 log retention\) \(got 30\)/);
  });

  test("AWS Backup retention below a month of point-in-time restore", () => {
    const msg = errorFor((d) => {
      d.backup = { retentionDays: 14 };
    });
    expect(msg).toMatch(/backup\.retentionDays: expected a whole number from 35 to 3650 \(got 14\)/);
  });

  test("backup retention beyond what RDS allows", () => {
    const msg = errorFor((d) => {
      d.database = { backupRetentionDays: 36 };
    });
    expect(msg).toMatch(/database\.backupRetentionDays: expected a whole number from 7 to 35 \(got 36\)/);
  });

  test("storage autoscaling ceiling below the allocated storage", () => {
    const msg = errorFor((d) => {
      d.database = { allocatedStorageGb: 200, maxAllocatedStorageGb: 100 };
    });
    expect(msg).toMatch(/database\.maxAllocatedStorageGb: expected at least 221 \(10% above database\.allocatedStorageGb 200; RDS storage autoscaling needs the headroom\) \(got 100\)/);
  });

  test("a single-AZ database in the enterprise profile", () => {
    const msg = errorFor((d) => {
      d.profile = "enterprise";
      d.database = { multiAz: false };
    });
    expect(msg).toMatch(/database\.multiAz: the enterprise profile requires a multi-AZ database/);
  });

  test("more minimum runners than maximum", () => {
    const msg = errorFor((d) => {
      d.platform = { github: { configUrl: "https://github.com/acme", appSecretName: "s" }, runners: { minRunners: 5, maxRunners: 2 } };
    });
    expect(msg).toMatch(/platform\.runners: expected minRunners <= maxRunners/);
  });

  test("a GitHub URL that is not github.com", () => {
    const msg = errorFor((d) => {
      d.platform = { github: { configUrl: "http://example.com/acme", appSecretName: "s" } };
    });
    expect(msg).toMatch(/platform\.github\.configUrl: expected a GitHub organization or repository URL/);
  });

  test("a huge value is cut in the message", () => {
    const msg = errorFor((d) => {
      d.name = "x".repeat(5000);
    });
    expect(msg).toMatch(/name: expected at most 20 characters/);
    expect(msg.length).toBeLessThan(400);
  });

  test("only smb environments can be ephemeral", () => {
    expect(issuesOf(stringify({ ...enterpriseDoc(), ephemeral: true }))).toMatch(
      /ephemeral: only smb environments can be ephemeral \(throw-away test environments\); enterprise data is always protected \(got true\)/,
    );
  });

  test("allowReplace names known resource groups, once each; the log archive is not one", () => {
    expect(errorFor((d) => (d.allowReplace = ["log-archive"]))).toMatch(
      /allowReplace\[0\]: expected one of: state, keys, buckets, log-groups, repositories, database, cluster, backup-vault \(got "log-archive"\)/,
    );
    expect(errorFor((d) => (d.allowReplace = ["database", "database"]))).toMatch(/allowReplace\[1\]: resource groups must be unique \(got "database"\)/);
  });

  test("an object-locked state bucket in an environment that relaxes the state group", () => {
    expect(errorFor((d) => Object.assign(d, { ephemeral: true, state: { objectLockDays: 30 } }))).toMatch(
      /state\.objectLockDays: object-locked state versions cannot be destroyed; drop the lock, or do not relax the state group .* \(got 30\)/,
    );
  });

  test("egress none is refused until there is an image mirror", () => {
    const msg = errorFor((d) => {
      d.network = { vpcCidr: "10.60.0.0/16", egress: "none" };
    });
    expect(msg).toMatch(/network\.egress: egress none is not deployable yet: the platform's charts pull images from public registries.*use nat \(got "none"\)/);
  });

  test("no untainted CPU capacity for CoreDNS and the controllers", () => {
    const msg = errorFor((d) => {
      d.nodePools = [cpuPool({ minSize: 0, desiredSize: 0 })];
    });
    expect(msg).toMatch(/nodePools: expected untainted CPU pools with minSize adding up to at least 1; CoreDNS and the platform controllers run there \(got \[\{"name":"cpu","minSize":0\}\]\)/);
  });

  test("highAvailability needs three untainted nodes", () => {
    const msg = errorFor((d) => {
      d.platform = { github: { configUrl: "https://github.com/acme", appSecretName: "s" }, highAvailability: true };
      d.nodePools = [cpuPool()];
    });
    expect(msg).toMatch(/nodePools: expected untainted CPU pools with minSize adding up to at least 3 \(highAvailability spreads controllers/);
  });

  test("no platform-admin principal", () => {
    const msg = errorFor((d) => {
      d.cluster = { access: [{ principalArn: "arn:aws:iam::123456789012:role/Ds", role: "data-scientist" }] };
    });
    expect(msg).toMatch(/cluster\.access: expected at least one principal with role platform-admin/);
  });

  test("a principal from another account", () => {
    const msg = errorFor((d) => {
      d.cluster = { access: [{ principalArn: "arn:aws:iam::999999999999:role/Admin", role: "platform-admin" }] };
    });
    expect(msg).toMatch(/cluster\.access\[0\]\.principalArn: expected a role in this environment's account 123456789012 \(got "arn:aws:iam::999999999999:role\/Admin"\)/);
  });

  test("the same principal twice", () => {
    const admin = { principalArn: "arn:aws:iam::123456789012:role/Admin", role: "platform-admin" };
    const msg = errorFor((d) => {
      d.cluster = { access: [admin, { ...admin, role: "auditor" }] };
    });
    expect(msg).toMatch(/cluster\.access\[1\]\.principalArn: principals \(one access entry each\) must be unique/);
  });

  test("duplicate bucket purposes and repository names", () => {
    const msg = errorFor((d) => {
      d.artifacts = { buckets: ["models", "models"], ecrRepositories: ["training", "training"] };
    });
    expect(msg).toMatch(/artifacts\.buckets\[1\]: bucket purpose names must be unique \(got "models"\)/);
    expect(msg).toMatch(/artifacts\.ecrRepositories\[1\]: ECR repository names must be unique \(got "training"\)/);
  });

  test("a bucket purpose the platform uses itself", () => {
    const msg = errorFor((d) => {
      d.artifacts = { buckets: ["tfstate"] };
    });
    expect(msg).toMatch(/artifacts\.buckets\[0\]: names the platform uses for its own buckets are reserved: tfstate, log-archive, s3-access-logs, config/);
  });

  test.each(["training/", "team//training", "training.", "a--b", "Training"])("ECR repository name %j", (name) => {
    const msg = errorFor((d) => {
      d.artifacts = { ecrRepositories: [name] };
    });
    expect(msg).toContain("artifacts.ecrRepositories[0]: expected an ECR repository name");
  });

  test.each([
    ["guardDuty", { security: { guardDuty: false } }, /security\.guardDuty: the enterprise profile requires GuardDuty, Security Hub and AWS Config/],
    ["log retention", { logging: { retentionDays: 90 } }, /logging\.retentionDays: the enterprise profile keeps logs at least 365 days \(got 90\)/],
    ["single NAT", { network: { vpcCidr: "10.60.0.0/16", natGatewayPerAz: false } }, /network\.natGatewayPerAz: the enterprise profile needs a NAT gateway per AZ/],
    ["no HA", { platform: { github: { configUrl: "https://github.com/acme", appSecretName: "s" }, highAvailability: false } }, /platform\.highAvailability: the enterprise profile runs the platform controllers highly available/],
  ])("the enterprise profile refuses a weaker setting: %s", (_, overrides, message) => {
    expect(issuesOf(stringify({ ...enterpriseDoc(), ...overrides }))).toMatch(message);
  });

  test("an availability zone id me-central-1 does not have", () => {
    const msg = errorFor((d) => {
      d.availabilityZoneIds = ["mec1-az1", "mec1-az4"];
    });
    expect(msg).toMatch(/availabilityZoneIds\[1\]: expected an availability zone id of me-central-1: mec1-az1, mec1-az2, mec1-az3 \(got "mec1-az4"\)/);
  });

  test("duplicate instance types and taints in a pool", () => {
    const msg = errorFor((d) => {
      d.nodePools = [
        cpuPool({ instanceTypes: ["m7g.large", "m7g.large"], taints: [{ key: "a", effect: "NoSchedule" }, { key: "a", value: "x", effect: "NoSchedule" }] }),
        cpuPool({ name: "general" }),
      ];
    });
    expect(msg).toMatch(/nodePools\[0\]\.instanceTypes\[1\]: instance types of a pool must be unique \(got "m7g\.large"\)/);
    expect(msg).toMatch(/nodePools\[0\]\.taints\[1\]: taints \(key and effect\) must be unique \(got "a:NoSchedule"\)/);
  });

  test.each([
    [{ "node-role.kubernetes.io/worker": "true" }, "a Kubernetes label key"],
    [{ "-.-/x": "y" }, "a Kubernetes label key"],
    [{ team: "-x-" }, "a Kubernetes label value"],
  ])("node pool labels %j", (labels, message) => {
    const msg = errorFor((d) => {
      d.nodePools = [cpuPool({ labels })];
    });
    expect(msg).toContain(`expected ${message}`);
  });

  test.each([" ", " team", "team "])("a tag value with leading, trailing or only spaces: %j", (owner) => {
    const msg = errorFor((d) => {
      d.tags = { owner, "cost-center": "c", "data-classification": "internal" };
    });
    expect(msg).toContain("tags.owner: expected 1-256 characters allowed in an AWS tag value, not starting or ending with a space");
  });

  test.each(["aws", "awsml", "xn--abc", "sthree-x", "amzn-s3-demo-x"])("a name AWS reserves: %s", (name) => {
    const msg = errorFor((d) => {
      d.name = name;
    });
    expect(msg).toContain("name: names starting with aws, xn--, sthree- or amzn-s3-demo- are reserved by AWS");
  });

  test("a CIDR written with leading zeros", () => {
    const msg = errorFor((d) => {
      d.network = { vpcCidr: "010.060.000.000/16" };
    });
    expect(msg).toContain("network.vpcCidr: expected an IPv4 CIDR block such as 10.40.0.0/16");
  });

  test("a region outside the commercial partition", () => {
    const msg = errorFor((d) => {
      d.region = "cn-north-1";
    });
    expect(msg).toMatch(/region: expected an AWS region of the commercial partition, such as me-central-1 \(got "cn-north-1"\)/);
  });

  test("a number where a quoted string is expected says to quote it", () => {
    const msg = errorFor((d) => {
      d.database = { engineVersion: 17 };
    });
    expect(msg).toMatch(/database\.engineVersion: expected one of: 16, 17, as a quoted string \(YAML reads 17 as a number; write "17"\) \(got 17\)/);
  });

  test("a section that is not a map lists its keys", () => {
    const msg = errorFor((d) => {
      d.logging = null;
    });
    expect(msg).toMatch(/logging: expected a map with keys: retentionDays \(got null\)/);
  });

  test("an alias bomb stops with a clean error", () => {
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]", "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]", "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]"].join("\n");
    expect(issuesOf(bomb)).toMatch(/envs\/test\.yaml: YAML could not be read: .*alias/i);
  });

  test("several YAML documents in one file", () => {
    expect(issuesOf("name: a\n---\nname: b\n")).toMatch(/expected one YAML document, found 2 \(remove the --- separators\)/);
  });

  test("an unknown YAML tag is an error, not a warning", () => {
    expect(issuesOf("name: !foo bar\n")).toMatch(/YAML syntax error at line 1, column \d+/);
  });

  test("an empty file", () => {
    expect(issuesOf("")).toMatch(/envs\/test\.yaml: the file is empty; expected a map/);
  });

  test("a list instead of a map", () => {
    expect(issuesOf("- name: a\n- name: b\n")).toMatch(/envs\/test\.yaml: expected a map of settings at the top level \(got "a list"\)/);
  });

  test("a YAML syntax error shows line and column", () => {
    expect(issuesOf("name: test\nprofile: [smb\n")).toMatch(/envs\/test\.yaml: YAML syntax error at line \d+, column \d+/);
  });

  test("a duplicate key is a YAML error", () => {
    expect(issuesOf("name: a\nname: b\n")).toMatch(/YAML syntax error at line 2, column 1/);
  });
});

describe("loading a folder of environments", () => {
  const dir = () => mkdtempSync(join(tmpdir(), "envs-"));
  const write = (folder: string, file: string, doc: Doc) => writeFileSync(join(folder, file), stringify(doc));

  test("two environments with the same name", () => {
    const folder = dir();
    write(folder, "a.yaml", validDoc());
    write(folder, "b.yaml", { ...validDoc(), network: { vpcCidr: "10.61.0.0/16" } });
    expect(() => loadEnvironments(folder)).toThrow(/b\.yaml: name: environment name already used by .*a\.yaml; names must be unique \(got "test"\)/);
  });

  test("overlapping VPC CIDRs in the same account", () => {
    const folder = dir();
    write(folder, "a.yaml", validDoc());
    write(folder, "b.yaml", { ...validDoc(), name: "other", network: { vpcCidr: "10.60.16.0/20" } });
    expect(() => loadEnvironments(folder)).toThrow(/b\.yaml: network\.vpcCidr: overlaps 10\.60\.0\.0\/16 of .*a\.yaml in the same account/);
  });

  test("the same CIDR in different accounts is fine", () => {
    const folder = dir();
    write(folder, "a.yaml", validDoc());
    write(folder, "b.yaml", {
      ...validDoc(),
      name: "other",
      account: "210987654321",
      cluster: { access: [{ principalArn: "arn:aws:iam::210987654321:role/Admin", role: "platform-admin" }] },
    });
    expect(loadEnvironments(folder)).toHaveLength(2);
  });

  test("account-wide security services enabled by two environments of one account", () => {
    const folder = dir();
    write(folder, "a.yaml", validDoc());
    write(folder, "b.yaml", { ...validDoc(), name: "other", network: { vpcCidr: "10.61.0.0/16" } });
    expect(() => loadEnvironments(folder)).toThrow(
      /b\.yaml: security\.guardDuty: guardDuty is account-wide and .*a\.yaml already enables it in account 123456789012; set it false in one of the two \(got true\)/,
    );
    write(folder, "b.yaml", { ...validDoc(), name: "other", network: { vpcCidr: "10.61.0.0/16" }, security: { guardDuty: false } });
    expect(loadEnvironments(folder)).toHaveLength(2);
  });

  test("two environments whose bucket names collide (S3 names are global)", () => {
    const folder = dir();
    write(folder, "a.yaml", { ...validDoc(), name: "ml" });
    // ml-log + purpose "archive" makes the same name as ml's log archive bucket.
    write(folder, "b.yaml", { ...validDoc(), name: "ml-log", network: { vpcCidr: "10.61.0.0/16" }, security: { guardDuty: false }, artifacts: { buckets: ["archive"] } });
    expect(() => loadEnvironments(folder)).toThrow(/b\.yaml: name: makes bucket ml-log-archive-123456789012, which .*a\.yaml makes too; S3 bucket names are global/);
  });

  test("file extensions are matched case-insensitively", () => {
    const folder = dir();
    write(folder, "A.YAML", validDoc());
    expect(loadEnvironments(folder)).toHaveLength(1);
  });

  test("errors from several files are all reported", () => {
    const folder = dir();
    write(folder, "a.yaml", { ...validDoc(), profile: "x" });
    write(folder, "b.yaml", { ...validDoc(), name: "b", account: "1" });
    expect(() => loadEnvironments(folder)).toThrow(/a\.yaml: profile[\s\S]*b\.yaml: account/);
  });

  test("a folder with no environment files", () => {
    expect(() => loadEnvironments(dir())).toThrow(/the folder holds no environment files/);
  });

  test("a path that does not exist", () => {
    expect(() => loadEnvironments("/no/such/folder")).toThrow(/no such file or folder; set PLATFORM_CONFIG/);
  });
});

describe("main.ts with a bad file", () => {
  test("exits non-zero, prints the error, and writes nothing to cdktf.out", () => {
    const work = mkdtempSync(join(tmpdir(), "synth-"));
    const good = readFileSync(join(SHIPPED_ENVIRONMENTS, "smb.yaml"), "utf8");
    const bad = parseYaml(good) as Doc;
    bad.region = "us-east-1";
    writeFileSync(join(work, "good.yaml"), good.replace("name: smb", "name: good").replace("10.50.0.0/16", "10.70.0.0/16"));
    writeFileSync(join(work, "bad.yaml"), stringify(bad));
    // Without CDKTF_OUTDIR the app writes to ./cdktf.out of cwd, which the test inspects.
    const run = runMain(work, { PLATFORM_CONFIG: work, CDKTF_OUTDIR: undefined });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/bad\.yaml: region: data must stay in me-central-1/);
    // The valid file is not synthesized either: nothing is written when any file is bad.
    expect(existsSync(join(work, "cdktf.out"))).toBe(false);
  });
});
