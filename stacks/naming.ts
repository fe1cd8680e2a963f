/**
 * Names of resources that other stacks (or people) find by name. One place, so a
 * cross-stack look-up and the resource it looks up cannot drift apart.
 */
import type { EnvironmentConfig } from "./config";

export const Layer = {
  BOOTSTRAP: "bootstrap",
  FOUNDATION: "foundation",
  DATA: "data",
  CLUSTER: "cluster",
  PLATFORM: "platform",
} as const;
export type Layer = (typeof Layer)[keyof typeof Layer];

export const stackName = (env: EnvironmentConfig, layer: Layer) => `${env.name}-${layer}`;
export const STATE_KEY_PURPOSE = "tfstate";
export const stateBucketName = (env: EnvironmentConfig) => `${env.name}-tfstate-${env.account}`;
/** KMS alias (without `alias/`) of an environment key for one purpose. */
export const keyAlias = (env: EnvironmentConfig, purpose: string) => `${env.name}/${purpose}`;
export const stateKey = (env: EnvironmentConfig, layer: Layer) => `${stackName(env, layer)}/terraform.tfstate`;
export const clusterName = (env: EnvironmentConfig) => `${env.name}-mlops`;
export const artifactBucketName = (env: EnvironmentConfig, purpose: string) => `${env.name}-${purpose}-${env.account}`;
export const accessLogBucketName = (env: EnvironmentConfig) => `${env.name}-s3-access-logs-${env.account}`;
export const configBucketName = (env: EnvironmentConfig) => `${env.name}-config-${env.account}`;
export const logArchiveBucketName = (env: EnvironmentConfig) => `${env.name}-log-archive-${env.account}`;
export const databaseIdentifier = (env: EnvironmentConfig) => `${env.name}-model-registry`;
export const trailName = (env: EnvironmentConfig) => `${env.name}-audit`;
