import type { ComponentChildren } from 'preact';
import { formatDateTime } from '../../format';
import type { ClusterProfile } from './types';

function Codes({ values, none }: { values: string[]; none: string }) {
  if (!values.length) return <span class="muted">{none}</span>;
  return (
    <ul class="inline-list">
      {values.map((v) => (
        <li key={v}>
          <code>{v}</code>
        </li>
      ))}
    </ul>
  );
}

function Fact({ term, children }: { term: string; children: ComponentChildren }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The profile's facts that change what Kubernetes does with images, with what an unset one means. */
export function ProfileFacts({ profile: p }: { profile: ClusterProfile }) {
  const labels = Object.entries(p.labels).map(([k, v]) => `${k}=${v}`);
  return (
    <dl class="facts">
      <Fact term="Kubelet version">
        {p.kubeletVersion ? <code>{p.kubeletVersion}</code> : <span class="muted">not set: the newest modelled</span>}
      </Fact>
      <Fact term="Admission plugins">
        <Codes values={p.admissionPlugins} none="none" />
      </Fact>
      <Fact term="Credential verification">
        {p.credentialVerificationPolicy ? (
          <code>{p.credentialVerificationPolicy}</code>
        ) : (
          <span class="muted">not set: the kubelet's default</span>
        )}
      </Fact>
      <Fact term="Verification allowlist">
        <Codes values={p.verificationAllowlist} none="none" />
      </Fact>
      <Fact term="Preloaded images">
        <Codes values={p.preloadedImages} none="none" />
      </Fact>
      <Fact term="Pod template paths">
        <Codes values={p.podTemplatePaths.map((t) => `${t.apiVersion} ${t.kind}: ${t.path}`)} none="built-in only" />
      </Fact>
      <Fact term="Labels">
        <Codes values={labels} none="none" />
      </Fact>
      <Fact term="Version">
        v{p.version}, updated{p.updatedBy ? ` by ${p.updatedBy}` : ''}{' '}
        <time dateTime={p.updatedAt} title={p.updatedAt}>
          {formatDateTime(p.updatedAt)}
        </time>
      </Fact>
    </dl>
  );
}
