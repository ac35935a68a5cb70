// Which registry a reference names, as the container runtime reaches it. distribution/reference keeps the
// domain as written (normalize.go splitDockerDomain rewrites only the exact `index.docker.io`), but the
// runtime treats more spellings as one registry, so anything that compares registries must canonicalise.

import { DEFAULT_DOMAIN, OFFICIAL_REPO_PREFIX } from './normalize.js';

/**
 * Host names of Docker Hub besides `docker.io`. moby registry/config.go: `IndexHostname = "index.docker.io"`
 * and `DefaultRegistryHost = "registry-1.docker.io"` (where `docker.io` references are pulled from);
 * containerd core/remotes/docker/config/hosts.go, ConfigureHosts, sends `docker.io` to `registry-1.docker.io`.
 */
const DOCKER_HUB_ALIASES: readonly string[] = ['index.docker.io', 'registry-1.docker.io'];

const HTTPS_PORT = 443;

/**
 * The registry host the runtime contacts, in one spelling: lowercase (DNS names and IPv6 hex digits are
 * case-insensitive; the domain grammar of distribution/reference regexp.go is ASCII), without the HTTPS
 * default port (containerd ConfigureHosts defaults to https, so `ghcr.io:443` is `ghcr.io`), a port without
 * leading zeros (Go net/port.go parsePort reads it as a decimal number), and Docker Hub's aliases as
 * `docker.io`.
 */
export function canonicalRegistryHost(host: string): string {
  let h = host.toLowerCase();
  const port = /:(\d+)$/.exec(h);
  if (port !== null) {
    const value = Number(port[1]);
    const rest = h.slice(0, port.index);
    h = value === HTTPS_PORT ? rest : `${rest}:${value}`;
  }
  return DOCKER_HUB_ALIASES.includes(h) ? DEFAULT_DOMAIN : h;
}

/**
 * `registry/repository` of a parsed reference in its canonical spelling: the host canonicalised, and on Docker
 * Hub a one-component repository under `library/`, as normalize.go splitDockerDomain does for `docker.io`.
 * The same name for `GHCR.IO/a/b`, `ghcr.io:443/a/b` and `ghcr.io/a/b`; for `registry-1.docker.io/nginx` and
 * `nginx`.
 */
export function canonicalImageName(registry: string, repository: string): string {
  const host = canonicalRegistryHost(registry);
  const path = host === DEFAULT_DOMAIN && !repository.includes('/') ? OFFICIAL_REPO_PREFIX + repository : repository;
  return `${host}/${path}`;
}

/**
 * Every spelling of a canonical host that names it (lowercase): itself, with `:443` when it has no port, and
 * for Docker Hub its aliases. A host glob names a registry when it matches one of these.
 */
export function registryHostSpellings(canonicalHost: string): string[] {
  const hosts = canonicalHost === DEFAULT_DOMAIN ? [DEFAULT_DOMAIN, ...DOCKER_HUB_ALIASES] : [canonicalHost];
  const out: string[] = [];
  for (const h of hosts) {
    out.push(h);
    if (!/:\d+$/.test(h)) out.push(`${h}:${HTTPS_PORT}`);
  }
  return out;
}
