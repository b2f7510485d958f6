/**
 * k8s/: renders every overlay with `kubectl kustomize`, validates each object against the
 * Kubernetes API schemas (tools/lib/k8s-validate.mjs; CRDs are checked field by field here) and
 * checks the deployment rules of docs/runbook.md: probes, resources, non-root read-only pods, pinned
 * images, one Deployment, Service, HPA, PDB, migration Job and NetworkPolicy per service, only the
 * gateway exposed, and every setting each service's production config requires provided.
 */
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { TOPICS, dlqTopicOf } from '@emporium/contracts';
import { loadAnalyticsConfig } from '../apps/analytics/src/config';
import { loadCatalogConfig } from '../apps/catalog/src/config';
import { loadCustomerServiceConfig } from '../apps/customer-service/src/config';
import { loadGatewayConfig } from '../apps/gateway/src/config';
import { loadLogisticsConfig } from '../apps/logistics/src/config';
import { loadOrdersConfig } from '../apps/orders/src/config';
import { loadPaymentsConfig } from '../apps/payments/src/config';

const ROOT = join(__dirname, '..');
type Env = Record<string, string>;

const LOADERS: Record<string, (env: Env) => object> = {
  gateway: loadGatewayConfig,
  catalog: loadCatalogConfig,
  orders: loadOrdersConfig,
  payments: loadPaymentsConfig,
  logistics: loadLogisticsConfig,
  'customer-service': loadCustomerServiceConfig,
  analytics: loadAnalyticsConfig,
};
const APPS = Object.keys(LOADERS);
/** The peers each service calls over HTTP (PLATFORM.md): nothing else is reachable from it. */
const CALLS: Record<string, string[]> = {
  gateway: APPS.filter((a) => a !== 'gateway'),
  orders: ['catalog', 'logistics'],
};
/** Custom resources the bundled API schemas do not cover; each is checked by hand below. */
const CRD_KINDS = [
  'kafka.strimzi.io/v1beta2/KafkaTopic',
  'monitoring.coreos.com/v1/PrometheusRule',
  'monitoring.coreos.com/v1/ServiceMonitor',
];
/** What the image sets itself (Dockerfile runtime stage). */
const IMAGE_ENV: Env = { NODE_ENV: 'production' };

interface Metadata {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface KeyRef {
  name: string;
  key: string;
  optional?: boolean;
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { configMapKeyRef?: KeyRef; secretKeyRef?: KeyRef };
}
interface EnvFrom {
  prefix?: string;
  configMapRef?: { name: string; optional?: boolean };
  secretRef?: { name: string; optional?: boolean };
}
interface Probe {
  httpGet?: { path: string; port: string | number };
  periodSeconds?: number;
  failureThreshold?: number;
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  envFrom?: EnvFrom[];
  ports?: { name?: string; containerPort: number }[];
  resources?: {
    requests?: Record<string, string | number>;
    limits?: Record<string, string | number>;
  };
  startupProbe?: Probe;
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  lifecycle?: { preStop?: { exec?: { command: string[] }; sleep?: { seconds: number } } };
  securityContext?: {
    runAsNonRoot?: boolean;
    runAsUser?: number;
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilities?: { drop?: string[]; add?: string[] };
    privileged?: boolean;
  };
  volumeMounts?: { name: string; mountPath: string }[];
}
interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  terminationGracePeriodSeconds?: number;
  automountServiceAccountToken?: boolean;
  securityContext?: {
    runAsNonRoot?: boolean;
    runAsUser?: number;
    seccompProfile?: { type: string };
  };
  volumes?: { name: string; emptyDir?: object; configMap?: { name: string } }[];
}
interface PolicyPeer {
  podSelector?: { matchLabels?: Record<string, string> };
  namespaceSelector?: { matchLabels?: Record<string, string> };
  ipBlock?: { cidr: string; except?: string[] };
}
interface PolicyRule {
  from?: PolicyPeer[];
  to?: PolicyPeer[];
  ports?: { port?: string | number; endPort?: number; protocol?: string }[];
}
interface RuleGroup {
  name: string;
  rules: {
    record?: string;
    alert?: string;
    expr: string;
    for?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  }[];
}
interface Spec {
  replicas?: number;
  selector?: { matchLabels?: Record<string, string> } & Record<string, string>;
  template?: { metadata?: { labels?: Record<string, string> }; spec: PodSpec };
  ports?: { name?: string; port: number; targetPort?: string | number }[];
  scaleTargetRef?: { apiVersion: string; kind: string; name: string };
  minReplicas?: number;
  maxReplicas?: number;
  maxUnavailable?: number | string;
  podSelector?: { matchLabels?: Record<string, string> };
  policyTypes?: string[];
  ingress?: PolicyRule[];
  egress?: PolicyRule[];
  ingressClassName?: string;
  rules?: {
    host?: string;
    http?: { paths: { path?: string; backend: { service: { name: string } } }[] };
  }[];
  tls?: { hosts: string[]; secretName: string }[];
  groups?: RuleGroup[];
  topicName?: string;
  partitions?: number;
  config?: Record<string, string | number>;
  endpoints?: { port: string; path: string }[];
}
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: Metadata;
  spec?: Spec;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

