/**
 * Knative volumes (`secret`, `emptyDir`, `nfs`, the gcsfuse `csi` driver) and `spec.traffic` →
 * their model forms.
 */
import { checkTraffic } from "./manifest-common.js";
import type { Cur, Reader } from "./manifest-yaml.js";
import type { TrafficTarget, Volume } from "./model.js";

export function readVolume(r: Reader, c: Cur): Volume | undefined {
  const vol: Volume = { name: "" };
  const kinds: string[] = [];
  r.fields(c, {
    name: (v) => {
      vol.name = r.string(v) ?? "";
    },
    secret: (v) => {
      kinds.push("secret");
      const secret: NonNullable<Volume["secret"]> = { secret: "" };
      r.fields(v, {
        secretName: (n) => {
          secret.secret = r.string(n) ?? "";
        },
        defaultMode: (n) => {
          const m = r.integer(n, { min: 0, max: 0o777 });
          if (m !== undefined) secret.defaultMode = m;
        },
        items: (n) => {
          const items: NonNullable<NonNullable<Volume["secret"]>["items"]> = [];
          for (const item of r.items(n) ?? []) {
            const entry: { path: string; version?: string; mode?: number } = { path: "" };
            r.fields(item, {
              key: (k) => {
                const key = r.string(k);
                if (key) entry.version = key;
              },
              path: (p) => {
                entry.path = r.string(p) ?? "";
              },
              mode: (m) => {
                const mode = r.integer(m, { min: 0, max: 0o777 });
                if (mode !== undefined) entry.mode = mode;
              },
            });
            if (entry.path === "") r.error(item, "a secret volume item needs a path");
            items.push(entry);
          }
          if (items.length > 0) secret.items = items;
        },
      });
      if (secret.secret === "") r.error(v, "a secret volume needs a secretName");
      vol.secret = secret;
    },
    emptyDir: (v) => {
      kinds.push("emptyDir");
      const emptyDir: NonNullable<Volume["emptyDir"]> = {};
      r.fields(v, {
        medium: (m) => {
          const medium = r.string(m);
          if (medium === "Memory") emptyDir.medium = "MEMORY";
          else if (medium !== undefined && medium !== "") r.error(m, 'emptyDir.medium must be "Memory" or empty');
        },
        sizeLimit: (s) => {
          const size = r.string(s);
          if (size) emptyDir.sizeLimit = size;
        },
      });
      vol.emptyDir = emptyDir;
    },
    nfs: (v) => {
      kinds.push("nfs");
      const nfs: NonNullable<Volume["nfs"]> = {};
      r.fields(v, {
        server: (s) => {
          const server = r.string(s);
          if (server) nfs.server = server;
        },
        path: (p) => {
          const path = r.string(p);
          if (path) nfs.path = path;
        },
        readOnly: (ro) => {
          const b = r.boolean(ro);
          if (b !== undefined) nfs.readOnly = b;
        },
      });
      vol.nfs = nfs;
    },
    csi: (v) => {
      kinds.push("csi");
      const gcs: NonNullable<Volume["gcs"]> = {};
      let driver: string | undefined;
      r.fields(v, {
        driver: (d) => {
          driver = r.string(d);
          if (driver !== "gcsfuse.run.googleapis.com")
            r.error(d, "only the csi driver gcsfuse.run.googleapis.com maps to Cloud Run v2 (gcs volume)");
        },
        readOnly: (ro) => {
          const b = r.boolean(ro);
          if (b !== undefined) gcs.readOnly = b;
        },
        volumeAttributes: (a) => {
          for (const { key, value, entry } of r.stringMap(a) ?? []) {
            if (key === "bucketName") gcs.bucket = value;
            else if (key === "mountOptions") {
              const opts = value
                .split(",")
                .map((s) => s.trim())
                .filter((s) => s !== "");
              if (opts.length > 0) gcs.mountOptions = opts;
            } else
              r.error(entry.keyCur, `unsupported csi volume attribute "${key}" (bucketName, mountOptions map to v2)`);
          }
        },
      });
      if (driver === undefined) r.error(v, "a csi volume needs driver: gcsfuse.run.googleapis.com");
      if (!gcs.bucket) r.error(v, "a gcsfuse csi volume needs volumeAttributes.bucketName");
      vol.gcs = gcs;
    },
  });
  if (vol.name === "") r.error(c, "a volume needs a name");
  if (kinds.length !== 1)
    r.error(
      c,
      kinds.length === 0
        ? "a volume needs one of secret, emptyDir, nfs or csi"
        : `a volume can have only one source (found ${kinds.join(", ")})`,
    );
  return vol;
}

export function readTraffic(r: Reader, c: Cur, service: string | undefined): TrafficTarget[] | undefined {
  const items = r.items(c);
  if (!items) return undefined;
  const valid = r.errors.length;
  const out: TrafficTarget[] = [];
  for (const item of items) {
    let revisionName: string | undefined;
    let latest: boolean | undefined;
    let latestCur: Cur | undefined;
    const target: TrafficTarget = {};
    r.fields(
      item,
      {
        revisionName: (v) => {
          revisionName = r.string(v);
        },
        latestRevision: (v) => {
          latestCur = v;
          latest = r.boolean(v);
        },
        percent: (v) => {
          const p = r.integer(v, { min: 0, max: 100 });
          if (p !== undefined) target.percent = p;
        },
        tag: (v) => {
          const tag = r.string(v);
          if (tag) target.tag = tag;
        },
        configurationName: (v) => {
          r.error(v, "traffic configurationName is not supported by Cloud Run; use revisionName or latestRevision");
        },
      },
      ["url"],
    );
    if (latest === true && revisionName) {
      r.error(latestCur ?? item, "a traffic target cannot set both latestRevision: true and revisionName");
    } else if (latest === true) {
      target.type = "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST";
    } else if (revisionName) {
      target.type = "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION";
      target.revision = revisionName;
    } else {
      r.error(item, "a traffic target needs revisionName or latestRevision: true");
    }
    out.push({
      ...(target.type ? { type: target.type } : {}),
      ...(target.revision ? { revision: target.revision } : {}),
      percent: target.percent ?? 0,
      ...(target.tag ? { tag: target.tag } : {}),
    });
  }
  if (r.errors.length === valid) checkTraffic(r, out, items, c, service);
  return out;
}
