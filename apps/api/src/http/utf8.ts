import { AppError } from '../common/errors/app-error.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a request body as strict UTF-8 (a leading BOM is dropped). Invalid bytes are a 400 naming the byte
 * offset instead of being silently replaced with U+FFFD, which would change what the caller sent.
 */
export function decodeUtf8Body(body: Buffer): string {
  try {
    return decoder.decode(body);
  } catch {
    const offset = invalidUtf8Offset(body);
    const message = `the body is not valid UTF-8 (byte offset ${offset})`;
    throw AppError.invalid(`The request body is not valid UTF-8 (byte offset ${offset}).`, [{ path: 'body', message }]);
  }
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence (RFC 3629). */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0; // overlong
      if (b === 0xed) hi = 0x9f; // UTF-16 surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90; // overlong
      if (b === 0xf4) hi = 0x8f; // above U+10FFFF
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined) return i;
      if (k === 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return n;
}
