import type { Domain } from '../domain';

export const kubernetesDeploys: Domain = {
  id: 'kubernetes-deploys',
  strong: ['kubernetes', 'k8s', 'kubectl', 'helm', 'pod', 'pods', 'cluster', 'clusters', 'manifest', 'manifests'],
  weak: [
    'deploy',
    'deploys',
    'deployment',
    'deployments',
    'rollout',
    'rollouts',
    'container',
    'containers',
    'docker',
    'release',
  ],
  vocabulary: ['service', 'services', 'rollback', 'rollbacks', 'image', 'images'],
  category: 'operations',
  subcategory: 'deployment',
  principle:
    'Every deploy is observable and reversible - readiness probes gate traffic, and you know the rollback command before you apply.',
  triggers: [
    'a workload is being deployed or updated on a Kubernetes cluster',
    'a rollout is stuck or pods are crash-looping',
    'manifests or Helm values change',
  ],
  areas: [
    { id: 'probes', label: 'Readiness and liveness probes' },
    { id: 'rollouts', label: 'Rolling updates and rollbacks' },
    { id: 'resources', label: 'Resource requests and limits' },
    { id: 'config', label: 'ConfigMaps and Secrets' },
    { id: 'verification', label: 'Post-deploy verification' },
  ],
  quickRef: [
    ['Before applying', 'Run kubectl diff and read every change'],
    ['Applying', 'kubectl apply, then kubectl rollout status with a timeout'],
    ['Rollout stuck or errors rising', 'kubectl rollout undo first, investigate second'],
    ['New container', 'Set a readiness probe, resource requests and limits'],
    ['Secrets', 'Reference a Secret; never inline values in manifests'],
  ],
  patterns: [
    {
      title: 'Diff, apply, watch, undo',
      steps: [
        'Diff the manifests against the cluster and read every change.',
        'Apply, then block on rollout status with a timeout.',
        'Roll back automatically when the rollout does not complete.',
      ],
      code: {
        lang: 'bash',
        body: [
          'kubectl diff -f k8s/checkout/',
          'kubectl apply -f k8s/checkout/',
          'kubectl rollout status deployment/checkout -n shop --timeout=5m \\',
          '  || kubectl rollout undo deployment/checkout -n shop',
          'kubectl get pods -n shop -l app=checkout',
        ].join('\n'),
      },
    },
    {
      title: 'Make pods safe to roll',
      steps: [
        'A readiness probe that fails until the app can serve traffic.',
        'Requests sized from real usage and a memory limit.',
        'maxUnavailable 0 so capacity never drops during the rollout.',
      ],
      code: {
        lang: 'yaml',
        body: [
          'readinessProbe:',
          '  httpGet: { path: /healthz/ready, port: 8080 }',
          '  periodSeconds: 5',
          '  failureThreshold: 3',
          'resources:',
          '  requests: { cpu: 250m, memory: 256Mi }',
          '  limits: { memory: 512Mi }',
          'strategy:',
          '  rollingUpdate: { maxUnavailable: 0, maxSurge: 25% }',
        ].join('\n'),
      },
    },
  ],
  mistakes: [
    'Deploying the latest image tag instead of a pinned version or digest',
    'No readiness probe, so traffic reaches pods before they can serve',
    'Applying to production without kubectl diff',
    'Fixing live objects with kubectl edit so the repo drifts from the cluster',
    'Declaring success before rollout status completes',
  ],
  redFlags: [
    'An image tag of latest in a production manifest',
    'kubectl apply with no rollout status check afterwards',
    'A container without resource requests',
    'A fix applied with kubectl edit that is not committed to the repo',
  ],
  shortcut: 'apply straight to production without a diff',
  rule: 'diff, apply, and watch the rollout to completion',
  outOfScope: 'building the cluster itself or choosing a cloud provider',
  verify: 'kubectl rollout status succeeds and error rate and latency stay at baseline for 10 minutes',
};
