import { Construct } from "constructs";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { EncryptedLogGroup, LogRetention } from "../logging/encrypted-log-group";
import { protectionLifecycle, Unprotected } from "../policy/protection";
import { suppressCheck } from "../policy/suppressions";
import { PlatformKey } from "../security/platform-key";
import { serviceTrustPolicy } from "../security/policy-document";

/** Log types PostgreSQL exports to CloudWatch Logs. */
export const POSTGRES_LOG_EXPORTS = ["postgresql", "upgrade", "iam-db-auth-error"] as const;

export interface RegistryDatabaseProps {
  /** RDS identifier; also names the final snapshot. Changing it replaces the database. */
  readonly identifier: string;
  /** PostgreSQL major version, e.g. "17". */
  readonly engineVersion: string;
  readonly instanceClass: string;
  readonly allocatedStorageGb: number;
  readonly maxAllocatedStorageGb: number;
  readonly multiAz: boolean;
  /** Why a single-AZ database is acceptable; required when multiAz is false. */
  readonly singleAzReason?: string;
  readonly backupRetentionDays: number;
  /** Isolated subnets (no route out) in at least two AZs. */
  readonly subnetIds: string[];
  readonly vpcId: string;
  /** Encrypts storage, snapshots, the master secret and Performance Insights. Immutable. */
  readonly encryptionKey: PlatformKey;
  /** Encrypts the exported log groups. */
  readonly logKey: PlatformKey;
  readonly logRetention: LogRetention;
  /**
   * Name of the first database.
   * @default "mlflow"
   */
  readonly databaseName?: string;
  /**
   * Lets a destroy or replacement through (deletion protection off). A final snapshot is
   * taken either way.
   * @default - protected (prevent_destroy, deletion protection)
   */
  readonly unprotected?: Unprotected;
}

/**
 * The model-registry PostgreSQL database: private, CMK-encrypted, IAM authentication,
 * master password managed in Secrets Manager, TLS forced, pgaudit, backups, enhanced
 * monitoring, log exports into encrypted log groups, deletion protection and a final
 * snapshot. Its security group admits nobody until a client rule is added
 * (`allowFrom`).
 */
export class RegistryDatabase extends Construct {
  readonly instance: DbInstance;
  readonly securityGroupId: string;
  readonly endpointAddress: string;
  readonly port: number;
  readonly databaseName: string;
  readonly masterUsername = "registry_admin";
  /** ARN of the Secrets Manager secret that RDS manages for the master user. */
  readonly masterUserSecretArn: string;
  /** Resource id for `rds-db:connect` IAM policies. */
  readonly resourceId: string;