function kubectlAvailable(): boolean {
  const run = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
  return !run.error && run.status === 0;
}
// `npm test` installs kubectl; where it is still missing the manifests fail with the reason, never skip.
const KUBECTL_MISSING = kubectlAvailable()
  ? undefined
  : 'kubectl is not installed, so k8s/ cannot be rendered: apt-get install -y kubernetes-client';

/** k8s/ copied aside with each overlay's secrets/*.env made from its committed *.env.example. */
function workingCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'emporium-k8s-'));
  cpSync(join(ROOT, 'k8s'), join(dir, 'k8s'), { recursive: true });
  for (const overlay of readdirSync(join(dir, 'k8s/overlays'))) {
    const secrets = join(dir, 'k8s/overlays', overlay, 'secrets');
    if (!existsSync(secrets)) continue;
    for (const file of readdirSync(secrets).filter((f) => f.endsWith('.env.example'))) {
      cpSync(join(secrets, file), join(secrets, file.replace(/\.example$/, '')));
    }
  }
  // Production with every optional component, so those are rendered and checked too.
  mkdirSync(join(dir, 'k8s/overlays/prod-with-components'));
  writeFileSync(
    join(dir, 'k8s/overlays/prod-with-components/kustomization.yaml'),
    'resources: [../prod]\ncomponents: [../../components/monitoring, ../../components/no-topics-job]\n',
  );
  return dir;
}

function render(dir: string): K8sObject[] {
  const run = spawnSync('kubectl', ['kustomize', dir], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`kubectl kustomize ${dir} failed:\n${run.stderr}`);
  return parseAllDocuments(run.stdout)
    .map((doc) => doc.toJSON() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}

const find = (objects: K8sObject[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);
const ofKind = (objects: K8sObject[], kind: string) => objects.filter((o) => o.kind === kind);
const podSpecs = (objects: K8sObject[]) =>
  objects
    .filter((o) => o.kind === 'Deployment' || o.kind === 'Job')
    .map((o) => ({ object: o, pod: o.spec!.template!.spec }));
const matches = (
  selector: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
) => !!selector && Object.entries(selector).every(([k, v]) => labels?.[k] === v);

/** Reads a ConfigMap's or Secret's values from the render. */
function valuesOf(
  objects: K8sObject[],
  kind: 'ConfigMap' | 'Secret',
  name: string,
): Env | undefined {
  const object = find(objects, kind, name);
  if (!object) return undefined;
  if (kind === 'ConfigMap') return { ...object.data };
  const decoded = Object.fromEntries(
    Object.entries(object.data ?? {}).map(([k, v]) => [
      k,
      Buffer.from(v.replace(/\s/g, ''), 'base64').toString('utf8'),
    ]),
  );
  return { ...decoded, ...object.stringData };
}

/** The environment a container gets, resolved against the ConfigMaps and Secrets of the render. */
function environmentOf(
  objects: K8sObject[],
  container: Container,
): { env: Env; problems: string[] } {
  const env: Env = {};
  const problems: string[] = [];
  for (const source of container.envFrom ?? []) {
    const [kind, ref] = source.configMapRef
      ? (['ConfigMap', source.configMapRef] as const)
      : (['Secret', source.secretRef!] as const);
    const values = valuesOf(objects, kind, ref.name);
    if (!values) {
      if (!ref.optional) problems.push(`envFrom ${kind} ${ref.name} is not in the render`);
      continue;
    }
    for (const [k, v] of Object.entries(values)) env[`${source.prefix ?? ''}${k}`] = v;
  }
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) {
      env[variable.name] = variable.value;
      continue;
    }
    const from = variable.valueFrom ?? {};
    const [kind, ref] = from.configMapKeyRef
      ? (['ConfigMap', from.configMapKeyRef] as const)
      : (['Secret', from.secretKeyRef] as const);
    const value = ref && valuesOf(objects, kind, ref.name)?.[ref.key];
    if (value !== undefined) env[variable.name] = value;
    else if (!ref?.optional)
      problems.push(`${variable.name}: ${kind} ${ref?.name}/${ref?.key} is not in the render`);
  }
  return { env, problems };
}

/** Keys of the secrets' examples that hold secrets or a password (not a URL or an e-mail). */
const SECRET_KEY = /SECRET|PASSWORD/;

/**
 * `env` with each placeholder secret of the committed examples replaced by a value of its own, as
 * the operator does when filling in secrets/*.env (production refuses the placeholders); in a list
 * of `name=secret` pairs, each secret.
 */
