import { Construct } from "constructs";
import { Aspects, LocalBackend, S3Backend, TerraformStack } from "cdktf";
import { suppressCheck } from "../constructs/policy/suppressions";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { LogRetention, ONE_YEAR_DAYS } from "../constructs/logging/encrypted-log-group";
import type { Unprotected } from "../constructs/policy/protection";
import { RequiredTags, RequiredTagsAspect } from "../constructs/tagging/required-tags";
import { HOME_REGION, type EnvironmentConfig, type ReplaceableGroup } from "./config";
import { Layer, stackName, stateBucketName, stateKey, keyAlias, STATE_KEY_PURPOSE } from "./naming";

export function requiredTags(env: EnvironmentConfig): RequiredTags {
  return {
    environment: env.name,
    owner: env.tags.owner,
    "cost-center": env.tags["cost-center"],
    "data-classification": env.tags["data-classification"],
  };
}

/**
 * Whether an environment lets a group of stateful resources be destroyed or replaced:
 * all of them (except the log archive, which never asks) in an ephemeral environment,
 * or the groups its allowReplace names. Undefined means protected.
 */
export function unprotectedFor(env: EnvironmentConfig, group: ReplaceableGroup): Unprotected | undefined {
  if (env.ephemeral) {
    return { reason: `ephemeral: true in ${env.file} (a throw-away test environment)`, discardData: true };
  }
  if (env.allowReplace.includes(group)) {
    return { reason: `allowReplace lists ${group} in ${env.file}` };
  }
  return undefined;
}

/** Log retention of an environment, with the reason when it is under a year. */
export function logRetention(env: EnvironmentConfig): LogRetention {
  const days = env.logging.retentionDays;
  return days >= ONE_YEAR_DAYS
    ? { days }
    : {
        days,
        shortRetentionReason: `logging.retentionDays is ${days} in ${env.file} (profile ${env.profile}); the schema allows no less than 90 days, the period ISO 27001 A.8.15 leaves to the owner`,
      };
}

/**
 * Base of every stack of an environment: one AWS provider pinned to the environment's
 * region and account with the required default tags, the required tags written on every
 * taggable resource, and (except for bootstrap) the S3 state backend with native locking.
 */
export class EnvironmentStack extends TerraformStack {
  readonly env: EnvironmentConfig;
  readonly aws: AwsProvider;

  constructor(scope: Construct, env: EnvironmentConfig, layer: Layer) {
    super(scope, stackName(env, layer));
    this.env = env;
    const tags = requiredTags(env);
    this.aws = new AwsProvider(this, "aws", {
      region: env.region,
      allowedAccountIds: [env.account],
      defaultTags: [{ tags: { ...tags, "managed-by": "cdktf", stack: stackName(env, layer) } }],
    });
    Aspects.of(this).add(new RequiredTagsAspect(tags));
    if (env.region !== HOME_REGION) {
      // Validation only lets this through with residency.allowedRegions and a legal basis.
      suppressCheck(this.aws, "CKV_UAE_1", `residency exception in ${env.file}: ${env.residency.legalBasis ?? ""}`);
    }
    if (layer === Layer.BOOTSTRAP) {
      // The state bucket cannot hold the state that creates it: keep it in the project
      // folder (relative to cdktf.out/stacks/<stack>, so it survives a new synth).
      new LocalBackend(this, { path: `../../../terraform.${stackName(env, layer)}.tfstate` });
    } else {
      new S3Backend(this, {
        bucket: stateBucketName(env),
        key: stateKey(env, layer),
        region: env.region,
        encrypt: true,
        kmsKeyId: `arn:aws:kms:${env.region}:${env.account}:alias/${keyAlias(env, STATE_KEY_PURPOSE)}`,
      });
      // cdktf 0.21's S3Backend has no useLockfile prop; S3 native locking replaces DynamoDB.
      this.addOverride("terraform.backend.s3.use_lockfile", true);
    }
  }
}