  constructor(scope: Construct, id: string, props: RegistryDatabaseProps) {
    super(scope, id);
    if (props.subnetIds.length < 2) {
      throw new Error(`RegistryDatabase ${props.identifier}: subnetIds needs at least 2 subnets in different AZs (RDS requires it)`);
    }
    if (props.backupRetentionDays < 7 || props.backupRetentionDays > 35) {
      throw new Error(`RegistryDatabase ${props.identifier}: backupRetentionDays must be 7-35 (got ${props.backupRetentionDays})`);
    }
    if (!props.multiAz && !props.singleAzReason?.trim()) {
      throw new Error(`RegistryDatabase ${props.identifier}: multiAz false needs singleAzReason (a standby survives an AZ loss)`);
    }
    this.databaseName = props.databaseName ?? "mlflow";
    this.port = 5432;

    const subnetGroup = new DbSubnetGroup(this, "subnet-group", {
      name: props.identifier,
      description: `Isolated data subnets for ${props.identifier}`,
      subnetIds: props.subnetIds,
    });
    const sg = new SecurityGroup(this, "security-group", {
      name: `${props.identifier}-db`,
      description: `PostgreSQL ${props.identifier}: clients are added by rule, nothing else`,
      vpcId: props.vpcId,
      ingress: [],
      egress: [],
      revokeRulesOnDelete: true,
    });
    this.securityGroupId = sg.id;

    const parameters = new DbParameterGroup(this, "parameters", {
      name: `${props.identifier}-pg${props.engineVersion}`,
      family: `postgres${props.engineVersion}`,
      description: `TLS-only, audited PostgreSQL for ${props.identifier}`,
      parameter: [
        { name: "rds.force_ssl", value: "1" },
        { name: "shared_preload_libraries", value: "pgaudit,pg_stat_statements", applyMethod: "pending-reboot" },
        { name: "pgaudit.log", value: "ddl,role,write" },
        { name: "pgaudit.role", value: "rds_pgaudit" },
        { name: "log_connections", value: "1" },
        { name: "log_disconnections", value: "1" },
        { name: "log_min_duration_statement", value: "1000" },
      ],
      lifecycle: { createBeforeDestroy: true },
    });

    // RDS writes to these names; creating them first gives them a CMK and retention.
    const logGroups = POSTGRES_LOG_EXPORTS.map(
      (type) =>
        new EncryptedLogGroup(this, `log-${type}`, {
          logGroupName: `/aws/rds/instance/${props.identifier}/${type}`,
          encryptionKey: props.logKey,
          retention: props.logRetention,
          unprotected: props.unprotected,
        }),
    );

    const monitoringRole = new IamRole(this, "monitoring-role", {
      name: `${props.identifier}-rds-monitoring`,
      assumeRolePolicy: serviceTrustPolicy("monitoring.rds.amazonaws.com"),
    });
    new IamRolePolicyAttachment(this, "monitoring-policy", {
      role: monitoringRole.name,
      policyArn: "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
    });

    this.instance = new DbInstance(this, "instance", {
      identifier: props.identifier,
      engine: "postgres",
      engineVersion: props.engineVersion,
      instanceClass: props.instanceClass,
      dbName: this.databaseName,
      username: this.masterUsername,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.encryptionKey.keyArn,
      iamDatabaseAuthenticationEnabled: true,
      allocatedStorage: props.allocatedStorageGb,
      maxAllocatedStorage: props.maxAllocatedStorageGb,
      storageType: "gp3",
      storageEncrypted: true,
      kmsKeyId: props.encryptionKey.keyArn,
      multiAz: props.multiAz,
      dbSubnetGroupName: subnetGroup.name,
      vpcSecurityGroupIds: [sg.id],
      publiclyAccessible: false,
      parameterGroupName: parameters.name,
      caCertIdentifier: "rds-ca-rsa2048-g1",
      backupRetentionPeriod: props.backupRetentionDays,
      backupWindow: "22:00-23:00",
      maintenanceWindow: "fri:23:30-sat:00:30",
      copyTagsToSnapshot: true,
      deleteAutomatedBackups: false,
      deletionProtection: !props.unprotected,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: `${props.identifier}-final`,
      autoMinorVersionUpgrade: true,
      allowMajorVersionUpgrade: false,
      enabledCloudwatchLogsExports: [...POSTGRES_LOG_EXPORTS],
      performanceInsightsEnabled: true,
      performanceInsightsKmsKeyId: props.encryptionKey.keyArn,
      performanceInsightsRetentionPeriod: 7,
      monitoringInterval: 60,
      monitoringRoleArn: monitoringRole.arn,
      dependsOn: logGroups.map((g) => g.logGroup),
    });
    protectionLifecycle(this.instance, props.unprotected);
    if (props.unprotected) suppressCheck(this.instance, "CKV_AWS_293", `deletion protection off: ${props.unprotected.reason}`);
    if (!props.multiAz) suppressCheck(this.instance, "CKV_AWS_157", props.singleAzReason!);
    this.endpointAddress = this.instance.address;
    this.masterUserSecretArn = this.instance.masterUserSecret.get(0).secretArn;
    this.resourceId = this.instance.resourceId;
  }
}