function filledIn(env: Env): Env {
  const placeholder = /(?<=^|=)(?:REPLACE-ME|dev-only)-[\w-]*/g;
  return Object.fromEntries(
    Object.entries(env).map(([key, value]) =>
      SECRET_KEY.test(key)
        ? [key, value.replace(placeholder, (p) => `filled-in-${p.length}-${'x'.repeat(32)}`)]
        : [key, value],
    ),
  );
}

/** Loads the service's own configuration with this environment, as its process would in the image. */
function configProblems(app: string, env: Env): string[] {
  let config: Record<string, unknown>;
  try {
    config = LOADERS[app]({ ...IMAGE_ENV, ...filledIn(env) }) as Record<string, unknown>;
  } catch (error) {
    return [(error as Error).message];
  }
  // A production default that points at this machine means the variable was forgotten.
  return Object.entries(config)
    .filter(
      ([key, value]) => !(key in env) && /127\.0\.0\.1|localhost/.test(JSON.stringify(value) ?? ''),
    )
    .map(([key]) => `${key} is not set and defaults to a local address`);
}

function imageProblems(image: string): string[] {
  const tag = /^(?:[^/]+\/)*[^/:@]+(?::([^/:@]+))?(?:@sha256:[0-9a-f]{64})?$/.exec(image);
  if (!tag) return [`${image}: not an image reference`];
  if (!tag[1] && !image.includes('@sha256:')) return [`${image}: no tag`];
  if (tag[1] === 'latest') return [`${image}: latest is not a version`];
  return [];
}

/** Metric names defined in the services and platform libraries (prom-client), plus Prometheus' own. */
function definedMetrics(): Set<string> {
  const names = new Set(['up']);
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(path);
      else if (entry.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry.name)) {
        const source = readFileSync(path, 'utf8');
        for (const m of source.matchAll(
          /(?:counter|gauge|sampledGauge|histogram)\(\s*'([a-zA-Z_:][a-zA-Z0-9_:]*)'/g,
        ))
          names.add(m[1]);
        for (const m of source.matchAll(
          /new (?:Histogram|Counter|Gauge|Summary)\(\{\s*name:\s*'([a-zA-Z_:][a-zA-Z0-9_:]*)'/g,
        ))
          names.add(m[1]);
      }
    }
  };
  for (const dir of readdirSync(join(ROOT, 'apps')))
    if (existsSync(join(ROOT, 'apps', dir, 'src'))) walk(join(ROOT, 'apps', dir, 'src'));
  for (const dir of ['libs/platform', 'libs/contracts']) walk(join(ROOT, dir));
  return names;
}

/** Metric names an expression reads (not functions, labels, recording rules or keywords). */
function metricsIn(expr: string): string[] {
  const withoutStrings = expr
    .replace(/"[^"]*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '');
  const words = withoutStrings.match(/(?<![\w:$.])[a-zA-Z_:][\w:]*(?![\w:])(?!\s*\()/g) ?? [];
  const keywords = new Set([
    'and',
    'or',
    'unless',
    'by',
    'without',
    'on',
    'ignoring',
    'bool',
    'offset',
    'le',
  ]);
  return words
    .filter(
      (w) =>
        !keywords.has(w) && !/^\d/.test(w) && !/^[smhdwy]$/.test(w) && !/^\d+[smhdwy]$/.test(w),
    )
    .filter((w) => !/^(rate|increase|sum|max|min|avg|histogram_quantile|count)$/.test(w))
    .map((w) => w.replace(/_(bucket|count|sum)$/, ''));
}

