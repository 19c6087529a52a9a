// Rows of the annotation mapping table: annotations of the revision (spec.template.metadata.annotations).
import { atLevel, containers, type Row, RUN, runKey } from "./annotation-row.js";

export const revisionRows: Row[] = atLevel("revision", [
  {
    name: "minScale",
    key: "autoscaling.knative.dev/minScale",
    value: "1",
    want: { template: { scaling: { minInstanceCount: 1 } } },
  },
  {
    name: "maxScale",
    key: "autoscaling.knative.dev/maxScale",
    value: "20",
    want: { template: { scaling: { maxInstanceCount: 20 } } },
  },
  {
    name: "maxScale not an integer",
    key: "autoscaling.knative.dev/maxScale",
    value: "ten",
    error: 'must be an integer from 0 to 2147483647 (found "ten")',
  },
  {
    name: "cpu-throttling true",
    key: `${RUN}cpu-throttling`,
    value: "true",
    want: containers({ resources: { cpuIdle: true } }),
  },
  {
    name: "cpu-throttling false",
    key: `${RUN}cpu-throttling`,
    value: "false",
    want: containers({ resources: { cpuIdle: false } }),
  },
  runKey("startup-cpu-boost", "true", { want: containers({ resources: { startupCpuBoost: true } }) }),
  {
    name: "execution-environment gen1",
    key: `${RUN}execution-environment`,
    value: "gen1",
    want: { template: { executionEnvironment: "EXECUTION_ENVIRONMENT_GEN1" } },
  },
  {
    name: "execution-environment gen2",
    key: `${RUN}execution-environment`,
    value: "gen2",
    want: { template: { executionEnvironment: "EXECUTION_ENVIRONMENT_GEN2" } },
  },
  runKey("vpc-access-connector", "projects/p/locations/l/connectors/c", {
    want: { template: { vpcAccess: { connector: "projects/p/locations/l/connectors/c" } } },
  }),
  {
    name: "vpc-access-egress all-traffic",
    key: `${RUN}vpc-access-egress`,
    value: "all-traffic",
    want: { template: { vpcAccess: { egress: "ALL_TRAFFIC" } } },
  },
  {
    name: "vpc-access-egress all (deprecated)",
    key: `${RUN}vpc-access-egress`,
    value: "all",
    want: { template: { vpcAccess: { egress: "ALL_TRAFFIC" } } },
    warning: '"all" is deprecated',
  },
  {
    name: "vpc-access-egress private-ranges-only",
    key: `${RUN}vpc-access-egress`,
    value: "private-ranges-only",
    want: { template: { vpcAccess: { egress: "PRIVATE_RANGES_ONLY" } } },
  },
  runKey("network-interfaces", '[{"network":"default","subnetwork":"sub","tags":["a","b"]}]', {
    want: {
      template: { vpcAccess: { networkInterfaces: [{ network: "default", subnetwork: "sub", tags: ["a", "b"] }] } },
    },
  }),
  {
    name: "network-interfaces bad shape",
    key: `${RUN}network-interfaces`,
    value: '[{"net":"x"}]',
    error: "must be a JSON list of {network, subnetwork, tags} objects",
  },
  runKey("cloudsql-instances", "p:us-central1:db1, p:us-central1:db2", {
    want: {
      template: {
        volumes: [
          { name: "creds" },
          { name: "cloudsql", cloudSqlInstance: { instances: ["p:us-central1:db1", "p:us-central1:db2"] } },
        ],
        containers: [
          { volumeMounts: [{ name: "cloudsql", mountPath: "/cloudsql" }] },
          { volumeMounts: [{ name: "cloudsql", mountPath: "/cloudsql" }] },
        ],
      },
    },
  }),
  {
    name: "cloudsql-instances bad name",
    key: `${RUN}cloudsql-instances`,
    value: "db1",
    error: "project:region:instance",
  },
  runKey("secrets", "db-pass:projects/123/secrets/db-password", {
    want: {
      template: {
        containers: [
          {
            env: [
              {
                name: "DB_PASSWORD",
                valueSource: { secretKeyRef: { secret: "projects/123/secrets/db-password", version: "latest" } },
              },
            ],
          },
          {},
        ],
        volumes: [{ name: "creds", secret: { secret: "projects/123/secrets/db-password" } }],
      },
    },
  }),
  {
    name: "secrets bad format",
    key: `${RUN}secrets`,
    value: "db-pass=foo",
    error: "alias:projects/PROJECT/secrets/SECRET",
  },
  runKey("encryption-key", "projects/p/locations/l/keyRings/r/cryptoKeys/k", {
    want: { template: { encryptionKey: "projects/p/locations/l/keyRings/r/cryptoKeys/k" } },
  }),
  {
    name: "post-key-revocation-action-type prevent-new",
    key: `${RUN}post-key-revocation-action-type`,
    value: "prevent-new",
    want: { template: { encryptionKeyRevocationAction: "PREVENT_NEW" } },
  },
  {
    name: "post-key-revocation-action-type shut-down",
    key: `${RUN}post-key-revocation-action-type`,
    value: "shut-down",
    want: { template: { encryptionKeyRevocationAction: "SHUTDOWN" } },
  },
  runKey("encryption-key-shutdown-hours", "2", { want: { template: { encryptionKeyShutdownDuration: 7200 } } }),
  runKey("sessionAffinity", "true", { want: { template: { sessionAffinity: true } } }),
  runKey("container-dependencies", '{"app":["sidecar"]}', {
    want: containers({ name: "app", dependsOn: ["sidecar"] }, { name: "sidecar" }),
  }),
  {
    name: "container-dependencies unknown container",
    key: `${RUN}container-dependencies`,
    value: '{"app":["db"]}',
    error: 'refers to container "db"',
  },
  runKey("health-check-disabled", "true", { want: { template: { healthCheckDisabled: true } } }),
  runKey("gpu-zonal-redundancy-disabled", "false", { want: { template: { gpuZonalRedundancyDisabled: false } } }),
  {
    name: "secure-session-agent (no v2 field)",
    key: `${RUN}secure-session-agent`,
    value: "true",
    error: "has no Cloud Run v2 equivalent",
  },
]);
