import { deflateSync } from 'node:zlib';

/**
 * The one small PNG encoder (8-bit greyscale, no filter): demo signatures and photos, and the test files' images.
 * `pixels` holds w × h grey values, row by row; `text` adds a tEXt chunk (tests use it to make a file larger).
 */
export function encodeGreyPng(w: number, h: number, pixels: Uint8Array, text?: string): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const raw = Buffer.alloc((w + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w + 1)] = 0;
    raw.set(pixels.subarray(y * w, (y + 1) * w), y * (w + 1) + 1);
  }
  const extra = text !== undefined ? [chunk('tEXt', Buffer.from(`c\0${text}`, 'latin1'))] : [];
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    ...extra,
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A handwritten-looking stroke on white (demo signatures): a damped wave whose shape follows `seed`. */
export function scribblePng(seed: number, w = 240, h = 80): Buffer {
  const px = new Uint8Array(w * h).fill(255);
  const dot = (x: number, y: number) => {
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++) {
        const xx = Math.round(x) + dx;
        const yy = Math.round(y) + dy;
        if (xx >= 0 && xx < w && yy >= 0 && yy < h) px[yy * w + xx] = 20;
      }
  };
  const f1 = 0.05 + (seed % 7) * 0.01;
  const f2 = 0.13 + (seed % 5) * 0.02;
  for (let x = 16; x < w - 16; x += 0.25) {
    const t = (x - 16) / (w - 32);
    dot(x, h / 2 + Math.sin(x * f1) * h * 0.28 * (1 - t * 0.5) + Math.sin(x * f2 + seed) * h * 0.08);
  }
  return encodeGreyPng(w, h, px);
}
