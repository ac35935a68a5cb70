import { Logger } from '@nestjs/common';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EvaluationResult } from '#policy';
import type { EvaluationRecorder } from '../evaluations/evaluation-recorder.js';
import type { PolicySnapshot } from '../snapshot/policy-snapshot.js';
import { AdmissionRecorder, MAX_PENDING_RECORDS } from './admission-recorder.js';

const RESULT = {} as EvaluationResult;
const SNAPSHOT = {} as PolicySnapshot;
const REQUEST = { manifests: { kind: 'Pod' } };

function recorderWith(record: EvaluationRecorder['record']) {
  return new AdmissionRecorder({ record } as EvaluationRecorder);
}

afterEach(() => vi.restoreAllMocks());

describe(AdmissionRecorder.name, () => {
  it('records with the admission actor and returns before the write finishes', async () => {
    let finish!: (id: string) => void;
    const record = vi.fn(() => new Promise<string>((resolve) => (finish = resolve)));
    const sut = recorderWith(record);
    const write = sut.record(
      REQUEST,
      RESULT,
      SNAPSHOT,
      'uid-1',
      'system:serviceaccount:kube-system:replicaset-controller',
    );
    expect(record).toHaveBeenCalledWith(
      REQUEST,
      RESULT,
      SNAPSHOT,
      'admission:system:serviceaccount:kube-system:replicaset-controller',
    );
    let settled = false;
    void sut.settled().then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    finish('id-1');
    await write;
    await sut.settled();
    expect(settled).toBe(true);
  });

  it('a failed write (database down) is logged, never thrown', async () => {
    const warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const sut = recorderWith(() => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.5:5432')));
    await expect(sut.record(REQUEST, RESULT, SNAPSHOT, 'uid-2')).resolves.toBeUndefined();
    expect(warn).toHaveBeenCalledWith(
      'admission uid-2 was answered but not recorded: connect ECONNREFUSED 10.0.0.5:5432',
    );
    await expect(sut.beforeApplicationShutdown()).resolves.toBeUndefined();
  });

  it(`drops records past ${MAX_PENDING_RECORDS} pending writes instead of piling them up`, async () => {
    const warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const release: (() => void)[] = [];
    const record = vi.fn(() => new Promise<string>((resolve) => release.push(() => resolve('id'))));
    const sut = recorderWith(record);
    for (let i = 0; i < MAX_PENDING_RECORDS + 5; i++) void sut.record(REQUEST, RESULT, SNAPSHOT, `uid-${i}`);
    expect(record).toHaveBeenCalledTimes(MAX_PENDING_RECORDS);
    expect(warn).toHaveBeenCalledTimes(1);
    for (const r of release) r();
    await sut.settled();
    void sut.record(REQUEST, RESULT, SNAPSHOT, 'uid-after');
    expect(record).toHaveBeenCalledTimes(MAX_PENDING_RECORDS + 1);
  });
});
