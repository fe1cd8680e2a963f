import { Construct } from "constructs";
import { ClusterRoleBindingV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-binding-v1";
import { ClusterRoleV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-v1";
import { RoleBindingV1 } from "@cdktf/provider-kubernetes/lib/role-binding-v1";
import { SecureNamespace } from "./secure-namespace";

export interface PlatformRbacProps {
  /** Kubernetes groups (from EKS access entries) per platform role. */
  readonly groups: {
    readonly platformAdmins: string;
    readonly mlEngineers: string;
    readonly dataScientists: string;
    readonly auditors: string;
  };
  /** Namespaces where ML engineers deploy models (Rollouts, services, jobs). */
  readonly workloadNamespaces: readonly SecureNamespace[];
  /** Namespace of the model registry, where data scientists may read. */
  readonly registryNamespace: SecureNamespace;
}

/**
 * Least-privilege roles for the platform's people:
 * - platform-admin: cluster-admin (also granted through the EKS access policy);
 * - ml-engineer: edit in the workload namespaces, including Argo Rollouts objects;
 * - data-scientist: read in the workload and registry namespaces, run Jobs in the workload namespaces;
 * - auditor: read-only across the cluster, never Secrets.
 */
export class PlatformRbac extends Construct {
  constructor(scope: Construct, id: string, props: PlatformRbacProps) {
    super(scope, id);
    const group = (name: string) => [{ kind: "Group", name, apiGroup: "rbac.authorization.k8s.io" }];
    const clusterRoleRef = (name: string) => ({ apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name });

    new ClusterRoleBindingV1(this, "platform-admins", {
      metadata: { name: "mlops-platform-admins" },
      roleRef: clusterRoleRef("cluster-admin"),
      subject: group(props.groups.platformAdmins),
    });

    const rollouts = new ClusterRoleV1(this, "rollouts-operator", {
      metadata: { name: "mlops-rollouts-operator" },
      rule: [
        {
          apiGroups: ["argoproj.io"],
          resources: ["rollouts", "rollouts/status", "analysisruns", "analysistemplates", "experiments"],
          verbs: ["get", "list", "watch", "create", "update", "patch", "delete"],
        },
      ],
    });
    const jobRunner = new ClusterRoleV1(this, "job-runner", {
      metadata: { name: "mlops-job-runner" },
      rule: [
        { apiGroups: ["batch"], resources: ["jobs"], verbs: ["get", "list", "watch", "create", "delete"] },
        { apiGroups: [""], resources: ["pods", "pods/log"], verbs: ["get", "list", "watch"] },
      ],
    });
    const auditor = new ClusterRoleV1(this, "auditor", {
      metadata: { name: "mlops-auditor" },
      rule: [
        {
          apiGroups: ["", "apps", "batch", "networking.k8s.io", "rbac.authorization.k8s.io", "policy", "argoproj.io"],
          resources: [
            "namespaces", "nodes", "pods", "services", "configmaps", "serviceaccounts", "resourcequotas", "limitranges",
            "events", "deployments", "daemonsets", "statefulsets", "replicasets", "jobs", "cronjobs", "networkpolicies",
            "roles", "rolebindings", "clusterroles", "clusterrolebindings", "poddisruptionbudgets",
            "rollouts", "analysisruns", "analysistemplates", "applications", "appprojects",
          ],
          verbs: ["get", "list", "watch"],
        },
      ],
    });
    new ClusterRoleBindingV1(this, "auditors", {
      metadata: { name: "mlops-auditors" },
      roleRef: clusterRoleRef(auditor.metadata.name),
      subject: group(props.groups.auditors),
    });

    const bind = (name: string, ns: SecureNamespace, role: string, subject: string) =>
      new RoleBindingV1(this, `${name}-${ns.plainName}`, {
        metadata: { name, namespace: ns.namespaceName },
        roleRef: clusterRoleRef(role),
        subject: group(subject),
      });
    for (const ns of props.workloadNamespaces) {
      bind("mlops-ml-engineers-edit", ns, "edit", props.groups.mlEngineers);
      bind("mlops-ml-engineers-rollouts", ns, rollouts.metadata.name, props.groups.mlEngineers);
      bind("mlops-data-scientists-view", ns, "view", props.groups.dataScientists);
      bind("mlops-data-scientists-jobs", ns, jobRunner.metadata.name, props.groups.dataScientists);
    }
    bind("mlops-data-scientists-view", props.registryNamespace, "view", props.groups.dataScientists);
    bind("mlops-ml-engineers-view", props.registryNamespace, "view", props.groups.mlEngineers);
  }
}
