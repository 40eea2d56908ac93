import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ENVIRONMENT, loadConfig } from '../../src/config.js';
import { shutdownGraceMs } from '../../src/shutdown.js';
import { buildApp } from '../helpers/build-app.js';
import { NO_SHEDDING } from '../helpers/busy-machine.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const manifestDir = join(root, 'deploy/kubernetes');

// Manifests are untyped YAML; the test reads them through this loose shape.
type Manifest = Record<string, any>;

function loadManifests(): Map<string, Manifest[]> {
  const byFile = new Map<string, Manifest[]>();
  for (const file of readdirSync(manifestDir).filter((name) => name.endsWith('.yaml'))) {
    const documents = parseAllDocuments(readFileSync(join(manifestDir, file), 'utf8'));
    for (const document of documents) {
      expect(document.errors, `${file} parses`).toEqual([]);
      expect(document.warnings, `${file} parses cleanly`).toEqual([]);
    }
    byFile.set(
      file,
      documents.map((document) => document.toJS() as Manifest),
    );
  }
  return byFile;
}

const manifests = loadManifests();
const all = [...manifests.values()].flat();

function only(kind: string): Manifest {
  const found = all.filter((manifest) => manifest.kind === kind);
  expect(found, `exactly one ${kind}`).toHaveLength(1);
  return found[0]!;
}

const deployment = only('Deployment');
const service = only('Service');
const hpa = only('HorizontalPodAutoscaler');
const pdb = only('PodDisruptionBudget');
const podSpec = deployment.spec.template.spec;
const container = podSpec.containers[0];
const podLabels = deployment.spec.template.metadata.labels;
const env: Record<string, string> = Object.fromEntries(container.env.map((entry: Manifest) => [entry.name, entry.value]));
/** What the service reads from the container's environment. */
const podConfig = loadConfig(env);

/** The port the service listens on when PORT is not set. */
const DEFAULT_PORT = loadConfig({}).port;

