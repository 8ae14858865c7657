// A deterministic PNG made in Node (no binary file in the repository): V1's LCP image.
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** An 8-bit RGB PNG of `width` × `height`, each pixel from `pixel(x, y)` as [r, g, b]. */
export function makePng(
  width: number,
  height: number,
  pixel: (x: number, y: number) => readonly [number, number, number],
): Buffer {
  const rowBytes = 1 + width * 3;
  const raw = Buffer.alloc(rowBytes * height);
  for (let y = 0; y < height; y += 1) {
    raw[y * rowBytes] = 0; // filter: none
    for (let x = 0; x < width; x += 1) {
      const [r, g, b] = pixel(x, y);
      const at = y * rowBytes + 1 + x * 3;
      raw[at] = r;
      raw[at + 1] = g;
      raw[at + 2] = b;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * V1's hero image: a landscape-like picture (sky gradient, hills, some grain from a fixed hash),
 * so that it compresses and decodes like a photo-ish PNG rather than a flat colour.
 */
export function heroPng(width: number, height: number): Buffer {
  return makePng(width, height, (x, y) => {
    const hash = Math.imul(x * 374761393 + y * 668265263, 1274126177) >>> 24; // 0–255
    const grain = (hash & 15) - 8;
    const hill = height * (0.62 + 0.12 * Math.sin(x / 97) + 0.05 * Math.sin(x / 23 + 1));
    const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v + grain)));
    if (y < hill) {
      const t = y / hill;
      return [clamp(70 + 120 * t), clamp(130 + 80 * t), clamp(220 - 20 * t)];
    }
    const t = (y - hill) / (height - hill);
    return [clamp(60 - 30 * t), clamp(140 - 60 * t + 20 * Math.sin(x / 11)), clamp(60 - 20 * t)];
  });
}
