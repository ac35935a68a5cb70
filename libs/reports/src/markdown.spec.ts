import { describe, expect, it } from 'vitest';
import {
  GENERATED_AT,
  HOSTILE,
  POLICY_ERROR_LINE,
  cleanResult,
  hostileResult,
  mixedResult,
} from '../fixtures/results.js';
import { renderReport, type RenderOptions } from './index.js';
import { mdCode, mdText } from './markdown.js';

const OPTS: RenderOptions = {
  generatedAt: GENERATED_AT,
  sourceName: 'deploy/app.yaml',
  evaluationId: 'ev-1',
};

function markdown(result = mixedResult(), opts: RenderOptions = OPTS): string[] {
  return renderReport(result, 'markdown', opts).body.split('\n');
}

/** GFM (cmark-gfm table.c): a `|` delimits cells unless the character before it is a backslash. */
function cellCount(line: string): number {
  return line.split('').filter((c, i) => c === '|' && line[i - 1] !== '\\').length - 1;
}

/** Every table row has as many cells as its header, and no row spans lines. */
function expectIntactTables(lines: string[]): void {
  let columns: number | null = null;
  for (const line of lines) {
    if (!line.startsWith('|')) {
      columns = null;
      continue;
    }
    expect(line.endsWith(' |'), line).toBe(true);
    columns ??= cellCount(line);
    expect(cellCount(line), line).toBe(columns);
  }
}

function section(lines: string[], heading: string): string[] {
  const start = lines.indexOf(heading);
  if (start === -1) return [];
  const end = lines.findIndex((l, i) => i > start && l.startsWith('### '));
  return lines.slice(start + 1, end === -1 ? undefined : end).filter((l) => l !== '');
}

