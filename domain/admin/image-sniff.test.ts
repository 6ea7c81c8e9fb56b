import { describe, expect, it } from 'vitest';
import { sniffImage } from './image-sniff';

const bytes = (...parts: (number[] | string)[]) => Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('sniffImage', () => {
  it('reads PNG, GIF, JPEG and WebP headers', () => {
    const png = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAEklEQVR4nGP4z8DAwMDAwMDAAAANAAEMbgxyAAAAAElFTkSuQmCC'), (c) => c.charCodeAt(0));
    expect(sniffImage(png)).toEqual({ contentType: 'image/png', ext: 'png', width: 3, height: 2 });
    expect(sniffImage(bytes('GIF89a', [10, 0, 20, 0]))).toEqual({ contentType: 'image/gif', ext: 'gif', width: 10, height: 20 });
    // SOI, APP0 (length 16), SOF0 with height 300, width 400
    const jpeg = bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], new Array(14).fill(0), [0xff, 0xc0, 0, 17, 8, 1, 44, 1, 144, 3], new Array(10).fill(0));
    expect(sniffImage(jpeg)).toEqual({ contentType: 'image/jpeg', ext: 'jpg', width: 400, height: 300 });
    const webp = bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8X', [10, 0, 0, 0, 0, 0, 0, 0], [99, 0, 0, 49, 0, 0], [0, 0]);
    expect(sniffImage(webp)).toEqual({ contentType: 'image/webp', ext: 'webp', width: 100, height: 50 });
  });
  it('refuses anything else, whatever it claims', () => {
    expect(sniffImage(bytes('<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toBeNull();
    expect(sniffImage(bytes('%PDF-1.7'))).toBeNull();
    expect(sniffImage(bytes([0x89], 'PNG'))).toBeNull();
    expect(sniffImage(new Uint8Array())).toBeNull();
  });
});
