/**
 * Every resource type in the synthesized output is classified: stateful (holds data that
 * a destroy or replace would lose) with the guards it must carry, or stateless (can be
 * recreated from code without losing anything). A new type fails here until it is
 * classified, so a stateful resource cannot slip in unguarded.
 */
import { obj, Resource, resources } from "../support/synthesized";

const preventDestroy = (r: Resource) => obj(r.body.lifecycle).prevent_destroy === true;

/** Guards per stateful type; each returns the guards a resource is missing. */
const STATEFUL: Record<string, (r: Resource) => string[]> = {
  aws_s3_bucket: (r) => [...(preventDestroy(r) ? [] : ["prevent_destroy"]), ...(r.body.force_destroy === false ? [] : ["force_destroy = false"])],
  aws_db_instance: (r) => [
    ...(preventDestroy(r) ? [] : ["prevent_destroy"]),
    ...(r.body.deletion_protection === true ? [] : ["deletion_protection"]),
    ...(r.body.skip_final_snapshot === false && r.body.final_snapshot_identifier === `${String(r.body.identifier)}-final` ? [] : ["final snapshot <identifier>-final"]),
    ...(r.body.delete_automated_backups === false ? [] : ["delete_automated_backups = false"]),
  ],
  aws_kms_key: (r) => [...(preventDestroy(r) ? [] : ["prevent_destroy"]), ...(r.body.deletion_window_in_days === 30 ? [] : ["deletion_window_in_days = 30"])],
  aws_ecr_repository: (r) => [...(preventDestroy(r) ? [] : ["prevent_destroy"]), ...(r.body.force_delete === false ? [] : ["force_delete = false"])],
  aws_cloudwatch_log_group: (r) => (preventDestroy(r) ? [] : ["prevent_destroy"]),
  aws_eks_cluster: (r) => [...(preventDestroy(r) ? [] : ["prevent_destroy"]), ...(r.body.deletion_protection === true ? [] : ["deletion_protection"])],
  aws_backup_vault: (r) => [...(preventDestroy(r) ? [] : ["prevent_destroy"]), ...(r.body.force_destroy === false ? [] : ["force_destroy = false"])],
};

/** Recreated from code without data loss: configuration, network, identity, policy, workloads. */
const STATELESS = new Set([
  "aws_backup_plan", "aws_backup_selection", "aws_backup_vault_lock_configuration",
  "aws_cloudtrail", "aws_config_configuration_recorder", "aws_config_configuration_recorder_status", "aws_config_delivery_channel",
  "aws_db_parameter_group", "aws_db_subnet_group", "aws_default_security_group", "aws_ecr_lifecycle_policy", "aws_eip",
  "aws_eks_access_entry", "aws_eks_access_policy_association", "aws_eks_addon", "aws_eks_node_group", "aws_eks_pod_identity_association",
  "aws_flow_log", "aws_guardduty_detector", "aws_guardduty_detector_feature", "aws_iam_role", "aws_iam_role_policy",
  "aws_iam_role_policy_attachment", "aws_internet_gateway", "aws_kms_alias", "aws_launch_template", "aws_nat_gateway", "aws_route",
  "aws_route_table", "aws_route_table_association", "aws_s3_bucket_lifecycle_configuration", "aws_s3_bucket_logging",
  "aws_s3_bucket_notification", "aws_s3_bucket_object_lock_configuration", "aws_s3_bucket_ownership_controls", "aws_s3_bucket_policy",
  "aws_s3_bucket_public_access_block", "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_versioning",
  "aws_security_group", "aws_securityhub_account", "aws_securityhub_standards_subscription", "aws_subnet", "aws_vpc", "aws_vpc_endpoint",
  "aws_vpc_security_group_ingress_rule",
  // Kubernetes objects and Helm releases are declared here and rebuilt from code; the data
  // they front (registry database, buckets) is guarded above.
  "helm_release", "kubernetes_cluster_role_binding_v1", "kubernetes_cluster_role_v1", "kubernetes_limit_range_v1",
  "kubernetes_namespace_v1", "kubernetes_network_policy_v1", "kubernetes_resource_quota_v1", "kubernetes_role_binding_v1",
]);

test("every resource type is classified as stateful (with guards) or stateless", () => {
  const types = [...new Set(resources().map((r) => r.type))].sort();
  expect(types.length).toBeGreaterThan(40);
  expect(types.filter((t) => !(t in STATEFUL) && !STATELESS.has(t))).toEqual([]);
});

/** Resources an environment unprotected explicitly (ephemeral, allowReplace) record why. */
const unprotectedReason = (r: Resource) => obj(r.body["//"]).unprotected_reason;
/** The log archive and its key: nothing may unprotect them. */
const isLogArchive = (r: Resource) => String(r.body.bucket ?? "").includes("-log-archive-") || String(r.body.description ?? "").includes("log archive");

test.each(Object.keys(STATEFUL))("every %s carries its guards, unless its environment unprotected it with a reason", (type) => {
  const all = resources(type);
  expect(all.length).toBeGreaterThan(0);
  const missing = all
    .filter((r) => isLogArchive(r) || unprotectedReason(r) === undefined)
    .flatMap((r) => STATEFUL[type](r).map((g) => `${r.stack}/${r.type}.${r.name}: ${g}`));
  expect(missing).toEqual([]);
  for (const r of all.filter(isLogArchive)) expect(unprotectedReason(r)).toBeUndefined();
});
