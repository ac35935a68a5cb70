import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Slack request signing (https://api.slack.com/authentication/verifying-requests-from-slack):
 * `X-Slack-Signature: v0=<hex HMAC-SHA256("v0:" + X-Slack-Request-Timestamp + ":" + raw body, signing secret)>`,
 * and a timestamp within five minutes of now, either way, so that a captured request cannot be replayed later.
 */
const SLACK_VERSION = 'v0';
const SLACK_TOLERANCE_SECONDS = 5 * 60;

export interface SlackSignatureInput {
  secret: string;
  /** `X-Slack-Request-Timestamp` (Unix seconds) as received. */
  timestamp: string | string[] | undefined;
  /** `X-Slack-Signature` as received. */
  signature: string | string[] | undefined;
  /** The request body exactly as received, before any parsing. */
  body: string | Buffer;
  /** Current time in milliseconds (Date.now()). */
  now?: number;
  toleranceSeconds?: number;
}

type SlackSignatureFailure = 'missing-headers' | 'bad-timestamp' | 'stale' | 'bad-signature';

export type SlackSignatureResult = { ok: true } | { ok: false; reason: SlackSignatureFailure; message: string };

const HEX_SIGNATURE = /^v0=[0-9a-f]{64}$/;

/** The signature Slack would send for this body at this timestamp. */
export function signSlackRequest(secret: string, timestamp: string | number, body: string | Buffer): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`${SLACK_VERSION}:${timestamp}:`);
  hmac.update(body);
  return `${SLACK_VERSION}=${hmac.digest('hex')}`;
}

export function verifySlackSignature(input: SlackSignatureInput): SlackSignatureResult {
  const { timestamp, signature } = input;
  if (typeof timestamp !== 'string' || typeof signature !== 'string' || timestamp === '' || signature === '')
    return fail('missing-headers', 'X-Slack-Request-Timestamp and X-Slack-Signature are required.');
  if (!/^\d{1,12}$/.test(timestamp))
    return fail('bad-timestamp', 'X-Slack-Request-Timestamp must be a Unix time in seconds.');
  const nowSeconds = Math.floor((input.now ?? Date.now()) / 1000);
  const tolerance = input.toleranceSeconds ?? SLACK_TOLERANCE_SECONDS;
  if (Math.abs(nowSeconds - Number(timestamp)) > tolerance)
    return fail(
      'stale',
      `The request timestamp is more than ${tolerance / 60} minutes from now (replayed or clock skew).`,
    );

  const expected = Buffer.from(signSlackRequest(input.secret, timestamp, input.body), 'utf8');
  // Anything that is not `v0=` and 64 hex digits cannot match; the comparison itself is constant time.
  const given = Buffer.from(HEX_SIGNATURE.test(signature) ? signature : '', 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return fail('bad-signature', 'The request signature does not match.');
  return { ok: true };
}

function fail(reason: SlackSignatureFailure, message: string): SlackSignatureResult {
  return { ok: false, reason, message };
}
