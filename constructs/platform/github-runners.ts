import { Construct } from "constructs";
import { ITerraformDependable } from "cdktf";
import { CHARTS, RUNNER_IMAGE } from "./chart-versions";
import { PinnedChart } from "./pinned-chart";
import { RESTRICTED_CONTAINER_SECURITY_CONTEXT, RESTRICTED_POD_SECURITY_CONTEXT } from "./pod-security";

export const ARC_CONTROLLER_SERVICE_ACCOUNT = "arc-controller";

/** What one runner pod asks for; the runner namespace's quota is sized from it. */
export const RUNNER_RESOURCES = {
  requests: { cpu: 1, memoryGi: 2 },
  limits: { cpu: 4, memoryGi: 8 },
} as const;

/** A quota that admits every runner of the sets at maxRunners, and no more. */
export function runnerQuota(sets: readonly RunnerSet[]): Record<string, string> {
  const runners = sets.reduce((sum, s) => sum + s.maxRunners, 0);
  const gpus = sets.reduce((sum, s) => sum + s.maxRunners * (s.gpus ?? 0), 0);
  return {
    "requests.cpu": String(runners * RUNNER_RESOURCES.requests.cpu),
    "requests.memory": `${runners * RUNNER_RESOURCES.requests.memoryGi}Gi`,
    "limits.memory": `${runners * RUNNER_RESOURCES.limits.memoryGi}Gi`,
    pods: String(runners),
    ...(gpus > 0 ? { "requests.nvidia.com/gpu": String(gpus) } : {}),
  };
}

export interface RunnerSet {
  /** Scale set name, used in workflows as `runs-on: <name>` (max 45 characters). */
  readonly name: string;
  readonly minRunners: number;
  readonly maxRunners: number;
  /** GPUs per runner; > 0 schedules runners on GPU nodes. @default 0 */
  readonly gpus?: number;
}

export interface GithubRunnersProps {
  /** Namespace of the controller and the listeners. */
  readonly controllerNamespace: string;
  /** Namespace of the runner pods. */
  readonly runnerNamespace: string;
  /** Organization or repository URL the runners register with. */
  readonly githubConfigUrl: string;
  /**
   * Kubernetes secret in the runner namespace with github_app_id,
   * github_app_installation_id and github_app_private_key.
   */
  readonly githubAppSecretName: string;
  readonly runnerSets: readonly RunnerSet[];
  /** @default false */
  readonly highAvailability?: boolean;
  /** @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * CI runners: the Actions Runner Controller plus one scale set per entry. Runners are
 * plain (no Docker-in-Docker, no privileged pods) and meet Pod Security "restricted";
 * they are ephemeral, one job per pod.
 */
export class GithubRunners extends Construct {
  constructor(scope: Construct, id: string, props: GithubRunnersProps) {
    super(scope, id);
    for (const set of props.runnerSets) {
      if (set.name.length > 45 || !/^[a-z0-9-]+$/.test(set.name)) {
        throw new Error(`GithubRunners: runner set name "${set.name}" must be 1-45 characters of a-z, 0-9, '-'`);
      }
      if (set.minRunners > set.maxRunners) {
        throw new Error(`GithubRunners: runner set ${set.name} needs minRunners <= maxRunners (got ${set.minRunners} > ${set.maxRunners})`);
      }
    }
    const controller = new PinnedChart(this, "controller", {
      releaseName: "arc",
      namespace: props.controllerNamespace,
      ...CHARTS.arcController,
      values: {
        replicaCount: props.highAvailability ? 2 : 1,
        serviceAccount: { create: true, name: ARC_CONTROLLER_SERVICE_ACCOUNT },
        podSecurityContext: RESTRICTED_POD_SECURITY_CONTEXT,
        securityContext: RESTRICTED_CONTAINER_SECURITY_CONTEXT,
        flags: { logLevel: "info", watchSingleNamespace: props.runnerNamespace },
      },
      dependsOn: props.dependsOn,
    });
    for (const set of props.runnerSets) {
      const gpus = set.gpus ?? 0;
      new PinnedChart(this, `runner-set-${set.name}`, {
        releaseName: set.name,
        namespace: props.runnerNamespace,
        ...CHARTS.arcRunnerSet,
        values: {
          githubConfigUrl: props.githubConfigUrl,
          githubConfigSecret: props.githubAppSecretName,
          runnerScaleSetName: set.name,
          minRunners: set.minRunners,
          maxRunners: set.maxRunners,
          controllerServiceAccount: { namespace: props.controllerNamespace, name: ARC_CONTROLLER_SERVICE_ACCOUNT },
          listenerTemplate: {
            spec: {
              securityContext: RESTRICTED_POD_SECURITY_CONTEXT,
              containers: [{ name: "listener", securityContext: RESTRICTED_CONTAINER_SECURITY_CONTEXT }],
            },
          },
          template: {
            spec: {
              securityContext: { ...RESTRICTED_POD_SECURITY_CONTEXT, runAsUser: 1001, runAsGroup: 1001, fsGroup: 1001 },
              ...(gpus > 0
                ? {
                    nodeSelector: { "nvidia.com/gpu.present": "true" },
                    tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
                  }
                : {}),
              containers: [
                {
                  name: "runner",
                  image: RUNNER_IMAGE,
                  command: ["/home/runner/run.sh"],
                  // The runner writes its work tree and tool cache under its home.
                  securityContext: { ...RESTRICTED_CONTAINER_SECURITY_CONTEXT, readOnlyRootFilesystem: false },
                  resources: {
                    requests: {
                      cpu: String(RUNNER_RESOURCES.requests.cpu),
                      memory: `${RUNNER_RESOURCES.requests.memoryGi}Gi`,
                      ...(gpus > 0 ? { "nvidia.com/gpu": String(gpus) } : {}),
                    },
                    limits: {
                      cpu: String(RUNNER_RESOURCES.limits.cpu),
                      memory: `${RUNNER_RESOURCES.limits.memoryGi}Gi`,
                      ...(gpus > 0 ? { "nvidia.com/gpu": String(gpus) } : {}),
                    },
                  },
                },
              ],
            },
          },
        },
        dependsOn: [controller.release],
      });
    }
  }
}
