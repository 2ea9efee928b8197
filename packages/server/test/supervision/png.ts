import { encodeGreyPng } from '../../src/lib/png.js';

/** A valid PNG of w × h grey pixels (for photo and signature uploads); `pad` bytes of noise make it larger. */
export function pngOf(w = 4, h = 4, pad = 0): Buffer {
  return encodeGreyPng(w, h, new Uint8Array(w * h).fill(0x80), pad > 0 ? 'x'.repeat(pad) : undefined);
}
