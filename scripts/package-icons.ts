/**
 * Draws the app's icon and writes it as PNG for electron-builder (no image tools needed):
 *   build/icon.png            1024x1024, the source electron-builder converts to .icns (macOS) and .ico (Windows)
 *   build/icons/512x512.png   the Linux icon set (linux.icon in electron-builder.yml)
 *
 *   node --import tsx scripts/package-icons.ts
 *
 * The picture: a blue rounded square, a white page with lines of text, and a gold seal (a signed
 * payment order). Deterministic: the same bytes on every run, so the committed files can be checked.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];

/** Signed distance to a rounded rectangle (centre cx,cy, half sizes hw,hh, corner radius r); negative inside. */
function roundedRect(x: number, y: number, cx: number, cy: number, hw: number, hh: number, r: number): number {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** The colour of one point of the picture, in unit coordinates (0..1 both ways, y down). */
function paint(x: number, y: number): Rgba {
  // background: a rounded square with a vertical blue gradient, transparent outside
  if (roundedRect(x, y, 0.5, 0.5, 0.46, 0.46, 0.1) > 0) return [0, 0, 0, 0];
  let c: Rgba = [Math.round(36 - 20 * y), Math.round(99 - 45 * y), Math.round(184 - 70 * y), 255];
  // the page, with its top-right corner folded
  const page = roundedRect(x, y, 0.45, 0.5, 0.22, 0.3, 0.03);
  const corner = x > 0.55 && y < 0.32; // the square of the folded corner; its diagonal runs from (0.55,0.2) to (0.67,0.32)
  const aboveFold = x - 0.55 > y - 0.2;
  if (page < 0 && !(corner && aboveFold)) {
    c = corner ? [205, 214, 230, 255] : [250, 251, 253, 255]; // the fold's underside, or the page
    // lines of text
    for (const [top, right] of [
      [0.33, 0.52],
      [0.42, 0.6],
      [0.51, 0.6],
      [0.6, 0.5],
    ] as const) {
      if (roundedRect(x, y, (0.3 + right) / 2, top, (right - 0.3) / 2, 0.018, 0.018) < 0) c = [120, 140, 175, 255];
    }
  }
  // the seal: a gold disc with a darker ring, overlapping the page's bottom-right corner
  const d = Math.hypot(x - 0.66, y - 0.7);
  if (d < 0.15) c = d > 0.12 ? [176, 124, 22, 255] : [232, 176, 48, 255];
  // a tick in the seal
  const tick = Math.min(segment(x, y, 0.6, 0.7, 0.645, 0.745), segment(x, y, 0.645, 0.745, 0.725, 0.655));
  if (tick < 0.02) c = [255, 255, 255, 255];
  return c;
}

/** Distance from (x,y) to the segment a-b. */
function segment(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - ax - t * dx, y - ay - t * dy);
}

/** The picture at size x size pixels, 4x4 samples a pixel, as straight RGBA rows. */
export function drawIcon(size: number): Buffer {
  const n = 4;
  const rgba = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const [cr, cg, cb, ca] = paint((px + (sx + 0.5) / n) / size, (py + (sy + 0.5) / n) / size);
          r += cr * ca;
          g += cg * ca;
          b += cb * ca;
          a += ca;
        }
      }
      const o = (py * size + px) * 4;
      if (a > 0) {
        rgba[o] = Math.round(r / a);
        rgba[o + 1] = Math.round(g / a);
        rgba[o + 2] = Math.round(b / a);
      }
      rgba[o + 3] = Math.round(a / (n * n));
    }
  }
  return rgba;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, k) => {
  let c = k;
  for (let i = 0; i < 8; i++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A PNG (8-bit RGBA, no filter) of size x size straight RGBA pixels. */
export function encodePng(size: number, rgba: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

export const ICONS = [
  { file: 'build/icon.png', size: 1024 },
  { file: 'build/icons/512x512.png', size: 512 },
] as const;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  for (const { file, size } of ICONS) {
    const path = join(root, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, encodePng(size, drawIcon(size)));
    process.stdout.write(`${file} ${size}x${size}\n`);
  }
}
