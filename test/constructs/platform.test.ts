import { Testing } from "cdktf";
import { Release } from "@cdktf/provider-helm/lib/release";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { SecurityServices } from "../../constructs/audit/security-services";
import { ArgoCd } from "../../constructs/platform/argo-cd";
import { GithubRunners, GithubRunnersProps, runnerQuota } from "../../constructs/platform/github-runners";
import { PinnedChart } from "../../constructs/platform/pinned-chart";
import { PodSecurityLevel } from "../../constructs/platform/pod-security";
import { SecureNamespace } from "../../constructs/platform/secure-namespace";
import { SyncedSecrets } from "../../constructs/platform/synced-secrets";
import { scope } from "./helpers";

describe("SecureNamespace", () => {
  test("restricted by default, with quota, container defaults and default-deny", () => {
    const out = Testing.synthScope((s) => new SecureNamespace(s, "ns", { name: "team", quota: { pods: "10" } }));
    expect(out).toHaveResourceWithProperties(NamespaceV1, {
      metadata: {
        name: "team",
        labels: {
          "pod-security.kubernetes.io/enforce": "restricted",
          "pod-security.kubernetes.io/audit": "restricted",
          "pod-security.kubernetes.io/warn": "restricted",
        },
      },
    });
    const policies = Object.values(
      (JSON.parse(out) as { resource: { kubernetes_network_policy_v1: Record<string, { spec: unknown }> } }).resource.kubernetes_network_policy_v1,
    );
    expect(policies.map((p) => p.spec)).toContainEqual({ pod_selector: {}, policy_types: ["Ingress", "Egress"] });
    expect(out).toContain("kubernetes_resource_quota_v1");
    expect(out).toContain("kubernetes_limit_range_v1");
  });

  test("a weaker Pod Security level needs a reason", () => {
    expect(() => new SecureNamespace(scope(), "ns", { name: "gpu", quota: {}, podSecurity: PodSecurityLevel.PRIVILEGED })).toThrow(
      'SecureNamespace gpu: podSecurity "privileged" needs podSecurityReason (say why restricted is not possible)',
    );
  });
});

describe("PinnedChart", () => {
  test("installs atomically with the exact version", () => {
    const out = Testing.synthScope((s) => new PinnedChart(s, "c", { releaseName: "r", namespace: "n", repository: "https://x", chart: "c", version: "1.2.3", values: { a: 1 } }));
    expect(out).toHaveResourceWithProperties(Release, { version: "1.2.3", atomic: true, cleanup_on_fail: true, wait: true, values: ['{"a":1}'] });
  });

  test.each(["^1.2.0", "1.2", "", "latest"])("refuses version %j", (version) => {
    expect(() => new PinnedChart(scope(), "c", { releaseName: "r", namespace: "n", repository: "https://x", chart: "c", version, values: {} })).toThrow(
      `PinnedChart r: version must be an exact x.y.z chart version (got "${version}")`,
    );
  });
});

describe("GithubRunners", () => {
  const props = (overrides: Partial<GithubRunnersProps> = {}): GithubRunnersProps => ({
    controllerNamespace: "arc-systems",
    runnerNamespace: "arc-runners",
    githubConfigUrl: "https://github.com/acme",
    githubAppSecretName: "github-app",
    runnerSets: [{ name: "cpu", minRunners: 0, maxRunners: 3 }],
    ...overrides,
  });

  test("plain runners (no dind), restricted security contexts, numeric runner limits", () => {
    const json = JSON.parse(Testing.synthScope((s) => new GithubRunners(s, "gh", props()))) as {
      resource: { helm_release: Record<string, { chart: string; values: string[] }> };
    };
    const set = Object.values(json.resource.helm_release).find((r) => r.chart === "gha-runner-scale-set")!;
    const values = JSON.parse(set.values[0]) as Record<string, unknown>;
    expect(values).not.toHaveProperty("containerMode");
    expect(values).toMatchObject({ minRunners: 0, maxRunners: 3, githubConfigSecret: "github-app" });
    expect(JSON.stringify(values)).toContain('"allowPrivilegeEscalation":false');
  });

  test.each([
    [{ runnerSets: [{ name: "CPU_Runners", minRunners: 0, maxRunners: 1 }] }, 'GithubRunners: runner set name "CPU_Runners" must be 1-45 characters of a-z, 0-9, \'-\''],
    [{ runnerSets: [{ name: "cpu", minRunners: 4, maxRunners: 1 }] }, "GithubRunners: runner set cpu needs minRunners <= maxRunners (got 4 > 1)"],
  ])("refuses %j", (overrides, message) => {
    expect(() => new GithubRunners(scope(), "gh", props(overrides))).toThrow(message);
  });
});

test("the runner quota admits every scale set at maxRunners", () => {
  expect(runnerQuota([{ name: "cpu", minRunners: 0, maxRunners: 20 }, { name: "gpu", minRunners: 0, maxRunners: 8, gpus: 1 }])).toEqual({
    "requests.cpu": "28",
    "requests.memory": "56Gi",
    "limits.memory": "224Gi",
    pods: "28",
    "requests.nvidia.com/gpu": "8",
  });
});

test("Argo CD leaves network policy to the namespace (the chart's own admit any source)", () => {
  const json = JSON.parse(Testing.synthScope((s) => new ArgoCd(s, "cd", { namespace: "argocd", namespaceName: "argocd" }))) as {
    resource: { helm_release: Record<string, { values: string[] }> };
  };
  const values = JSON.parse(Object.values(json.resource.helm_release)[0].values[0]) as { global: unknown; dex: unknown };
  expect(values.global).toEqual({ networkPolicy: { create: false }, domain: "argocd-server.argocd.svc.cluster.local" });
  expect(values.dex).toEqual({ enabled: false });
});

test("SyncedSecrets refuses an empty list", () => {
  expect(() => new SyncedSecrets(scope(), "s", { namespace: "n", region: "me-central-1", secrets: [], dependsOn: [] })).toThrow(
    "SyncedSecrets: secrets needs at least one entry",
  );
});

test("SecurityServices refuses AWS Config without a log archive", () => {
  expect(() => new SecurityServices(scope(), "sec", { name: "t", region: "me-central-1", account: "123456789012", awsConfig: true })).toThrow(
    "SecurityServices t: awsConfig needs configBucket, configKey and configPrefix",
  );
});
