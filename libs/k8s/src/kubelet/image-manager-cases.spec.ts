import { describe, expect, it } from 'vitest';
import { parseImageReference } from '../image/index.js';
import type { ClusterContext, NodeBehaviour, PullPolicy } from '../types.js';
import {
  PULL_QPS_EXCEEDED,
  WaitingReason,
  backOffStatusMessage,
  failedToPullEvent,
  inspectFailedMessage,
  registryUnavailableMessage,
  signatureValidationFailedMessage,
} from './event-messages.js';
import { kubeletProfile } from './kubelet-profile.js';
import { predictNodeBehaviour } from './predict-node-behaviour.js';

// Decision rows of pkg/kubelet/images/image_manager_test.go (noFGPullerTestCases and
// ensureSecretImagesTestCases, driven upstream by TestParallelPuller / TestSerializedPuller).
// Upstream asserts the image manager's event reasons; the prediction also carries kuberuntime's
// `Failed` "Error: <reason>" event (startContainer), which is filtered out here for the comparison.
// Rows that depend on runtime failures (inspect error, 404, QPS, signature) have no prediction field and
// are checked as message templates at the end.

type Field = 'imageAbsent' | 'imagePresent' | 'imagePresentUnverified';

function predict(image: string, policy: PullPolicy, ctx: ClusterContext): NodeBehaviour {
  return predictNodeBehaviour({
    image,
    ref: parseImageReference(image),
    policy,
    slotType: 'container',
    profile: kubeletProfile(ctx),
    hasPullSecrets: true,
    preloaded: false,
  });
}

function imageManagerReasons(b: NodeBehaviour, field: Field): string[] {
  const outcome = b[field];
  if (outcome === null) throw new Error(`${field} is null`);
  return outcome.events.filter((e) => !e.message.startsWith('Error: ')).map((e) => e.reason);
}

interface Row {
  testName: string;
  containerImage: string;
  policy: PullPolicy;
  field: Field;
  action: 'pull' | 'use-local' | 'fail';
  err: string | null;
  events: string[];
}

// image_manager_test.go, noFGPullerTestCases (the rows that map to a prediction).
const noFG: Row[] = [
  {
    testName: 'image missing, pull',
    containerImage: 'missing_image',
    policy: 'IfNotPresent',
    field: 'imageAbsent',
    action: 'pull',
    err: null,
    events: ['Pulling', 'Pulled'],
  },
  {
    testName: "image present, allow all, don't pull",
    containerImage: 'present_image',
    policy: 'IfNotPresent',
    field: 'imagePresent',
    action: 'use-local',
    err: null,
    events: ['Pulled'],
  },
  {
    testName: 'image present, pull',
    containerImage: 'present_image',
    policy: 'Always',
    field: 'imagePresent',
    action: 'pull',
    err: null,
    events: ['Pulling', 'Pulled'],
  },
  {
    testName: 'image missing, never pull',
    containerImage: 'missing_image',
    policy: 'Never',
    field: 'imageAbsent',
    action: 'fail',
    err: 'ErrImageNeverPull',
    events: ['ErrImageNeverPull'],
  },
  {
    testName: 'image present and qps>0, pull',
    containerImage: 'present_image',
    policy: 'Always',
    field: 'imagePresent',
    action: 'pull',
    err: null,
    events: ['Pulling', 'Pulled'],
  },
  {
    testName: 'invalid image name, no pull',
    containerImage: 'FAILED_IMAGE',
    policy: 'Always',
    field: 'imagePresent',
    action: 'fail',
    err: 'InvalidImageName',
    events: ['InspectFailed'],
  },
  {
    testName: 'invalid image name with http, no pull',
    containerImage: 'http://url',
    policy: 'Always',
    field: 'imagePresent',
    action: 'fail',
    err: 'InvalidImageName',
    events: ['InspectFailed'],
  },
  {
    testName: 'invalid image name with sha256, no pull',
    containerImage: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    policy: 'Always',
    field: 'imagePresent',
    action: 'fail',
    err: 'InvalidImageName',
    events: ['InspectFailed'],
  },
];

function check(row: Row, ctx: ClusterContext): void {
  const b = predict(row.containerImage, row.policy, ctx);
  const outcome = b[row.field];
  expect(outcome?.action).toBe(row.action);
  expect(outcome?.reason).toBe(row.err);
  expect(imageManagerReasons(b, row.field)).toEqual(row.events);
}

describe('image_manager_test.go noFGPullerTestCases (gate off)', () => {
  it.each(noFG)('$testName', (row) => check(row, { kubeletVersion: '1.34' }));
});

// ensureSecretImagesTestCases re-runs every noFG case with the gate on and a pull manager that allows all
// credentials (mockImagePullManagerConfig{allowAll: true}) — i.e. the image is usable by the pod.
describe('image_manager_test.go ensureSecretImagesTestCases: noFG rows with the gate on', () => {
  it.each(noFG.map((r) => ({ ...r, testName: `[KubeletEnsureSecretPulledImages] ${r.testName}` })))(
    '$testName',
    (row) => check(row, { kubeletVersion: '1.35' }),
  );
});

