// Validates Kubernetes manifests: every object against its schema (Kubernetes, KEDA, Strimzi,
// prometheus-operator), then this project's policies. Prints one line per problem, "[rule] file: Kind/name: what",
// and exits 1 when there is any, so k8s/check/test-broken.sh can assert which rule caught a broken fixture.
//
//   node validate.mjs [--topics T,T...] FILE...  rendered manifests (kubectl kustomize output), all rules; with
//                                                --topics, a set holding a Strimzi Kafka needs a KafkaTopic for
//                                                exactly these topics (check.sh reads them from the code)
//   node validate.mjs --sources FILE...          files as kept in git (patches, partial objects): the Secret rule only
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const args = process.argv.slice(2);
const sourcesOnly = args[0] === "--sources";
let expectedTopics;
if (args[0] === "--topics") {
  expectedTopics = args[1].split(",").filter(Boolean);
  args.splice(0, 2);
}
const files = sourcesOnly ? args.slice(1) : args;
const problems = [];
let objects = 0;

// apiVersion group -> package whose models carry the schemas. Unknown groups are a problem, not a pass.
const packages = {
  "": "kubernetes-models",
  "keda.sh": "@kubernetes-models/keda",
  "kafka.strimzi.io": "@kubernetes-models/strimzi-kafka-operator",
  "monitoring.coreos.com": "@kubernetes-models/prometheus-operator",
};
const coreGroups = /^(apps|batch|policy|autoscaling|networking\.k8s\.io|rbac\.authorization\.k8s\.io|storage\.k8s\.io|scheduling\.k8s\.io|coordination\.k8s\.io|discovery\.k8s\.io)$/;

async function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const pkg = packages[group] ?? (coreGroups.test(group) ? "kubernetes-models" : undefined);
  if (!pkg || !/^[A-Za-z0-9]+$/.test(kind) || !/^[a-z0-9]+$/.test(version)) return undefined;
  const path = group === "" ? `${pkg}/${version}/${kind}` : `${pkg}/${group}/${version}/${kind}`;
  try {
    return (await import(path))[kind];
  } catch {
    return undefined;
  }
}

const id = (o) => `${o.kind ?? "?"}/${o.metadata?.name ?? "?"}`;
const report = (rule, file, o, what) => problems.push(`[${rule}] ${file}: ${o ? id(o) + ": " : ""}${what}`);

function podSpecOf(o) {
  switch (o.kind) {
    case "Pod": return o.spec;
    case "Deployment": case "StatefulSet": case "DaemonSet": case "ReplicaSet": case "Job":
      return o.spec?.template?.spec;
    case "CronJob": return o.spec?.jobTemplate?.spec?.template?.spec;
    default: return undefined;
  }
}

// Duration settings as the services read them (java.time.Duration through SmallRye Config): "90S", "2M", "PT90S".
function seconds(text) {
  const m = /^(?:PT)?(\d+(?:\.\d+)?)([SMH])$/i.exec(String(text).trim());
  return m ? Number(m[1]) * { S: 1, M: 60, H: 3600 }[m[2].toUpperCase()] : undefined;
}

function checkImage(file, o, c) {
  const image = c.image ?? "";
  if (image.includes("@sha256:")) return;
  const lastPart = image.split("/").pop();
  if (!lastPart.includes(":")) report("image-tag", file, o, `container ${c.name}: image "${image}" has no tag (pin a version)`);
  else if (lastPart.endsWith(":latest")) report("image-tag", file, o, `container ${c.name}: image "${image}" uses the latest tag (pin a version)`);
}

function checkResources(file, o, c) {
  const r = c.resources ?? {};
  const missing = [["requests", "cpu"], ["requests", "memory"], ["limits", "memory"]]
    .filter(([k, v]) => r[k]?.[v] === undefined).map(([k, v]) => `${k}.${v}`);
  if (missing.length) report("resources", file, o, `container ${c.name}: no resources ${missing.join(", ")}`);
}

