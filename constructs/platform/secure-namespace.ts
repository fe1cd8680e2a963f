import { Construct } from "constructs";
import { LimitRangeV1 } from "@cdktf/provider-kubernetes/lib/limit-range-v1";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { NetworkPolicyV1, NetworkPolicyV1SpecEgress } from "@cdktf/provider-kubernetes/lib/network-policy-v1";
import { ResourceQuotaV1 } from "@cdktf/provider-kubernetes/lib/resource-quota-v1";
import { PodSecurityLevel } from "./pod-security";

/** Address of the EKS Pod Identity agent on every node (link-local, port 80). */
export const POD_IDENTITY_AGENT_CIDR = "169.254.170.23/32";

export interface EgressRule {
  readonly description: string;
  /** CIDR blocks the traffic may go to. */
  readonly cidrs: readonly string[];
  /** @default - all ports */
  readonly ports?: readonly { readonly port: number; readonly protocol?: "TCP" | "UDP" }[];
}

export interface SecureNamespaceProps {
  readonly name: string;
  /**
   * Pod Security Standard enforced on the namespace.
   * @default PodSecurityLevel.RESTRICTED
   */
  readonly podSecurity?: PodSecurityLevel;
  /** Why this namespace cannot be restricted; required for any other level. */
  readonly podSecurityReason?: string;
  /** Hard quota, e.g. { "requests.cpu": "16", "requests.memory": "64Gi", pods: "100" }. */
  readonly quota: Record<string, string>;
  /**
   * Defaults for containers that set no requests or limits (the quota requires them).
   * @default - requests 100m / 128Mi, limits 1 CPU / 1Gi
   */
  readonly containerDefaults?: { readonly request: Record<string, string>; readonly limit: Record<string, string> };
  /** Traffic out of the namespace beyond DNS and pods of the same namespace. @default - none */
  readonly egress?: readonly EgressRule[];
  /** Services in other namespaces this namespace may call. @default - none */
  readonly egressToNamespaces?: readonly { readonly namespace: string; readonly ports: readonly number[] }[];
  /** CIDRs (e.g. the VPC, for the API server's webhook calls) allowed in on given ports. @default - none */
  readonly ingressFromCidrs?: readonly { readonly cidr: string; readonly ports: readonly number[] }[];
  /** Ports any pod in the cluster may reach (a service meant for the whole cluster). @default - none */
  readonly ingressFromClusterPorts?: readonly number[];
  /** @default - none */
  readonly labels?: Record<string, string>;
}

/**
 * A namespace with zero-trust defaults: Pod Security enforced (restricted unless a
 * reason is given), a quota with container defaults, and network policies that deny
 * all traffic except DNS, traffic within the namespace and the rules passed in.
 */
export class SecureNamespace extends Construct {
  readonly namespace: NamespaceV1;
  /** Namespace name as a token, so releases in it are created after it. */
  readonly namespaceName: string;
  /** Namespace name as plain text, for construct ids and names derived from it. */
  readonly plainName: string;

  constructor(scope: Construct, id: string, props: SecureNamespaceProps) {
    super(scope, id);
    this.plainName = props.name;
    const level = props.podSecurity ?? PodSecurityLevel.RESTRICTED;
    if (level !== PodSecurityLevel.RESTRICTED && !props.podSecurityReason?.trim()) {
      throw new Error(
        `SecureNamespace ${props.name}: podSecurity "${level}" needs podSecurityReason (say why restricted is not possible)`,
      );
    }
    this.namespace = new NamespaceV1(this, "namespace", {
      metadata: {
        name: props.name,
        labels: {
          ...props.labels,
          "pod-security.kubernetes.io/enforce": level,
          "pod-security.kubernetes.io/audit": PodSecurityLevel.RESTRICTED,
          "pod-security.kubernetes.io/warn": PodSecurityLevel.RESTRICTED,
        },
        annotations: props.podSecurityReason ? { "platform.mlops/pod-security-reason": props.podSecurityReason } : undefined,
      },
    });
    this.namespaceName = this.namespace.metadata.name;
    const namespace = this.namespaceName;

    new ResourceQuotaV1(this, "quota", { metadata: { name: "quota", namespace }, spec: { hard: props.quota } });
    const defaults = props.containerDefaults ?? {
      request: { cpu: "100m", memory: "128Mi" },
      limit: { cpu: "1", memory: "1Gi" },
    };
    new LimitRangeV1(this, "limits", {
      metadata: { name: "container-defaults", namespace },
      spec: { limit: [{ type: "Container", defaultRequest: defaults.request, default: defaults.limit }] },
    });

    new NetworkPolicyV1(this, "default-deny", {
      metadata: { name: "default-deny-all", namespace },
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    });
    new NetworkPolicyV1(this, "allow-dns-and-namespace", {
      metadata: { name: "allow-dns-and-same-namespace", namespace },
      spec: {
        podSelector: {},
        policyTypes: ["Ingress", "Egress"],
        ingress: [{ from: [{ podSelector: {} }] }],
        egress: [
          { to: [{ podSelector: {} }] },
          {
            to: [
              {
                namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
                podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
              },
            ],
            ports: [
              { port: "53", protocol: "UDP" },
              { port: "53", protocol: "TCP" },
            ],
          },
        ],
      },
    });
    const egress: NetworkPolicyV1SpecEgress[] = [
      ...(props.egress ?? []).map((rule) => ({
        to: rule.cidrs.map((cidr) => ({ ipBlock: { cidr } })),
        ports: rule.ports?.map((p) => ({ port: String(p.port), protocol: p.protocol ?? "TCP" })),
      })),
      ...(props.egressToNamespaces ?? []).map((rule) => ({
        to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": rule.namespace } } }],
        ports: rule.ports.map((port) => ({ port: String(port), protocol: "TCP" })),
      })),
    ];
    const ingress = [
      ...(props.ingressFromCidrs ?? []).map((rule) => ({
        from: [{ ipBlock: { cidr: rule.cidr } }],
        ports: rule.ports.map((port) => ({ port: String(port), protocol: "TCP" })),
      })),
      ...(props.ingressFromClusterPorts?.length
        ? [{ from: [{ namespaceSelector: {} }], ports: props.ingressFromClusterPorts.map((port) => ({ port: String(port), protocol: "TCP" })) }]
        : []),
    ];
    if (egress.length > 0 || ingress.length > 0) {
      new NetworkPolicyV1(this, "allow-declared", {
        metadata: {
          name: "allow-declared-traffic",
          namespace,
          // Why each rule exists, for whoever reads the policy in the cluster.
          annotations: {
            "platform.mlops/allowed-traffic": [
              ...(props.egress ?? []).map((r) => `egress to ${r.description}`),
              ...(props.egressToNamespaces ?? []).map((r) => `egress to namespace ${r.namespace}, ports ${r.ports.join(",")}`),
              ...(props.ingressFromCidrs ?? []).map((r) => `ingress from ${r.cidr}, ports ${r.ports.join(",")}`),
              ...(props.ingressFromClusterPorts?.length ? [`ingress from every pod in the cluster, ports ${props.ingressFromClusterPorts.join(",")}`] : []),
            ].join("; "),
          },
        },
        spec: {
          podSelector: {},
          policyTypes: [...(ingress.length ? ["Ingress"] : []), ...(egress.length ? ["Egress"] : [])],
          ingress: ingress.length ? ingress : undefined,
          egress: egress.length ? egress : undefined,
        },
      });
    }
  }
}
