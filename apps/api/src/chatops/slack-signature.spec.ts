import { describe, expect, it } from 'vitest';
import { signSlackRequest, verifySlackSignature } from './slack-signature.js';

// The worked example of https://api.slack.com/authentication/verifying-requests-from-slack.
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TIMESTAMP = '1531420618';
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const AT = Number(TIMESTAMP) * 1000;

const verify = (over: Partial<Parameters<typeof verifySlackSignature>[0]> = {}) =>
  verifySlackSignature({ secret: SECRET, timestamp: TIMESTAMP, signature: SIGNATURE, body: BODY, now: AT, ...over });

describe('Slack request signatures', () => {
  it("reproduces Slack's documented example", () => {
    expect(signSlackRequest(SECRET, TIMESTAMP, BODY)).toBe(SIGNATURE);
    expect(verify()).toEqual({ ok: true });
  });

  it('accepts the raw body as bytes', () => {
    expect(verify({ body: Buffer.from(BODY, 'utf8') })).toEqual({ ok: true });
  });

  it.each([
    ['another secret', { secret: 'not-the-secret' }],
    ['a changed body', { body: BODY.replace('text=', 'text=help') }],
    ['a changed timestamp', { timestamp: String(Number(TIMESTAMP) + 1), now: AT }],
    ['upper-case hex', { signature: SIGNATURE.toUpperCase() }],
    ['a truncated signature', { signature: SIGNATURE.slice(0, -2) }],
    ['another version', { signature: SIGNATURE.replace('v0=', 'v1=') }],
    ['a signature with something appended', { signature: `${SIGNATURE}00` }],
  ])('rejects %s', (_name, over) => {
    expect(verify(over)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it.each([
    ['no timestamp', { timestamp: undefined }],
    ['no signature', { signature: undefined }],
    ['empty headers', { timestamp: '', signature: '' }],
    ['repeated headers', { signature: [SIGNATURE, SIGNATURE] }],
  ])('rejects %s as missing headers', (_name, over) => {
    expect(verify(over)).toMatchObject({ ok: false, reason: 'missing-headers' });
  });

  it.each(['yesterday', '-1', '1531420618.5', '1e9', ' 1531420618'])('rejects the timestamp %j', (timestamp) => {
    expect(verify({ timestamp })).toMatchObject({ ok: false, reason: 'bad-timestamp' });
  });

  it('accepts a timestamp up to 5 minutes either side of now, and not beyond', () => {
    for (const skew of [-300, -299, 0, 299, 300]) expect(verify({ now: AT + skew * 1000 }).ok).toBe(true);
    expect(verify({ now: AT + 301_000 })).toMatchObject({ ok: false, reason: 'stale' });
    expect(verify({ now: AT - 301_000 })).toMatchObject({ ok: false, reason: 'stale' });
  });

  it('checks the window before computing the signature: a replayed, correctly signed request fails', () => {
    expect(verify({ now: AT + 3600_000 })).toMatchObject({ ok: false, reason: 'stale' });
  });
});