describe('k8s/ manifests', () => {
  let dir: string;
  const rendered: Record<string, K8sObject[]> = {};
  const OVERLAYS = ['dev', 'prod'];

  beforeAll(() => {
    if (KUBECTL_MISSING) throw new Error(KUBECTL_MISSING);
    dir = workingCopy();
    for (const overlay of [...OVERLAYS, 'prod-with-components'])
      rendered[overlay] = render(join(dir, 'k8s/overlays', overlay));
    rendered.strimzi = render(join(dir, 'k8s/kafka/strimzi'));
  }, 120_000);
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('renders objects that match the Kubernetes API schemas (unknown fields included)', () => {
    for (const [name, objects] of Object.entries(rendered)) {
      const run = spawnSync(process.execPath, [join(ROOT, 'tools/lib/k8s-validate.mjs')], {
        input: JSON.stringify(objects),
        encoding: 'utf8',
        cwd: ROOT,
      });
      expect({ name, status: run.status, stderr: run.stderr }).toEqual({
        name,
        status: 0,
        stderr: '',
      });
      const { problems, unchecked } = JSON.parse(run.stdout) as {
        problems: unknown[];
        unchecked: string[];
      };
      expect({ name, problems }).toEqual({ name, problems: [] });
      for (const id of unchecked) expect(CRD_KINDS).toContain(id.split(' ')[0]);
    }
  }, 60_000);

  it('catches a schema violation (the validator is not a no-op)', () => {
    const broken = structuredClone(find(rendered.dev, 'Deployment', 'orders')!);
    (
      broken.spec!.template!.spec.containers[0] as unknown as Record<string, unknown>
    ).readinesProbe = {};
    const run = spawnSync(process.execPath, [join(ROOT, 'tools/lib/k8s-validate.mjs')], {
      input: JSON.stringify([broken]),
      encoding: 'utf8',
    });
    expect(JSON.parse(run.stdout).problems).toHaveLength(1);
  });

  describe.each(OVERLAYS)('overlay %s', (overlay) => {
    const objects = () => rendered[overlay];

    it.each(APPS)(
      'deploys %s with a Deployment, Service, HPA, PDB, migration Job and NetworkPolicy',
      (app) => {
        const deployment = find(objects(), 'Deployment', app);
        expect(deployment).toBeDefined();
        const podLabels = deployment!.spec!.template!.metadata!.labels;
        expect(matches(deployment!.spec!.selector!.matchLabels, podLabels)).toBe(true);
        const container = deployment!.spec!.template!.spec.containers[0];

        const service = find(objects(), 'Service', app);
        expect(matches(service?.spec?.selector as Record<string, string>, podLabels)).toBe(true);
        const servicePort = service!.spec!.ports![0];
        expect(container.ports).toContainEqual({
          name: servicePort.targetPort,
          containerPort: servicePort.port,
        });

        const hpa = find(objects(), 'HorizontalPodAutoscaler', app);
        expect(hpa?.apiVersion).toBe('autoscaling/v2');
        expect(hpa?.spec?.scaleTargetRef).toEqual({
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: app,
        });
        expect(hpa!.spec!.minReplicas).toBeGreaterThanOrEqual(1);
        expect(hpa!.spec!.maxReplicas).toBeGreaterThanOrEqual(hpa!.spec!.minReplicas!);
        // The HPA owns the replica count; a fixed one in the Deployment would be reset on every apply.
        expect(deployment!.spec!.replicas).toBeUndefined();

        const pdb = find(objects(), 'PodDisruptionBudget', app);
        expect(matches(pdb?.spec?.selector?.matchLabels, podLabels)).toBe(true);

        const job = find(objects(), 'Job', `${app}-migrate`);
        expect(job).toBeDefined();
        const migrate = job!.spec!.template!.spec.containers[0];
        expect([...(migrate.command ?? []), ...(migrate.args ?? [])].slice(-2)).toEqual([
          `dist/apps/${app}/src/main.js`,
          'migrate',
        ]);
        expect(migrate.image).toBe(container.image);

        const policies = ofKind(objects(), 'NetworkPolicy').filter((p) =>
          matches(p.spec!.podSelector!.matchLabels, podLabels),
        );
        expect(policies.map((p) => p.metadata.name)).toContain(app);
        expect(
          matches(
            find(objects(), 'NetworkPolicy', app)!.spec!.podSelector!.matchLabels,
            job!.spec!.template!.metadata!.labels,
          ),
        ).toBe(true);
      },
    );

    it('labels every object with its deployment phase (the runbook applies them in that order)', () => {
      const phases: Record<string, string[]> = {};
      for (const o of objects()) {
        const phase = o.metadata.labels?.['emporium.io/phase'] ?? 'none';
        (phases[phase] ??= []).push(`${o.kind}/${o.metadata.name}`);
      }
      expect(Object.keys(phases).sort()).toEqual(['config', 'migrate', 'serve', 'topics']);
      expect(phases.migrate).toHaveLength(APPS.length);
      expect(phases.topics).toEqual(['Job/kafka-topics']);
      for (const kind of ['Namespace', 'ConfigMap', 'Secret', 'NetworkPolicy']) {
        expect(
          ofKind(objects(), kind).every(
            (o) => o.metadata.labels?.['emporium.io/phase'] === 'config',
          ),
        ).toBe(true);
      }
    });

    it('exposes only the gateway, through one Ingress', () => {
      const ingresses = ofKind(objects(), 'Ingress');
      expect(ingresses).toHaveLength(1);
      const backends = ingresses[0].spec!.rules!.flatMap((r) =>
        r.http!.paths.map((p) => p.backend.service.name),
      );
      expect(new Set(backends)).toEqual(new Set(['gateway']));
      // The public API, its docs, the dashboard page and liveness; never /readyz or /metrics.
      const paths = ingresses[0].spec!.rules!.flatMap((r) => r.http!.paths.map((p) => p.path));
      expect(paths.sort()).toEqual(['/api/v1', '/dashboard', '/docs', '/healthz']);
      for (const service of ofKind(objects(), 'Service'))
        expect({
          name: service.metadata.name,
          type: service.spec!.ports && (service.spec as { type?: string }).type,
        }).toEqual({ name: service.metadata.name, type: 'ClusterIP' });
    });

    it('gives every pod probes on /healthz and /readyz, requests and limits, and a clean shutdown', () => {
      for (const { object, pod } of podSpecs(objects()).filter(
        ({ object }) => object.kind === 'Deployment',
      )) {
        const container = pod.containers[0];
        const what = object.metadata.name;
        expect({ what, path: container.readinessProbe?.httpGet?.path }).toEqual({
          what,
          path: '/readyz',
        });
        expect({ what, path: container.livenessProbe?.httpGet?.path }).toEqual({
          what,
          path: '/healthz',
        });
        expect({ what, path: container.startupProbe?.httpGet?.path }).toEqual({
          what,
          path: '/healthz',
        });
        for (const probe of [
          container.readinessProbe,
          container.livenessProbe,
          container.startupProbe,
        ]) {
          expect(container.ports!.map((p) => p.name)).toContain(probe!.httpGet!.port);
        }
        const { env } = environmentOf(objects(), container);
        // /readyz is served on the management port only (MANAGEMENT_PORT), not the API's.
        const management = container.ports!.find((p) => p.name === 'management');
        expect({
          what,
          readyz: container.readinessProbe?.httpGet?.port,
          port: env.MANAGEMENT_PORT,
        }).toEqual({
          what,
          readyz: 'management',
          port: String(management?.containerPort),
        });
        // The drain must finish before the kubelet's SIGKILL: preStop sleep + SHUTDOWN_GRACE_MS < grace period.
        const preStop = Number(
          container.lifecycle?.preStop?.exec?.command.at(-1) ??
            container.lifecycle?.preStop?.sleep?.seconds,
        );
        expect(preStop).toBeGreaterThan(0);
        const graceMs = Number(env.SHUTDOWN_GRACE_MS ?? 10_000);
        expect(pod.terminationGracePeriodSeconds! * 1000).toBeGreaterThan(preStop * 1000 + graceMs);
      }
      for (const { object, pod } of podSpecs(objects())) {
        for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
          const what = `${object.metadata.name}/${container.name}`;
          for (const side of ['requests', 'limits'] as const) {
            expect({
              what,
              side,
              cpu: !!container.resources?.[side]?.cpu,
              memory: !!container.resources?.[side]?.memory,
            }).toEqual({ what, side, cpu: true, memory: true });
          }
        }
      }
    });

    it('runs every pod as non-root with a read-only root filesystem, no privileges and /tmp on an emptyDir', () => {
      for (const { object, pod } of podSpecs(objects())) {
        const what = object.metadata.name;
        expect({ what, ...pod.securityContext }).toMatchObject({
          what,
          runAsNonRoot: true,
          runAsUser: expect.any(Number),
          seccompProfile: { type: 'RuntimeDefault' },
        });
        expect(pod.securityContext!.runAsUser).toBeGreaterThan(0);
        expect({ what, token: pod.automountServiceAccountToken }).toEqual({ what, token: false });
        for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
          expect({ what, ...container.securityContext }).toMatchObject({
            what,
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ['ALL'] },
          });
          expect(container.securityContext!.capabilities!.add).toBeUndefined();
          expect(container.securityContext!.privileged).not.toBe(true);
          const tmp = container.volumeMounts?.find((m) => m.mountPath === '/tmp');
          expect({ what, tmp: pod.volumes?.find((v) => v.name === tmp?.name)?.emptyDir }).toEqual({
            what,
            tmp: expect.any(Object),
          });
        }
      }
    });

    it('pins every image to a version (never latest or untagged)', () => {
      const images = podSpecs(objects()).flatMap(({ pod }) =>
        [...pod.containers, ...(pod.initContainers ?? [])].map((c) => c.image),
      );
      expect(images.length).toBeGreaterThan(APPS.length);
      expect(images.flatMap(imageProblems)).toEqual([]);
    });

    it.each(APPS)(
      'gives %s every setting its production config requires, in the Deployment and the migration Job',
      (app) => {
        for (const object of [
          find(objects(), 'Deployment', app)!,
          find(objects(), 'Job', `${app}-migrate`)!,
        ]) {
          const container = object.spec!.template!.spec.containers[0];
          const { env, problems } = environmentOf(objects(), container);
          expect({
            app,
            kind: object.kind,
            problems: [...problems, ...configProblems(app, env)],
          }).toEqual({ app, kind: object.kind, problems: [] });
          for (const key of ['DATABASE_URL', 'REDIS_URL', 'KAFKA_BROKERS', 'INTERNAL_AUTH_SECRET'])
            expect(env[key]).toBeTruthy();
          // The Jobs migrate; two migrating Deployments would race the rollout.
          expect(env.DB_MIGRATE_ON_START).toBe('false');
          const port = container.ports?.[0]?.containerPort;
          if (object.kind === 'Deployment')
            expect(env[`${app.toUpperCase().replace(/-/g, '_')}_PORT`]).toBe(String(port));
        }
      },
    );

    it('shares one INTERNAL_AUTH_SECRET across all services', () => {
      const secrets = APPS.map(
        (app) =>
          environmentOf(
            objects(),
            find(objects(), 'Deployment', app)!.spec!.template!.spec.containers[0],
          ).env.INTERNAL_AUTH_SECRET,
      );
      expect(new Set(secrets).size).toBe(1);
    });

    it('points every upstream URL at a Service of the render', () => {
      const urls = APPS.flatMap((app) =>
        Object.entries(
          environmentOf(
            objects(),
            find(objects(), 'Deployment', app)!.spec!.template!.spec.containers[0],
          ).env,
        )
          .filter(([key]) => /^(GATEWAY|ORDERS)_[A-Z_]+_URL$/.test(key))
          .map(([key, url]) => ({ app, key, url })),
      );
      expect(urls.filter((u) => u.app === 'gateway')).toHaveLength(APPS.length - 1);
      for (const { key, url } of urls) {
        const { hostname, port } = new URL(url);
        const service = find(objects(), 'Service', hostname);
        expect({ key, port: service?.spec?.ports?.[0].port }).toEqual({ key, port: Number(port) });
      }
    });

    it('denies all traffic by default and allows only the gateway from outside, each service its callers', () => {
      const deny = find(objects(), 'NetworkPolicy', 'default-deny')!;
      expect(deny.spec).toMatchObject({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
      expect(deny.spec!.ingress ?? []).toEqual([]);
      expect(deny.spec!.egress ?? []).toEqual([]);
      const dns = find(objects(), 'NetworkPolicy', 'allow-dns')!;
      expect(dns.spec!.egress![0].ports).toEqual(
        expect.arrayContaining([
          { port: 53, protocol: 'UDP' },
          { port: 53, protocol: 'TCP' },
        ]),
      );

      for (const app of APPS) {
        const policy = find(objects(), 'NetworkPolicy', app)!;
        const peers = policy.spec!.ingress!.flatMap((rule) => rule.from ?? []);
        expect(peers.every((p) => !p.ipBlock)).toBe(true);
        const namespaces = peers
          .filter((p) => p.namespaceSelector)
          .map((p) => p.namespaceSelector!.matchLabels!['kubernetes.io/metadata.name']);
        const callers = peers
          .filter((p) => p.podSelector && !p.namespaceSelector)
          .map((p) => p.podSelector!.matchLabels!['app.kubernetes.io/name']);
        // Prometheus reaches the management port only; callers and the ingress the API port only.
        for (const rule of policy.spec!.ingress!) {
          const fromMonitoring = (rule.from ?? []).some(
            (p) =>
              p.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'monitoring',
          );
          expect({ app, fromMonitoring, ports: rule.ports }).toEqual({
            app,
            fromMonitoring,
            ports: [{ port: fromMonitoring ? 'management' : 'http' }],
          });
        }
        if (app === 'gateway') {
          expect(namespaces.sort()).toEqual(['ingress-nginx', 'monitoring']);
          expect(callers).toEqual([]);
        } else {
          expect(namespaces).toEqual(['monitoring']);
          expect(callers.sort()).toEqual(APPS.filter((a) => CALLS[a]?.includes(app)).sort());
        }
        const egress = policy.spec!.egress!;
        const reached = egress
          .flatMap((rule) => rule.to ?? [])
          .filter((p) => p.podSelector)
          .map((p) => p.podSelector!.matchLabels!['app.kubernetes.io/name']);
        expect({ app, reached: reached.sort() }).toEqual({
          app,
          reached: [...(CALLS[app] ?? [])].sort(),
        });
        const dependencies = egress.flatMap((rule) =>
          (rule.to ?? []).flatMap((p) => Object.keys(p.namespaceSelector?.matchLabels ?? {})),
        );
        expect(dependencies.sort()).toEqual([
          'emporium.io/kafka',
          'emporium.io/postgres',
          'emporium.io/redis',
        ]);
        expect(egress.every((rule) => rule.ports?.length)).toBe(true);
        // Only the gateway (integrators' webhooks) and payments (Alipay, WeChat Pay) leave the
        // cluster, and never to private ranges.
        const blocks = egress.flatMap((rule) => rule.to ?? []).filter((p) => p.ipBlock);
        if (app !== 'gateway' && app !== 'payments')
          expect({ app, blocks }).toEqual({ app, blocks: [] });
        for (const { ipBlock } of blocks) {
          expect(ipBlock!.except).toEqual(
            expect.arrayContaining([
              '10.0.0.0/8',
              '172.16.0.0/12',
              '192.168.0.0/16',
              '169.254.0.0/16',
            ]),
          );
        }
      }
    });

    it('creates every topic of EVENTS.md and every DLQ with 6 partitions, with a pinned Kafka image', () => {
      const rows = valuesOf(objects(), 'ConfigMap', 'kafka-topics')!
        ['topics.txt'].split('\n')
        .filter((line) => line.trim() && !line.startsWith('#'))
        .map((line) => line.trim().split(/\s+/));
      const expected = [...Object.keys(TOPICS), ...APPS.map(dlqTopicOf)];
      expect(rows.map(([topic]) => topic).sort()).toEqual(expected.sort());
      for (const [topic, partitions, retention] of rows) {
        expect({ topic, partitions }).toEqual({ topic, partitions: '6' });
        expect(Number(retention)).toBeGreaterThanOrEqual(24 * 3600 * 1000);
      }
      const job = find(objects(), 'Job', 'kafka-topics')!;
      expect(job.spec!.template!.spec.containers[0].image).toMatch(/^apache\/kafka:\d+\.\d+\.\d+$/);
    });
  });

  it('keeps real secret values out of git: overlays read gitignored files made from committed examples', () => {
    const ignore = readFileSync(join(ROOT, 'k8s/.gitignore'), 'utf8');
    expect(ignore).toMatch(/^overlays\/\*\/secrets\/\*\.env$/m);
    for (const overlay of ['dev', 'prod']) {
      const kustomization = parse(
        readFileSync(join(ROOT, 'k8s/overlays', overlay, 'kustomization.yaml'), 'utf8'),
      ) as {
        secretGenerator: { name: string; envs: string[] }[];
      };
      for (const generator of kustomization.secretGenerator) {
        for (const file of generator.envs) {
          expect(file).toMatch(/^secrets\/[a-z-]+\.env$/);
          expect(existsSync(join(ROOT, 'k8s/overlays', overlay, `${file}.example`))).toBe(true);
        }
      }
    }
    for (const secret of ofKind(rendered.prod, 'Secret')) {
      for (const [key, value] of Object.entries(
        valuesOf(rendered.prod, 'Secret', secret.metadata.name)!,
      )) {
        if (/SECRET|PASSWORD|DATABASE_URL|REDIS_URL/.test(key))
          expect({ key, value }).toEqual({ key, value: expect.stringContaining('REPLACE-ME') });
      }
    }
  });

  it.each(['dev', 'prod'])(
    'refuses to start any service of %s on a secret or password left as in the committed example',
    (overlay) => {
      const checked: string[] = [];
      for (const app of APPS) {
        const container = find(rendered[overlay], 'Deployment', app)!.spec!.template!.spec
          .containers[0];
        const { env } = environmentOf(rendered[overlay], container);
        for (const key of Object.keys(env).filter(
          (k) => SECRET_KEY.test(k) && filledIn(env)[k] !== env[k],
        )) {
          let problems: string[] = [];
          try {
            LOADERS[app]({ ...IMAGE_ENV, ...filledIn(env), [key]: env[key] });
          } catch (error) {
            problems = (error as Error).message.split('\n');
          }
          expect({
            app,
            key,
            refused: problems.some(
              (p) => p.startsWith(`  - ${key}: `) && p.includes('a placeholder'),
            ),
          }).toEqual({
            app,
            key,
            refused: true,
          });
          checked.push(key);
        }
      }
      expect([...new Set(checked)]).toEqual(
        expect.arrayContaining([
          'INTERNAL_AUTH_SECRET',
          'GATEWAY_JWT_SECRET',
          'EMPORIUM_ADMIN_PASSWORD',
          'GATEWAY_WEBHOOKS_SECRET_KEY',
          'PAYMENTS_WEBHOOK_SECRET_SANDBOX',
          'PAYMENTS_WEBHOOK_SECRET_ALIPAY',
          'PAYMENTS_WEBHOOK_SECRET_WECHAT',
        ]),
      );
    },
  );

  it('runs production with at least two replicas of each service and three of the gateway, over TLS', () => {
    for (const hpa of ofKind(rendered.prod, 'HorizontalPodAutoscaler')) {
      expect(hpa.spec!.minReplicas).toBeGreaterThanOrEqual(hpa.metadata.name === 'gateway' ? 3 : 2);
      // Topics have 6 partitions: consumers past that would idle.
      if (hpa.metadata.name !== 'gateway') expect(hpa.spec!.maxReplicas).toBeLessThanOrEqual(6);
    }
    const ingress = ofKind(rendered.prod, 'Ingress')[0];
    expect(ingress.spec!.tls![0].hosts).toContain(ingress.spec!.rules![0].host);
  });

  it('declares the same topics for Strimzi (KafkaTopic), with partitions, replicas and retention', () => {
    const rows = valuesOf(rendered.dev, 'ConfigMap', 'kafka-topics')!
      ['topics.txt'].split('\n')
      .filter((line) => line.trim() && !line.startsWith('#'))
      .map((line) => line.trim().split(/\s+/));
    const topics = rendered.strimzi;
    expect(topics).toHaveLength(rows.length);
    for (const [topic, partitions, retention] of rows) {
      const resource = topics.find((t) => t.spec?.topicName === topic);
      expect({ topic, apiVersion: resource?.apiVersion, kind: resource?.kind }).toEqual({
        topic,
        apiVersion: 'kafka.strimzi.io/v1beta2',
        kind: 'KafkaTopic',
      });
      expect(resource!.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
      expect(resource!.metadata.labels?.['strimzi.io/cluster']).toBeTruthy();
      expect(resource!.spec).toMatchObject({
        partitions: Number(partitions),
        replicas: expect.any(Number),
        config: { 'retention.ms': Number(retention) },
      });
    }
  });

  describe('monitoring component', () => {
    const objects = () => rendered['prod-with-components'];

    it('removes the topics Job when topics are managed elsewhere', () => {
      expect(find(objects(), 'Job', 'kafka-topics')).toBeUndefined();
      expect(find(objects(), 'ConfigMap', 'kafka-topics')).toBeUndefined();
    });

    it('has a well-formed PrometheusRule equal to the plain rule file', () => {
      const rule = ofKind(objects(), 'PrometheusRule')[0];
      expect(rule.apiVersion).toBe('monitoring.coreos.com/v1');
      expect(rule.metadata.name).toBeTruthy();
      const groups = rule.spec!.groups!;
      const plain = parse(
        readFileSync(
          join(ROOT, 'k8s/components/monitoring/prometheus/emporium.rules.yaml'),
          'utf8',
        ),
      ) as { groups: RuleGroup[] };
      expect(plain.groups).toEqual(groups);
      for (const group of groups) {
        expect(group.name).toBeTruthy();
        for (const r of group.rules) {
          expect(typeof r.expr).toBe('string');
          expect(!!r.record !== !!r.alert).toBe(true);
          if (r.alert) {
            expect(r.alert).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
            expect(['warning', 'critical']).toContain(r.labels?.severity);
            expect(r.annotations?.summary).toBeTruthy();
          }
          if (r.for) expect(r.for).toMatch(/^\d+[smh]$/);
        }
      }
    });

    it('alerts on the SLOs with the metric names the services expose', () => {
      const rules = ofKind(objects(), 'PrometheusRule')[0].spec!.groups!.flatMap((g) => g.rules);
      const records = new Set(rules.filter((r) => r.record).map((r) => r.record!));
      const defined = definedMetrics();
      const used = new Set(
        rules.flatMap((r) => metricsIn(r.expr)).filter((m) => !m.includes(':') && !records.has(m)),
      );
      expect([...used].filter((m) => !defined.has(m))).toEqual([]);
      expect([...used]).toEqual(
        expect.arrayContaining([
          'http_request_duration_seconds',
          'emporium_dlq_messages_total',
          'up',
        ]),
      );
      const all = rules.map((r) => r.expr).join('\n') + [...records].join('\n');
      for (const metric of [
        'http_request_duration_seconds_bucket',
        'emporium_outbox_pending_events',
        'emporium_outbox_oldest_pending_age_seconds',
        'emporium_consumer_lag_messages',
        'emporium_dlq_messages_total',
      ]) {
        expect(all).toContain(metric);
      }
      const alerts = rules.filter((r) => r.alert).map((r) => r.alert);
      expect(alerts).toEqual(
        expect.arrayContaining([
          'EmporiumGatewayLatencyP99High',
          'EmporiumHighErrorRate',
          'EmporiumOutboxStalled',
          'EmporiumConsumerLagHigh',
          'EmporiumDeadLetters',
        ]),
      );
    });

    it('scrapes every service and ships a Grafana dashboard of RED, outbox, lag, DLQ and business panels', () => {
      const monitor = ofKind(objects(), 'ServiceMonitor')[0];
      expect(monitor.apiVersion).toBe('monitoring.coreos.com/v1');
      expect(monitor.spec!.endpoints).toEqual([
        expect.objectContaining({ port: 'management', path: '/metrics' }),
      ]);
      const scraped = ofKind(objects(), 'Service').filter((s) =>
        matches(monitor.spec!.selector!.matchLabels, s.metadata.labels),
      );
      expect(scraped.map((s) => s.metadata.name).sort()).toEqual([...APPS].sort());

      const config = ofKind(objects(), 'ConfigMap').find(
        (c) => c.metadata.labels?.grafana_dashboard === '1',
      )!;
      const dashboard = JSON.parse(Object.values(config.data!)[0]) as {
        panels: { title: string; targets?: { expr: string }[] }[];
      };
      const exprs = dashboard.panels
        .flatMap((p) => p.targets ?? [])
        .map((t) => t.expr)
        .join('\n');
      const defined = definedMetrics();
      expect(
        [...new Set(metricsIn(exprs.replace(/\$__rate_interval/g, '5m')))].filter(
          (m) => !defined.has(m),
        ),
      ).toEqual([]);
      for (const metric of [
        'http_request_duration_seconds',
        'emporium_outbox_pending_events',
        'emporium_consumer_lag_messages',
        'emporium_dlq_messages_total',
        'emporium_orders_placed_total',
        'emporium_payments_captured_total',
        'emporium_stock_reservations_failed_total',
      ]) {
        expect(exprs).toContain(metric);
      }
    });
  });
});