describe('Markdown rendering', () => {
  it('opens with the verdict word and the counts', () => {
    const lines = markdown();
    expect(lines.slice(0, 7)).toEqual([
      '## pullwise: ERROR',
      '',
      'Source `deploy/app.yaml`: 4 documents, 3 workloads, 5 slots.',
      'Findings: 1 deny, 1 warn, 1 audit, 1 waived. Input errors: 2.',
      '',
      '**Not judged in full:** 2 input errors (listed under Input errors) kept part of the input from being evaluated; the findings cover only what could be read.',
      '',
    ]);
    expect(markdown(cleanResult())[0]).toBe('## pullwise: PASS');
    expect(markdown(cleanResult()).join('\n')).not.toContain('Not judged');
    expect(lines.join('\n')).not.toMatch(/\p{Extended_Pictographic}/u);
  });

  it('tables the unwaived findings, strongest first', () => {
    expect(section(markdown(), '### Findings')).toEqual([
      '| Enforcement | Severity | Rule | Workload | Slot | Image | Message |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      '| deny | high | no-latest | Deployment/web (prod) | `app` (container, line 11) | `nginx:latest` | nginx:latest uses the disallowed tag latest |',
      '| warn | medium | always-for-mutable-tags | Deployment/web (prod) | `sidecar` (container, line 13) | `registry.example.com/team/sidecar:1.0` | tag 1.0 is mutable but the effective policy is IfNotPresent |',
      '| audit | info | pin-digests | Deployment/web (prod) | `app` (container, line 11) | `nginx:latest` | nginx:latest is not pinned by digest |',
    ]);
  });

  it('lists fixes, waivers and input errors', () => {
    const lines = markdown();
    expect(section(lines, '### Fixes')).toEqual([
      '- **no-latest** on Deployment/web (prod) `app`: Pin a version tag. New image: `nginx:1.27`.',
      '- **always-for-mutable-tags** on Deployment/web (prod) `sidecar`: Set imagePullPolicy to Always. Patch (document 0): `[{"op":"replace","path":"/spec/template/spec/containers/1/imagePullPolicy","value":"Always"}]`',
    ]);
    expect(section(lines, '### Waived')).toEqual([
      '| Enforcement | Rule | Workload | Slot | Exception | Message |',
      '| --- | --- | --- | --- | --- | --- |',
      '| deny | never-needs-preload | Pod/batch (staging) | `job` (container, line 22) | legacy-batch | busybox uses Never but is not preloaded |',
    ]);
    expect(section(lines, '### Input errors')).toEqual([
      '- document 2, line 27: Flow sequence in block collection must be sufficiently indented and end with a \\]',
      `- document 3, \`spec.containers[0].imagePullPolicy\`, line ${POLICY_ERROR_LINE}: spec.containers\\[0\\].imagePullPolicy: Unsupported value: "always": supported values: "Always", "IfNotPresent", "Never"`,
    ]);
  });

  it('shows per slot the effective policy and what the node does', () => {
    const slots = section(markdown(), '### Slots').filter((l) => l.startsWith('|'));
    expect(slots[0]).toBe(
      '| Workload | Slot | Image | Declared | Effective | Image absent | Image present | Present, pulled with other credentials |',
    );
    expect(slots).toContain(
      '| Pod/batch (staging) | `job` (container) | `busybox` | Never | Never | fail (ErrImageNeverPull) | use local | fail (ErrImageNeverPull) |',
    );
    expect(slots).toContain(
      '| Deployment/web (prod) | `app` (container) | `nginx:latest` | unset | Always | pull | pull | pull |',
    );
    expect(slots).toHaveLength(2 + 5);
  });

  it('ends with assumptions and the provenance line', () => {
    const lines = markdown();
    expect(lines.find((l) => l.startsWith('Assumptions: kubelet '))).toBeDefined();
    expect(lines.at(-2)).toBe('<sub>pullwise 0.1.0, evaluation `ev-1`, 2026-03-01T12:00:00.250Z</sub>');
    expectIntactTables(lines);
  });

  it('a clean pass says so', () => {
    const lines = markdown(cleanResult());
    expect(lines[0]).toBe('## pullwise: PASS');
    expect(lines).toContain('Findings: 0 deny, 0 warn, 0 audit, 0 waived. Input errors: 0.');
    expect(section(lines, '### Findings')).toEqual(['No findings.']);
    for (const heading of ['### Fixes', '### Waived', '### Input errors']) expect(lines).not.toContain(heading);
    expect(section(lines, '### Slots').filter((l) => l.startsWith('|'))).toHaveLength(3);
  });

  it('a warn verdict', () => {
    const result = mixedResult();
    result.verdict = 'warn';
    expect(markdown(result)[0]).toBe('## pullwise: WARN');
  });

  it('hostile text can neither break a table nor span lines nor inject markup', () => {
    const lines = markdown(hostileResult(), { generatedAt: GENERATED_AT, sourceName: HOSTILE });
    expectIntactTables(lines);
    const text = lines.join('\n');
    // eslint-disable-next-line no-control-regex -- looking for control characters
    expect(text).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/);
    const findings = section(lines, '### Findings');
    expect(findings).toHaveLength(3);
    expect(findings[2]).toContain(`rule${mdText(HOSTILE)}`);
    expect(findings[2]).toContain(`msg${mdText(HOSTILE)}`);
    expect(findings[2]).toContain(mdCode(`nginx${HOSTILE}`, true));
    expect(section(lines, '### Waived')).toHaveLength(3);
  });

  it('escaping helpers', () => {
    expect(mdText('a|b`c*d_e[f]<g>&h~i\\j\nk\u0000l')).toBe('a\\|b\\`c\\*d\\_e\\[f\\]\\<g\\>\\&h\\~i\\\\j kl');
    expect(mdCode('plain', false)).toBe('`plain`');
    expect(mdCode('a`b', false)).toBe('``a`b``');
    expect(mdCode('``x', false)).toBe('``` ``x ```');
    expect(mdCode('a|b', true)).toBe('`a\\|b`');
    expect(mdCode('a|b', false)).toBe('`a|b`');
    expect(mdCode('', true)).toBe('');
  });
});

describe('markdown: fleet', () => {
  it("adds a column with the slot on the cluster's nodes when a slot has a fleet", () => {
    const result = mixedResult();
    const slot = result.workloads[0]!.slots[0]!;
    const fail = { action: 'fail' as const, contactsRegistry: false, reason: 'ErrImageNeverPull', events: [] };
    slot.fleet = {
      observedAt: null,
      eligibleNodes: 3,
      ineligibleNodes: 1,
      summary: { pull: 0, useLocal: 2, fail: 1, unknown: 0 },
      groups: [],
      nodes: [
        {
          node: 'n1',
          kubeletVersion: 'v1.34.2',
          digest: null,
          image: 'present',
          outcome: { ...fail, action: 'use-local', reason: null },
        },
        {
          node: 'n2',
          kubeletVersion: 'v1.34.2',
          digest: null,
          image: 'present',
          outcome: { ...fail, action: 'use-local', reason: null },
        },
        { node: 'n|3', kubeletVersion: 'v1.33.1', digest: null, image: 'absent', outcome: fail },
      ],
      ineligible: [{ node: 'gpu', reason: 'taint nvidia.com/gpu=present:NoSchedule not tolerated' }],
    };
    const lines = markdown(result);
    expect(lines.some((l) => l.includes("On the cluster's nodes"))).toBe(true);
    expect(lines.some((l) => l.includes('3 of 4 nodes: 2 use local, 1 fail (fails on `n\\|3`)'))).toBe(true);
    // Slots without a fleet say so in the same column.
    expect(lines.filter((l) => l.startsWith('|') && l.endsWith(' - |')).length).toBeGreaterThan(0);
    expectIntactTables(lines);
  });
});