// Pod Security "restricted", plus a read-only root filesystem (the services write only to emptyDir volumes).
function checkSecurity(file, o, pod, c) {
  const p = pod.securityContext ?? {};
  const s = c.securityContext ?? {};
  const bad = [];
  if ((s.runAsNonRoot ?? p.runAsNonRoot) !== true) bad.push("runAsNonRoot is not true");
  if ((s.runAsUser ?? p.runAsUser) === 0) bad.push("runAsUser is 0");
  const seccomp = (s.seccompProfile ?? p.seccompProfile)?.type;
  if (seccomp !== "RuntimeDefault" && seccomp !== "Localhost") bad.push("seccompProfile is not RuntimeDefault");
  if (s.allowPrivilegeEscalation !== false) bad.push("allowPrivilegeEscalation is not false");
  if (s.privileged === true) bad.push("privileged");
  if (!(s.capabilities?.drop ?? []).includes("ALL")) bad.push("capabilities do not drop ALL");
  const added = (s.capabilities?.add ?? []).filter((a) => a !== "NET_BIND_SERVICE");
  if (added.length) bad.push(`capabilities add ${added.join(", ")}`);
  if (s.readOnlyRootFilesystem !== true) bad.push("readOnlyRootFilesystem is not true");
  if (bad.length) report("security", file, o, `container ${c.name}: ${bad.join("; ")}`);
}

function checkPod(file, o, pod) {
  const longRunning = !["Job", "CronJob"].includes(o.kind);
  for (const flag of ["hostNetwork", "hostPID", "hostIPC"]) {
    if (pod[flag] === true) report("security", file, o, `${flag} is true`);
  }
  for (const v of pod.volumes ?? []) {
    if (v.hostPath) report("security", file, o, `volume ${v.name} is a hostPath`);
  }
  const all = [...(pod.initContainers ?? []), ...(pod.containers ?? [])];
  for (const c of all) {
    checkImage(file, o, c);
    checkResources(file, o, c);
    checkSecurity(file, o, pod, c);
    for (const e of c.env ?? []) {
      if (e.name === "S2L_API_TOKEN" && e.value !== undefined) {
        report("api-token", file, o, `container ${c.name}: S2L_API_TOKEN is written in the manifest (use the Secret s2l-api-token)`);
      }
      if (e.name === "TRAINER_SHUTDOWN_GRACE") {
        const grace = seconds(e.value);
        const period = pod.terminationGracePeriodSeconds ?? 30;
        if (grace === undefined) report("shutdown-grace", file, o, `container ${c.name}: TRAINER_SHUTDOWN_GRACE "${e.value}" is not a duration like 90S`);
        else if (grace >= period) {
          report("shutdown-grace", file, o, `terminationGracePeriodSeconds ${period} does not exceed TRAINER_SHUTDOWN_GRACE ${e.value} (the kubelet would kill the worker before its checkpoint)`);
        }
      }
    }
  }
  if (longRunning) {
    for (const c of pod.containers ?? []) {
      const missing = ["readinessProbe", "livenessProbe"].filter((p) => !c[p]);
      if (missing.length) report("probes", file, o, `container ${c.name}: no ${missing.join(", ")}`);
    }
  }
  // The services' mutating REST endpoints need the token from the Secret (never a literal, never absent).
  for (const c of pod.containers ?? []) {
    if (!/(^|\/)s2l\/[a-z-]+-service[:@]/.test(c.image ?? "")) continue;
    const token = (c.env ?? []).find((e) => e.name === "S2L_API_TOKEN");
    const ref = token?.valueFrom?.secretKeyRef;
    if (!token || (token.value === undefined && (ref?.name !== "s2l-api-token" || ref?.key !== "token" || ref?.optional === true))) {
      report("api-token", file, o, `container ${c.name}: S2L_API_TOKEN does not come from the Secret s2l-api-token (key token)`);
    }
  }
}

function checkAccessModes(file, o, modes, where) {
  if ((modes ?? []).includes("ReadWriteMany")) {
    report("rwx", file, o, `${where} asks for ReadWriteMany (default provisioners offer ReadWriteOnce only; use the object store)`);
  }
}

function checkObject(file, o) {
  if (o.kind === "Secret" && (Object.keys(o.data ?? {}).length || Object.keys(o.stringData ?? {}).length)) {
    report("secret-data", file, o, "a Secret with data or stringData is in the manifests (create it with kubectl; README)");
  }
  if (sourcesOnly) return;
  if (o.kind === "PersistentVolumeClaim" || o.kind === "PersistentVolume") checkAccessModes(file, o, o.spec?.accessModes, "the claim");
  if (o.kind === "StatefulSet") {
    for (const t of o.spec?.volumeClaimTemplates ?? []) checkAccessModes(file, o, t.spec?.accessModes, `volumeClaimTemplate ${t.metadata?.name}`);
  }
  const pod = podSpecOf(o);
  if (pod) checkPod(file, o, pod);
}

