/** Manifests to start from: each shows one thing the kubelet does differently from what people expect. */
export const EXAMPLES: readonly { label: string; manifests: string }[] = [
  {
    label: 'Pod with imagePullPolicy: Never',
    manifests: `# Never: the image must already be on the node, or the container fails with ErrImageNeverPull.
apiVersion: v1
kind: Pod
metadata:
  name: cache-warmer
  namespace: batch
spec:
  containers:
    - name: warmer
      image: registry.example.com/tools/warmer:1.4
      imagePullPolicy: Never
`,
  },
  {
    label: 'Deployment with nginx:latest',
    manifests: `# No imagePullPolicy and the tag latest: the API server defaults the policy to Always.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: nginx:latest
        - name: log-shipper
          image: busybox:1.36 # a mutable tag kept with IfNotPresent
          imagePullPolicy: IfNotPresent
`,
  },
  {
    label: 'CronJob with an init container pinned by digest',
    manifests: `# A digest-pinned image defaults to IfNotPresent; the init container runs first.
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly-report
  namespace: finance
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          initContainers:
            - name: fetch
              image: curlimages/curl@sha256:4a3396ae573c44932d06ba33f8696db4429c419da87cbdc82965ee96a37dd0af
          containers:
            - name: report
              image: ghcr.io/acme/report:2.3.1
`,
  },
];