/** Kubernetes resource quantities as numbers: CPU in cores, memory in bytes. */
function quantity(value: string | number): number {
  const text = String(value);
  const match = /^([0-9.]+)(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(text);
  if (!match) throw new Error(`not a quantity: ${text}`);
  const scale: Record<string, number> = {
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
  };
  return Number(match[1]) * (match[2] ? scale[match[2]]! : 1);
}

function namedPort(port: string | number): number {
  if (typeof port === 'number') return port;
  const found = container.ports.find((candidate: Manifest) => candidate.name === port);
  expect(found, `container port named ${port}`).toBeDefined();
  return found.containerPort;
}

describe('Kubernetes manifests', () => {
  it('hold one Deployment, Service, HorizontalPodAutoscaler and PodDisruptionBudget, all listed for kustomize', () => {
    expect(all.map((manifest) => manifest.kind).sort()).toEqual(
      ['Deployment', 'HorizontalPodAutoscaler', 'Kustomization', 'PodDisruptionBudget', 'Service'].sort(),
    );
    const kustomization = only('Kustomization');
    const listed = [...manifests.keys()].filter((file) => file !== 'kustomization.yaml').sort();
    expect([...kustomization.resources].sort()).toEqual(listed);
    for (const manifest of all.filter((candidate) => candidate.kind !== 'Kustomization')) {
      expect(manifest.metadata.name).toBe('gradviz');
    }
  });

  it('listen on the port the service uses by default, and serve metrics on a port of their own', () => {
    expect(container.ports).toEqual([
      { name: 'http', containerPort: DEFAULT_PORT, protocol: 'TCP' },
      { name: 'metrics', containerPort: podConfig.metricsPort, protocol: 'TCP' },
    ]);
    expect(env.PORT).toBe(String(DEFAULT_PORT));
    expect(podConfig.metricsPort).not.toBe(0);
    expect(deployment.spec.template.metadata.annotations['prometheus.io/port']).toBe(String(podConfig.metricsPort));
    // The public Service forwards the API only.
    expect(service.spec.ports.map((port: Manifest) => namedPort(port.targetPort))).toEqual([DEFAULT_PORT]);
  });

  it('set only variables the configuration accepts', () => {
    for (const name of Object.keys(env)) {
      if (name !== 'NODE_ENV') expect(Object.keys(ENVIRONMENT), name).toContain(name);
    }
    expect(() => loadConfig(env)).not.toThrow();
  });

  it('shed load on resident memory before the container reaches its memory limit', () => {
    const limit = quantity(container.resources.limits.memory);
    expect(podConfig.pressure.maxRssBytes).toBeGreaterThanOrEqual(0.7 * limit);
    expect(podConfig.pressure.maxRssBytes).toBeLessThanOrEqual(0.9 * limit);
  });

  it('give shutdown time to drain and finish running jobs before SIGKILL', () => {
    const preStop = container.lifecycle.preStop.exec.command as string[];
    expect(preStop.slice(0, 1)).toEqual(['sleep']);
    const preStopMs = Number(preStop[1]) * 1000;
    expect(podConfig.shutdownDrainMs).toBeGreaterThan(0);
    expect(preStopMs + shutdownGraceMs(podConfig)).toBeLessThanOrEqual(podSpec.terminationGracePeriodSeconds * 1000);
  });

  it('spread the pods over zones and nodes', () => {
    const constraints = podSpec.topologySpreadConstraints as Manifest[];
    expect(constraints.map((constraint) => constraint.topologyKey).sort()).toEqual(
      ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'].sort(),
    );
    for (const constraint of constraints) {
      expect(constraint.maxSkew).toBe(1);
      expect(['ScheduleAnyway', 'DoNotSchedule']).toContain(constraint.whenUnsatisfiable);
      for (const [key, value] of Object.entries(constraint.labelSelector.matchLabels)) expect(podLabels[key]).toBe(value);
    }
  });

  it('let voluntary disruptions take one pod at a time, never all the autoscaler keeps', () => {
    expect(pdb.apiVersion).toBe('policy/v1');
    expect(pdb.spec.selector.matchLabels).toEqual(deployment.spec.selector.matchLabels);
    expect(pdb.spec.maxUnavailable).toBe(1);
    expect(pdb.spec.maxUnavailable).toBeLessThan(hpa.spec.minReplicas);
  });

  it('probe liveness on /healthz and readiness on /readyz, both routes of the app', async () => {
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(container.startupProbe.httpGet.path).toBe('/healthz');
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe]) {
      expect(namedPort(probe.httpGet.port)).toBe(DEFAULT_PORT);
    }

    const app = await buildApp({ config: { pressure: NO_SHEDDING } });
    try {
      for (const probe of [container.livenessProbe, container.readinessProbe]) {
        expect(app.hasRoute({ method: 'GET', url: probe.httpGet.path }), `GET ${probe.httpGet.path}`).toBe(true);
      }
      expect((await app.inject(container.livenessProbe.httpGet.path)).statusCode).toBe(200);
      // Ready or still loading Graphviz, but an answer either way.
      expect([200, 503]).toContain((await app.inject(container.readinessProbe.httpGet.path)).statusCode);
    } finally {
      await app.close();
    }
  });

  it('run one worker thread per CPU of the limit, a value the configuration accepts', () => {
    expect(Number(env.WORKER_THREADS)).toBe(quantity(container.resources.limits.cpu));
    expect(loadConfig(env).workerThreads).toBe(quantity(container.resources.limits.cpu));
  });

  it('request no more than they limit', () => {
    const { requests, limits } = container.resources;
    expect(quantity(requests.cpu)).toBeLessThanOrEqual(quantity(limits.cpu));
    expect(quantity(requests.memory)).toBeLessThanOrEqual(quantity(limits.memory));
    expect(quantity(limits.memory)).toBeGreaterThanOrEqual(256 * 2 ** 20);
  });

  it('run as a non-root user on a read-only root filesystem', () => {
    expect(podSpec.securityContext.runAsNonRoot).toBe(true);
    expect(podSpec.securityContext.runAsUser).toBeGreaterThan(0);
    expect(container.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
  });

  it('route the Service to the Deployment pods', () => {
    expect(deployment.spec.selector.matchLabels).toEqual(podLabels);
    for (const [key, value] of Object.entries(service.spec.selector)) expect(podLabels[key]).toBe(value);
    expect(namedPort(service.spec.ports[0].targetPort)).toBe(DEFAULT_PORT);
  });

  it('scale the Deployment on CPU with an autoscaling/v2 HorizontalPodAutoscaler', () => {
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: deployment.apiVersion,
      kind: 'Deployment',
      name: deployment.metadata.name,
    });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(1);
    expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
    expect(hpa.spec.metrics).toContainEqual({
      type: 'Resource',
      resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: expect.any(Number) } },
    });
    // CPU utilisation is measured against the request: without one the autoscaler cannot act.
    expect(container.resources.requests.cpu).toBeDefined();
  });
});