// Rules over a whole rendered set (one overlay).
function checkSet(file, docs) {
  const byKey = new Map();
  for (const o of docs) {
    const key = `${o.kind}/${o.metadata?.namespace ?? ""}/${o.metadata?.name}`;
    if (byKey.has(key)) report("duplicate", file, o, "defined twice");
    byKey.set(key, o);
  }
  for (const so of docs.filter((o) => o.kind === "ScaledObject")) {
    const ref = so.spec?.scaleTargetRef ?? {};
    const kind = ref.kind ?? "Deployment";
    const target = docs.find((o) => o.kind === kind && o.metadata?.name === ref.name);
    if (!target) report("keda-target", file, so, `scale target ${kind}/${ref.name} is not in the manifests`);
    else if (target.spec?.replicas !== undefined) {
      report("keda-replicas", file, target, `sets replicas: ${target.spec.replicas} but KEDA (ScaledObject/${so.metadata?.name}) owns its scale; every apply would reset it`);
    }
  }
  // With topic auto-creation off, a topic the code uses but no KafkaTopic defines is created by a service with
  // the broker's defaults (or not at all, without the Create ACL); a KafkaTopic nobody uses is stale.
  if (expectedTopics && docs.some((o) => o.kind === "Kafka" && o.apiVersion?.startsWith("kafka.strimzi.io/"))) {
    const defined = docs.filter((o) => o.kind === "KafkaTopic").map((o) => o.spec?.topicName ?? o.metadata?.name);
    for (const t of expectedTopics.filter((t) => !defined.includes(t))) {
      report("topics", file, null, `no KafkaTopic for ${t} (contracts' Topics.java or a service's dead-letter topic)`);
    }
    for (const t of defined.filter((t) => !expectedTopics.includes(t))) {
      report("topics", file, null, `KafkaTopic for ${t}, which no service uses`);
    }
  }
  const namespaces = docs.filter((o) => o.kind === "Namespace");
  for (const ns of namespaces) {
    if (ns.metadata?.labels?.["pod-security.kubernetes.io/enforce"] !== "restricted") {
      report("pod-security-label", file, ns, "no label pod-security.kubernetes.io/enforce: restricted");
    }
  }
  if (namespaces.length) {
    const denyAll = docs.some((o) => o.kind === "NetworkPolicy"
      && Object.keys(o.spec?.podSelector ?? { x: 1 }).length === 0
      && ["Ingress", "Egress"].every((t) => (o.spec?.policyTypes ?? []).includes(t))
      && !(o.spec?.ingress ?? []).length && !(o.spec?.egress ?? []).length);
    if (!denyAll) report("default-deny", file, null, "no default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and Egress, no rules)");
  }
}

for (const file of files) {
  let docs;
  try {
    docs = parseAllDocuments(readFileSync(file, "utf8"));
  } catch (e) {
    report("yaml", file, null, e.message);
    continue;
  }
  const good = [];
  for (const d of docs) {
    for (const e of d.errors) report("yaml", file, null, e.message.split("\n")[0]);
    if (d.errors.length) continue;
    const o = d.toJS();
    if (o === null || o === undefined) continue;
    objects++;
    if (typeof o !== "object" || Array.isArray(o)) {
      report("yaml", file, null, "a document that is not a mapping");
      continue;
    }
    if (!sourcesOnly) {
      if (!o.apiVersion || !o.kind) {
        report("schema", file, o, "no apiVersion or kind");
        continue;
      }
      const Model = await modelFor(o.apiVersion, o.kind);
      if (!Model) report("schema", file, o, `no schema known for apiVersion ${o.apiVersion}, kind ${o.kind}`);
      else {
        try {
          new Model(o).validate();
        } catch (e) {
          report("schema", file, o, e.message.replace(/\s+/g, " "));
        }
      }
    }
    checkObject(file, o);
    good.push(o);
  }
  if (!sourcesOnly) checkSet(file, good);
}

for (const p of problems) console.log(p);
console.log(`k8s check: ${files.length} file(s), ${objects} object(s), ${problems.length} problem(s)`);
process.exit(problems.length ? 1 : 0);
