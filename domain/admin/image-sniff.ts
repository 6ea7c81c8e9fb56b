/**
 * Image type and size from the bytes themselves (never the file name or the
 * declared type): PNG, JPEG, GIF and WebP headers.
 */
export interface SniffedImage {
  contentType: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';
  ext: 'png' | 'jpg' | 'gif' | 'webp';
  width: number;
  height: number;
}

const u16be = (b: Uint8Array, o: number) => (b[o]! << 8) | b[o + 1]!;
const u16le = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8);
const u24le = (b: Uint8Array, o: number) => b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16);
const u32be = (b: Uint8Array, o: number) => ((b[o]! << 24) >>> 0) + (b[o + 1]! << 16) + (b[o + 2]! << 8) + b[o + 3]!;
const ascii = (b: Uint8Array, o: number, n: number) => String.fromCharCode(...b.subarray(o, o + n));

function valid(w: number, h: number): boolean {
  return Number.isInteger(w) && Number.isInteger(h) && w > 0 && h > 0 && w <= 20_000 && h <= 20_000;
}

export function sniffImage(b: Uint8Array): SniffedImage | null {
  if (b.length >= 24 && b[0] === 0x89 && ascii(b, 1, 3) === 'PNG' && ascii(b, 12, 4) === 'IHDR') {
    const w = u32be(b, 16);
    const h = u32be(b, 20);
    return valid(w, h) ? { contentType: 'image/png', ext: 'png', width: w, height: h } : null;
  }
  if (b.length >= 10 && (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a')) {
    const w = u16le(b, 6);
    const h = u16le(b, 8);
    return valid(w, h) ? { contentType: 'image/gif', ext: 'gif', width: w, height: h } : null;
  }
  if (b.length >= 30 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 4) === 'WEBP') {
    const kind = ascii(b, 12, 4);
    let w = 0;
    let h = 0;
    if (kind === 'VP8X') {
      w = u24le(b, 24) + 1;
      h = u24le(b, 27) + 1;
    } else if (kind === 'VP8 ' && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a) {
      w = u16le(b, 26) & 0x3fff;
      h = u16le(b, 28) & 0x3fff;
    } else if (kind === 'VP8L' && b[20] === 0x2f) {
      const bits = b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24);
      w = (bits & 0x3fff) + 1;
      h = ((bits >>> 14) & 0x3fff) + 1;
    }
    return valid(w, h) ? { contentType: 'image/webp', ext: 'webp', width: w, height: h } : null;
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) {
    let o = 2;
    while (o + 9 < b.length) {
      if (b[o] !== 0xff) return null;
      const marker = b[o + 1]!;
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        o += 2;
        continue;
      }
      const len = u16be(b, o + 2);
      // SOF0..SOF15 except DHT (C4), JPG (C8), DAC (CC)
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        const h = u16be(b, o + 5);
        const w = u16be(b, o + 7);
        return valid(w, h) ? { contentType: 'image/jpeg', ext: 'jpg', width: w, height: h } : null;
      }
      o += 2 + len;
    }
    return null;
  }
  return null;
}
