// Kubelet versions the library models. 1.38 (GA 2026-12-16) adds nothing to image pulling: its changelog
// (CHANGELOG/CHANGELOG-1.38.md, v1.38.0-alpha.1) lists no image-pull change, so it behaves as 1.37.

export const OLDEST_MODELLED_MINOR = 27;
export const NEWEST_MODELLED_MINOR = 38;
/** Used when the cluster context names no kubelet version: the newest modelled (docs/kubernetes-semantics.md §7). */
export const DEFAULT_KUBELET_VERSION = `1.${NEWEST_MODELLED_MINOR}`;
export const SUPPORTED_KUBELET_VERSIONS: readonly string[] = Array.from(
  { length: NEWEST_MODELLED_MINOR - OLDEST_MODELLED_MINOR + 1 },
  (_, i) => `1.${OLDEST_MODELLED_MINOR + i}`,
);

/** A kubelet version the library cannot model: garbage, or outside the modelled range. Callers answer 400. */
export class KubeletVersionError extends Error {
  override readonly name = 'KubeletVersionError';
  readonly input: string;
  readonly supported: readonly string[] = SUPPORTED_KUBELET_VERSIONS;

  constructor(input: string, problem: string) {
    super(
      `${problem}: kubeletVersion "${input}" — supported versions are 1.${OLDEST_MODELLED_MINOR} to 1.${NEWEST_MODELLED_MINOR}, ` +
        `written as "1.NN", "v1.NN" or "1.NN.P" (for example "1.35", "v1.33", "1.33.2")`,
    );
    this.input = input;
  }
}

// "1.33", "v1.33", "1.33.2", and patch releases with a distribution suffix ("v1.30.4-gke.1348000", "1.29.3+k3s1").
const VERSION = /^v?(\d+)\.(\d+)(?:\.(\d+)(?:[-+][0-9A-Za-z.+-]*)?)?$/;

/** Minor version number (e.g. 35) of a kubelet version string; undefined/blank means the default. */
export function parseKubeletMinor(version: string | undefined | null): number {
  const text = (version ?? '').trim();
  if (text === '') return NEWEST_MODELLED_MINOR;
  const match = VERSION.exec(text);
  if (match === null) throw new KubeletVersionError(text, 'Unrecognised kubelet version');
  const major = Number(match[1]);
  const minor = Number(match[2]);
  if (major !== 1 || minor < OLDEST_MODELLED_MINOR || minor > NEWEST_MODELLED_MINOR) {
    throw new KubeletVersionError(text, 'Kubelet version outside the modelled range');
  }
  return minor;
}
