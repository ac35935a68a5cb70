import { describe, expect, it } from 'vitest';
import { ADMISSION_PLUGIN_NAMES, admissionPluginProblem } from './admission-plugin-names.js';
import { validateClusterInput } from './validate-cluster.js';

describe('admissionPluginProblem', () => {
  it('knows every plugin of AllOrderedPlugins, and nothing twice', () => {
    expect(new Set(ADMISSION_PLUGIN_NAMES).size).toBe(ADMISSION_PLUGIN_NAMES.length);
    for (const name of ['AlwaysPullImages', 'NamespaceLifecycle', 'PodSecurity', 'ValidatingAdmissionPolicy'])
      expect(admissionPluginProblem(name)).toBeNull();
  });

  it.each([
    ['AlwaysPullImage', 'did you mean "AlwaysPullImages"?'],
    ['alwayspullimages', 'did you mean "AlwaysPullImages"?'],
    ['ALWAYSPULLIMAGES', 'did you mean "AlwaysPullImages"?'],
    ['AlwaysPulImages', 'did you mean "AlwaysPullImages"?'],
    ['NamespaceLifeCycle', 'did you mean "NamespaceLifecycle"?'],
    [' AlwaysPullImages', 'write "AlwaysPullImages"'],
    ['KyvernoPolicies', 'is not a kube-apiserver admission plugin'],
  ])('%j is refused (%s)', (name, fragment) => {
    expect(admissionPluginProblem(name)).toContain(fragment);
  });

  it('a cluster profile names the entry', () => {
    const r = validateClusterInput({ name: 'prod', admissionPlugins: ['NamespaceLifecycle', 'AlwaysPullImage'] });
    expect(r).toEqual({
      ok: false,
      problems: [{ path: 'admissionPlugins[1]', message: expect.stringContaining('"AlwaysPullImages"') }],
    });
  });
});