// ensureSecretImagesTestCases, feature-specific rows. "Allowed by the pull manager" maps to imagePresent
// (credentials the pod holds, or node credentials); "unknown to the pull manager" to imagePresentUnverified.
const ensureSecret: Row[] = [
  {
    testName: '[KubeletEnsureSecretPulledImages] image present, unknown to image pull manager, pull',
    containerImage: 'present_image',
    policy: 'IfNotPresent',
    field: 'imagePresentUnverified',
    action: 'pull',
    err: null,
    events: ['Pulling', 'Pulled'],
  },
  {
    testName: '[KubeletEnsureSecretPulledImages] image present, unknown secret to image pull manager, pull',
    containerImage: 'present_image',
    policy: 'IfNotPresent',
    field: 'imagePresentUnverified',
    action: 'pull',
    err: null,
    events: ['Pulling', 'Pulled'],
  },
  {
    testName:
      '[KubeletEnsureSecretPulledImages] image present, unknown secret to image pull manager, never pull policy -> fail',
    containerImage: 'present_image',
    policy: 'Never',
    field: 'imagePresentUnverified',
    action: 'fail',
    err: 'ErrImageNeverPull',
    events: ['ErrImageNeverPull'],
  },
  {
    testName:
      "[KubeletEnsureSecretPulledImages] image present, a secret matches one of known to the image pull manager, don't pull",
    containerImage: 'present_image',
    policy: 'IfNotPresent',
    field: 'imagePresent',
    action: 'use-local',
    err: null,
    events: ['Pulled'],
  },
  {
    testName: "[KubeletEnsureSecretPulledImages] image present, service account credentials available, don't pull",
    containerImage: 'present_image',
    policy: 'IfNotPresent',
    field: 'imagePresent',
    action: 'use-local',
    err: null,
    events: ['Pulled'],
  },
  {
    testName: "[KubeletEnsureSecretPulledImages] image present, service account allowed by pull manager, don't pull",
    containerImage: 'present_image',
    policy: 'IfNotPresent',
    field: 'imagePresent',
    action: 'use-local',
    err: null,
    events: ['Pulled'],
  },
  {
    testName:
      '[KubeletEnsureSecretPulledImages] image present, mixed credentials (secrets + service accounts), pull required',
    containerImage: 'present_image',
    policy: 'IfNotPresent',
    field: 'imagePresentUnverified',
    action: 'pull',
    err: null,
    events: ['Pulling', 'Pulled'],
  },
  {
    testName:
      '[KubeletEnsureSecretPulledImages] image present, only node credentials (no source), proceed without tracking',
    containerImage: 'present_image',
    policy: 'IfNotPresent',
    field: 'imagePresent',
    action: 'use-local',
    err: null,
    events: ['Pulled'],
  },
];

describe('image_manager_test.go ensureSecretImagesTestCases (gate on, default NeverVerifyPreloadedImages)', () => {
  it.each(ensureSecret)('$testName', (row) => check(row, { kubeletVersion: '1.35' }));
  it('"image present, allow all" with the gate on says "can be accessed by the pod"', () => {
    expect(predict('present_image', 'IfNotPresent', { kubeletVersion: '1.35' }).imagePresent.events[0]?.message).toBe(
      'Container image "present_image" already present on machine and can be accessed by the pod',
    );
  });
});

// Runtime rows of noFGPullerTestCases and TestEvalCRIPullErr: templates only.
describe('image_manager_test.go runtime rows as message templates', () => {
  it('image missing, pull if not present, fail on image inspect → ImageInspectError / InspectFailed', () => {
    expect(WaitingReason.ImageInspectError).toBe('ImageInspectError');
    expect(inspectFailedMessage('missing_image', 'unknown inspectError', true)).toBe(
      'Failed to inspect image "": unknown inspectError',
    );
  });
  it('image missing, unable to fetch → Failed event, ErrImagePull', () => {
    expect(failedToPullEvent('typo_image', '404')).toEqual({
      type: 'Warning',
      reason: 'Failed',
      message: 'Failed to pull image "typo_image": 404',
    });
    expect(WaitingReason.ErrImagePull).toBe('ErrImagePull');
    expect(WaitingReason.ImagePullBackOff).toBe('ImagePullBackOff');
  });
  it('image present and excessive qps rate, pull → pull QPS exceeded', () => {
    expect(failedToPullEvent('present_image', PULL_QPS_EXCEEDED).message).toBe(
      'Failed to pull image "present_image": pull QPS exceeded',
    );
  });
  it('image missing, SignatureValidationFailed → status message and back-off message', () => {
    const msg = signatureValidationFailedMessage('typo_image');
    expect(msg).toBe('image pull failed for typo_image because the signature validation failed');
    expect(backOffStatusMessage('typo_image', { reason: 'SignatureValidationFailed', message: msg }, true)).toBe(
      'Back-off pulling image "typo_image": SignatureValidationFailed: image pull failed for typo_image because the signature validation failed',
    );
  });
  it('TestEvalCRIPullErr strings', () => {
    expect(registryUnavailableMessage('test', 'foo')).toBe(
      'image pull failed for test because the registry is unavailable: foo',
    );
    expect(signatureValidationFailedMessage('test', 'bar')).toBe(
      'image pull failed for test because the signature validation failed: bar',
    );
    expect(registryUnavailableMessage('test')).toBe('image pull failed for test because the registry is unavailable');
  });
});
