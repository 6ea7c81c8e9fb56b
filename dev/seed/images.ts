/**
 * Deterministic product pictures for the demo seed: a flat background tinted
 * from the product colour, a soft floor shadow and a simple geometric
 * silhouette per product type (shirt, mug, sneaker, poster…), drawn with
 * 4×4 supersampled scanline spans and encoded as an RGB PNG with pngjs.
 *
 * Same spec → same pixels → same PNG bytes (zlib is deterministic for a
 * given level/strategy and zlib build) → same content-addressed key.
 * All colour arithmetic is integer; geometry uses only + - * / and sqrt,
 * which IEEE-754 defines exactly, so no platform-dependent trigonometry.
 */
import { createHash } from 'node:crypto';
import { PNG } from 'pngjs';
import { Rng } from './prng';

/** Bump when the drawing code changes, so the seed fingerprint changes too. */
export const RENDERER_VERSION = 1;

export type Rgb = readonly [number, number, number];

export const IMAGE_SHAPES = [
  'tshirt',
  'hoodie',
  'sweatshirt',
  'jacket',
  'jeans',
  'sneakers',
  'mug',
  'candle',
  'backpack',
  'tote',
  'cap',
  'beanie',
  'socks',
  'scarf',
  'poster',
  'cushion',
  'blanket',
] as const;
export type ImageShape = (typeof IMAGE_SHAPES)[number];

export type ImageView = 'front' | 'back' | 'detail';
export type ImagePattern = 'solid' | 'stripes' | 'dots' | 'grid';

export interface ImageSpec {
  shape: ImageShape;
  view: ImageView;
  width: number;
  height: number;
  /** main product colour */
  color: Rgb;
  /** secondary colour: prints, stripes, soles, frames' art… */
  accent: Rgb;
  pattern: ImagePattern;
  /** small integer selecting a print/graphic variant (0 = none) */
  motif: number;
  /** uint32 driving compositions (poster art) and small offsets */
  seed: number;
}

export interface RenderedImage {
  bytes: Uint8Array;
  width: number;
  height: number;
  contentType: 'image/png';
  /** content-addressed object key: media/<sha256 hex>.png */
  key: string;
  sha256: string;
}

// ---------------------------------------------------------------------------
// colours (integer arithmetic only)

const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [0, 0, 0];

/** a→b by permille (0 = a, 1000 = b) */
export function mix(a: Rgb, b: Rgb, permille: number): Rgb {
  const t = permille;
  const c = (x: number, y: number) => ((x * (1000 - t) + y * t + 500) / 1000) | 0;
  return [c(a[0], b[0]), c(a[1], b[1]), c(a[2], b[2])];
}
const shade = (c: Rgb, p: number) => mix(c, BLACK, p);
const tint = (c: Rgb, p: number) => mix(c, WHITE, p);
/** perceived luminance 0..255 */
export function luminance(c: Rgb): number {
  return ((c[0] * 299 + c[1] * 587 + c[2] * 114) / 1000) | 0;
}
/** a shade that reads as "detail" on this colour (darker on light colours, lighter on dark ones) */
const detail = (c: Rgb, p: number) => (luminance(c) < 60 ? tint(c, p) : shade(c, p));

// ---------------------------------------------------------------------------
// shapes as horizontal spans in design units (x in 0..100, y in 0..100·h/w)

/** flat sorted disjoint intervals [a0, b0, a1, b1, …] */
type Spans = number[];

interface Shape {
  top: number;
  bottom: number;
  spans(y: number): Spans;
}

const BIG = 1e6;
const EMPTY: Spans = [];

function rect(x: number, y: number, w: number, h: number, r = 0): Shape {
  const rr = Math.min(r, w / 2, h / 2);
  return {
    top: y,
    bottom: y + h,
    spans(v) {
      if (v < y || v >= y + h) return EMPTY;
      let inset = 0;
      if (rr > 0) {
        const dy = v < y + rr ? y + rr - v : v > y + h - rr ? v - (y + h - rr) : 0;
        if (dy > 0) inset = rr - Math.sqrt(Math.max(0, rr * rr - dy * dy));
      }
      return [x + inset, x + w - inset];
    },
  };
}

function ellipse(cx: number, cy: number, rx: number, ry: number): Shape {
  return {
    top: cy - ry,
    bottom: cy + ry,
    spans(v) {
      const d = (v - cy) / ry;
      if (d <= -1 || d >= 1) return EMPTY;
      const half = rx * Math.sqrt(1 - d * d);
      return [cx - half, cx + half];
    },
  };
}

const circle = (cx: number, cy: number, r: number) => ellipse(cx, cy, r, r);

/** polygon from flat [x0, y0, x1, y1, …], even-odd fill */
function poly(pts: readonly number[]): Shape {
  let top = Infinity;
  let bottom = -Infinity;
  for (let i = 1; i < pts.length; i += 2) {
    top = Math.min(top, pts[i] as number);
    bottom = Math.max(bottom, pts[i] as number);
  }
  const n = pts.length / 2;
  return {
    top,
    bottom,
    spans(v) {
      if (v < top || v >= bottom) return EMPTY;
      const xs: number[] = [];
      for (let i = 0; i < n; i++) {
        const j = (i + 1) % n;
        const x0 = pts[2 * i] as number;
        const y0 = pts[2 * i + 1] as number;
        const x1 = pts[2 * j] as number;
        const y1 = pts[2 * j + 1] as number;
        if ((y0 <= v && v < y1) || (y1 <= v && v < y0)) xs.push(x0 + ((v - y0) * (x1 - x0)) / (y1 - y0));
      }
      xs.sort((a, b) => a - b);
      return xs.length % 2 === 0 ? xs : xs.slice(0, -1);
    },
  };
}

/** symmetric polygon: points of the right half from top centre to bottom centre, mirrored around x = 50 */
function sym(right: readonly number[]): Shape {
  const pts = [...right];
  for (let i = right.length - 2; i >= 0; i -= 2) pts.push(100 - (right[i] as number), right[i + 1] as number);
  return poly(pts);
}

/** a thick straight segment */
function line(x0: number, y0: number, x1: number, y1: number, w: number): Shape {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len = Math.sqrt(dx * dx + dy * dy) || 1;
  const nx = (-dy / len) * (w / 2);
  const ny = (dx / len) * (w / 2);
  return poly([x0 + nx, y0 + ny, x1 + nx, y1 + ny, x1 - nx, y1 - ny, x0 - nx, y0 - ny]);
}

function unionSpans(a: Spans, b: Spans): Spans {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const iv: Array<[number, number]> = [];
  for (let i = 0; i < a.length; i += 2) iv.push([a[i] as number, a[i + 1] as number]);
  for (let i = 0; i < b.length; i += 2) iv.push([b[i] as number, b[i + 1] as number]);
  iv.sort((p, q) => p[0] - q[0]);
  const out: Spans = [];
  for (const [s, e] of iv) {
    const last = out.length - 1;
    if (last > 0 && s <= (out[last] as number)) out[last] = Math.max(out[last] as number, e);
    else out.push(s, e);
  }
  return out;
}

function intersectSpans(a: Spans, b: Spans): Spans {
  const out: Spans = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const s = Math.max(a[i] as number, b[j] as number);
    const e = Math.min(a[i + 1] as number, b[j + 1] as number);
    if (s < e) out.push(s, e);
    if ((a[i + 1] as number) < (b[j + 1] as number)) i += 2;
    else j += 2;
  }
  return out;
}

function subtractSpans(a: Spans, b: Spans): Spans {
  if (b.length === 0 || a.length === 0) return a;
  const out: Spans = [];
  for (let i = 0; i < a.length; i += 2) {
    let s = a[i] as number;
    const e = a[i + 1] as number;
    for (let j = 0; j < b.length && s < e; j += 2) {
      const bs = b[j] as number;
      const be = b[j + 1] as number;
      if (be <= s || bs >= e) continue;
      if (bs > s) out.push(s, bs);
      s = Math.max(s, be);
    }
    if (s < e) out.push(s, e);
  }
  return out;
}

function union(...shapes: Shape[]): Shape {
  return {
    top: Math.min(...shapes.map((s) => s.top)),
    bottom: Math.max(...shapes.map((s) => s.bottom)),
    spans(v) {
      let acc: Spans = EMPTY;
      for (const s of shapes) if (v >= s.top && v < s.bottom) acc = unionSpans(acc, s.spans(v));
      return acc;
    },
  };
}

function intersect(a: Shape, b: Shape): Shape {
  return {
    top: Math.max(a.top, b.top),
    bottom: Math.min(a.bottom, b.bottom),
    spans: (v) => intersectSpans(a.spans(v), b.spans(v)),
  };
}

function subtract(a: Shape, b: Shape): Shape {
  return { top: a.top, bottom: a.bottom, spans: (v) => subtractSpans(a.spans(v), b.spans(v)) };
}

const mod = (x: number, m: number) => ((x % m) + m) % m;

function hStripes(period: number, width: number, offset = 0): Shape {
  return { top: -BIG, bottom: BIG, spans: (v) => (mod(v - offset, period) < width ? [-BIG, BIG] : EMPTY) };
}

function vStripes(period: number, width: number, offset = 0, from = -20, to = 140): Shape {
  const spans: Spans = [];
  for (let x = from + mod(offset - from, period) - period; x < to; x += period) spans.push(x, x + width);
  return { top: -BIG, bottom: BIG, spans: () => spans };
}

/** staggered polka dots */
function dots(period: number, r: number, offset = 0, from = -20, to = 140): Shape {
  return {
    top: -BIG,
    bottom: BIG,
    spans(v) {
      const row = Math.floor((v - offset) / period + 0.5);
      const out: Spans = [];
      for (const k of [row - 1, row, row + 1]) {
        const cy = offset + k * period;
        const dy = v - cy;
        if (dy <= -r || dy >= r) continue;
        const half = Math.sqrt(r * r - dy * dy);
        const shift = mod(k, 2) === 0 ? 0 : period / 2;
        for (let cx = from + shift; cx < to; cx += period) out.push(cx - half, cx + half);
      }
      return out.length ? sortPairs(out) : EMPTY;
    },
  };
}

function sortPairs(s: Spans): Spans {
  const iv: Array<[number, number]> = [];
  for (let i = 0; i < s.length; i += 2) iv.push([s[i] as number, s[i + 1] as number]);
  iv.sort((p, q) => p[0] - q[0]);
  const out: Spans = [];
  for (const [a, b] of iv) {
    const last = out.length - 1;
    if (last > 0 && a <= (out[last] as number)) out[last] = Math.max(out[last] as number, b);
    else out.push(a, b);
  }
  return out;
}

function patternShape(p: ImagePattern, scale = 1, offset = 0): Shape | null {
  switch (p) {
    case 'solid':
      return null;
    case 'stripes':
      return hStripes(7 * scale, 3 * scale, offset);
    case 'dots':
      return dots(8 * scale, 1.6 * scale, offset);
    case 'grid':
      return union(hStripes(8 * scale, 2.6 * scale, offset), vStripes(8 * scale, 2.6 * scale, offset));
  }
}

// ---------------------------------------------------------------------------
// rasteriser

interface Layer {
  shape: Shape;
  color: Rgb;
}

interface View {
  scale: number;
  tx: number;
  ty: number;
  mirror: boolean;
}

const SUB = [0.125, 0.375, 0.625, 0.875] as const;

function rasterize(width: number, height: number, background: Rgb, layers: Layer[], view: View): Buffer {
  const buf = Buffer.alloc(width * height * 3, Buffer.from(background));
  const cov = new Uint8Array(width);
  const { scale, tx, ty, mirror } = view;
  const sampleCount = (x: number, a: number, b: number) => {
    let n = 0;
    for (const sx of SUB) if (x + sx >= a && x + sx < b) n++;
    return n;
  };
  for (const { shape, color } of layers) {
    const y0 = Math.max(0, Math.floor(ty + scale * Math.max(shape.top, -BIG / 10)));
    const y1 = Math.min(height, Math.ceil(ty + scale * Math.min(shape.bottom, BIG / 10)) + 1);
    for (let y = y0; y < y1; y++) {
      let minX = width;
      let maxX = -1;
      for (const sy of SUB) {
        const spans = shape.spans((y + sy - ty) / scale);
        for (let k = 0; k < spans.length; k += 2) {
          let a = tx + scale * (spans[k] as number);
          let b = tx + scale * (spans[k + 1] as number);
          if (mirror) {
            const a2 = width - b;
            b = width - a;
            a = a2;
          }
          if (b <= 0 || a >= width) continue;
          // a sample at x + sx is inside when a <= x + sx < b; pixels in [lo, hi] have all 4 inside
          const lo = Math.max(0, Math.ceil(a - SUB[0]));
          const hi = Math.min(width - 1, Math.ceil(b - SUB[3]) - 1);
          for (let x = lo; x <= hi; x++) cov[x]! += 4;
          const first = Math.max(0, Math.floor(a) - 1);
          const last = Math.min(width - 1, Math.floor(b) + 1);
          for (let x = first; x <= last; x++) {
            if (x >= lo && x <= hi) {
              x = hi;
              continue;
            }
            cov[x]! += sampleCount(x, a, b);
          }
          if (first < minX) minX = first;
          if (last > maxX) maxX = last;
        }
      }
      const row = y * width * 3;
      for (let x = minX; x <= maxX; x++) {
        const c = cov[x] as number;
        if (c === 0) continue;
        cov[x] = 0;
        const i = row + x * 3;
        if (c >= 16) {
          buf[i] = color[0];
          buf[i + 1] = color[1];
          buf[i + 2] = color[2];
        } else {
          buf[i] = (buf[i]! * (16 - c) + color[0] * c + 8) >> 4;
          buf[i + 1] = (buf[i + 1]! * (16 - c) + color[1] * c + 8) >> 4;
          buf[i + 2] = (buf[i + 2]! * (16 - c) + color[2] * c + 8) >> 4;
        }
      }
    }
  }
  return buf;
}

// ---------------------------------------------------------------------------
// silhouettes

interface Scene {
  layers: Layer[];
  /** point the detail view zooms on, in design units */
  focus: [number, number];
  zoom: number;
}

interface Ctx {
  spec: ImageSpec;
  rng: Rng;
  front: boolean;
  /** design height (width is always 100) */
  h: number;
}

function withPattern(layers: Layer[], body: Shape, ctx: Ctx, scale = 1): void {
  const p = patternShape(ctx.spec.pattern, scale, ctx.rng.int(0, 5));
  if (p) layers.push({ shape: intersect(body, p), color: ctx.spec.accent });
}

/** a small chest print / logo, chosen by motif */
function print(layers: Layer[], clip: Shape, cx: number, cy: number, size: number, ctx: Ctx): void {
  const { motif, accent } = ctx.spec;
  if (!ctx.front || motif === 0) return;
  const s = size;
  let shape: Shape;
  switch (motif % 5) {
    case 1:
      shape = subtract(circle(cx, cy, s), circle(cx, cy, s * 0.55));
      break;
    case 2:
      shape = poly([cx, cy - s, cx + s, cy + s * 0.8, cx - s, cy + s * 0.8]);
      break;
    case 3:
      shape = union(
        rect(cx - s, cy - s * 0.7, s * 2, s * 0.35),
        rect(cx - s, cy - s * 0.1, s * 1.6, s * 0.35),
        rect(cx - s, cy + s * 0.5, s * 1.8, s * 0.35),
      );
      break;
    case 4:
      shape = union(circle(cx - s * 0.45, cy, s * 0.6), rect(cx - s * 0.1, cy - s * 0.6, s * 1.2, s * 1.2, s * 0.2));
      break;
    default:
      shape = intersect(circle(cx, cy, s), hStripes(s / 2.5, s / 5, cy));
  }
  layers.push({ shape: intersect(shape, clip), color: accent });
}

function floorShadow(layers: Layer[], bg: Rgb, cx: number, cy: number, rx: number, ry: number): void {
  layers.push({ shape: ellipse(cx, cy, rx, ry), color: shade(bg, 90) });
}

type Painter = (ctx: Ctx, bg: Rgb) => Scene;

const tshirt: Painter = (ctx, bg) => {
  const c = ctx.spec.color;
  const layers: Layer[] = [];
  floorShadow(layers, bg, 50, 90, 32, 3);
  const body = sym([50, 15, 60, 15, 76, 19, 91, 36, 80, 44, 72, 37, 72, 86, 50, 86]);
  layers.push({ shape: body, color: c });
  withPattern(layers, body, ctx);
  // sleeve hems
  layers.push({ shape: intersect(body, union(line(89.5, 33, 79, 41, 2.4), line(10.5, 33, 21, 41, 2.4))), color: detail(c, 120) });
  const neckRy = ctx.front ? 6 : 3;
  layers.push({
    shape: intersect(subtract(ellipse(50, 15, 12, neckRy + 2), ellipse(50, 15, 10, neckRy)), rect(0, 15, 100, 20)),
    color: detail(c, 150),
  });
  layers.push({ shape: intersect(ellipse(50, 15, 10, neckRy), rect(0, 15, 100, 20)), color: shade(c, 380) });
  if (ctx.spec.motif === 4 && ctx.front) layers.push({ shape: rect(58, 34, 8, 9, 1), color: detail(c, 90) });
  else print(layers, body, 50, 42, 9, ctx);
  return { layers, focus: [50, 38], zoom: 1.7 };
};

const longSleeveBody = () => sym([50, 18, 60, 18, 76, 21, 93, 72, 84, 75, 73, 40, 73, 86, 50, 86]);
function cuffsShape(): Shape {
  const r = poly([90.96, 65.88, 93, 72, 84, 75, 82.35, 69.75]);
  const l = poly([9.04, 65.88, 7, 72, 16, 75, 17.65, 69.75]);
  return union(r, l);
}
const hoodie: Painter = (ctx, bg) => {
  const c = ctx.spec.color;
  const layers: Layer[] = [];
  floorShadow(layers, bg, 50, 90, 34, 3);
  layers.push({ shape: ellipse(50, 17, 15, 11), color: shade(c, 120) });
  const body = longSleeveBody();
  layers.push({ shape: body, color: c });
  withPattern(layers, body, ctx);
  layers.push({ shape: cuffsShape(), color: detail(c, 130) });
  layers.push({ shape: rect(27, 82, 46, 4), color: detail(c, 130) });
  if (ctx.front) {
    layers.push({ shape: ellipse(50, 20, 9, 7), color: shade(c, 400) });
    layers.push({ shape: poly([36, 60, 64, 60, 68, 79, 32, 79]), color: detail(c, 80) });
    layers.push({ shape: union(rect(44.5, 25, 1.4, 16, 0.7), rect(54.1, 25, 1.4, 16, 0.7)), color: tint(ctx.spec.accent, 300) });
    print(layers, body, 50, 46, 6, ctx);
  } else {
    layers.push({ shape: intersect(ellipse(50, 30, 17, 14), rect(0, 18, 100, 30)), color: detail(c, 60) });
  }
  return { layers, focus: [50, 40], zoom: 1.7 };
};

const sweatshirt: Painter = (ctx, bg) => {
  const c = ctx.spec.color;
  const layers: Layer[] = [];
  floorShadow(layers, bg, 50, 90, 34, 3);
  const body = longSleeveBody();
  layers.push({ shape: body, color: c });
  withPattern(layers, body, ctx);
  layers.push({ shape: cuffsShape(), color: detail(c, 130) });
  layers.push({ shape: rect(27, 81, 46, 5), color: detail(c, 130) });
  const ry = ctx.front ? 6 : 3.5;
  layers.push({
    shape: intersect(subtract(ellipse(50, 18, 13, ry + 2.5), ellipse(50, 18, 10, ry)), rect(0, 18, 100, 20)),
    color: detail(c, 150),
  });
  layers.push({ shape: intersect(ellipse(50, 18, 10, ry), rect(0, 18, 100, 20)), color: shade(c, 380) });
  print(layers, body, 50, 44, 10, ctx);
  return { layers, focus: [50, 40], zoom: 1.7 };
};

const jacket: Painter = (ctx, bg) => {
  const c = ctx.spec.color;
  const layers: Layer[] = [];
  floorShadow(layers, bg, 50, 90, 34, 3);
  const body = longSleeveBody();
  layers.push({ shape: body, color: c });
  withPattern(layers, body, ctx);
  layers.push({ shape: cuffsShape(), color: detail(c, 150) });
  layers.push({ shape: rect(27, 80, 46, 6), color: detail(c, 120) });
  if (ctx.front) {
    layers.push({ shape: union(poly([40, 17, 50, 30, 46, 33, 36, 21]), poly([60, 17, 50, 30, 54, 33, 64, 21])), color: detail(c, 180) });
    layers.push({ shape: rect(49.3, 30, 1.4, 50), color: detail(c, 200) });
    for (let k = 0; k < 4; k++) layers.push({ shape: circle(53, 36 + k * 12, 1.5), color: ctx.spec.accent });
    layers.push({ shape: union(rect(33, 36, 11, 9, 1), rect(56, 36, 11, 9, 1)), color: detail(c, 110) });
  } else {
    layers.push({ shape: rect(36, 17, 28, 6, 2), color: detail(c, 180) });
    layers.push({ shape: rect(30, 30, 40, 1.2), color: detail(c, 150) });
  }
  return { layers, focus: [50, 40], zoom: 1.7 };
};

const jeans: Painter = (ctx, bg) => {
  const c = ctx.spec.color;
  const stitch = ctx.spec.accent;
  const layers: Layer[] = [];
  floorShadow(layers, bg, 50, 92, 30, 2.5);
  const body = poly([28, 12, 72, 12, 76, 50, 74, 90, 56, 90, 50, 38, 44, 90, 26, 90, 24, 50]);
  layers.push({ shape: body, color: c });
  withPattern(layers, body, ctx);
  layers.push({ shape: intersect(body, rect(0, 12, 100, 5)), color: detail(c, 160) });
  layers.push({ shape: intersect(body, rect(0, 85, 100, 5)), color: tint(c, 120) });
  for (const x of [31, 45, 54, 68]) layers.push({ shape: rect(x, 11, 1.6, 7, 0.5), color: detail(c, 220) });
  if (ctx.front) {
    layers.push({ shape: rect(49.4, 17, 1.2, 18), color: detail(c, 200) });
    layers.push({ shape: circle(50, 14.5, 1.3), color: [196, 160, 90] });
    layers.push({ shape: intersect(subtract(circle(27, 17, 12), circle(27, 17, 11)), rect(27, 17, 20, 20)), color: stitch });
    layers.push({ shape: intersect(subtract(circle(73, 17, 12), circle(73, 17, 11)), rect(53, 17, 20, 20)), color: stitch });
  } else {
    layers.push({ shape: union(rect(31, 26, 13, 13, 2), rect(56, 26, 13, 13, 2)), color: detail(c, 90) });
    layers.push({ shape: union(rect(31, 26, 13, 0.8), rect(56, 26, 13, 0.8)), color: stitch });
    layers.push({ shape: rect(60, 13, 8, 3, 0.5), color: [176, 130, 80] });
  }
  return { layers, focus: [50, 24], zoom: 1.7 };
};

const sneakers: Painter = (ctx, bg) => {
  const c = ctx.spec.color;
  const sole = ctx.spec.accent;
  const layers: Layer[] = [];
  floorShadow(layers, bg, 52, 74, 42, 3.5);
  const upper = poly([14, 64, 16, 50, 26, 45, 40, 40, 50, 34, 60, 33, 66, 40, 78, 49, 90, 55, 93, 64]);
  layers.push({ shape: upper, color: c });
  withPattern(layers, upper, ctx, 0.8);
  layers.push({ shape: intersect(ellipse(88, 62, 10, 8), upper), color: detail(c, 120) });
  layers.push({ shape: rect(12, 48, 6, 17, 2.5), color: detail(c, 160) });
  layers.push({ shape: intersect(upper, poly([30, 60, 60, 46, 72, 52, 40, 62])), color: sole });
  for (let k = 0; k < 4; k++) layers.push({ shape: line(50 + k * 6, 37 + k * 3.2, 55 + k * 6, 42 + k * 3.2, 1.6), color: tint(sole, 200) });
  layers.push({ shape: rect(11, 63, 85, 8, 3.5), color: sole });
  layers.push({ shape: rect(11, 68.5, 85, 2.5, 1.2), color: shade(sole, 150) });
  return { layers, focus: [58, 46], zoom: 1.7 };
};

const mug: Painter = (ctx, bg) => {
  const c = ctx.spec.color;
  const layers: Layer[] = [];
  floorShadow(layers, bg, 50, 81, 30, 3);
  layers.push({ shape: intersect(subtract(ellipse(68, 54, 15, 15), ellipse(68, 54, 8.5, 8.5)), rect(66, 0, 40, 100)), color: detail(c, 140) });
  const body = rect(26, 30, 42, 51, 5);
  layers.push({ shape: body, color: c });
  withPattern(layers, body, ctx);
  layers.push({ shape: ellipse(47, 30.5, 21, 3.5), color: shade(c, 350) });
  layers.push({ shape: subtract(ellipse(47, 30.5, 21, 3.5), ellipse(47, 31.5, 19.5, 2.8)), color: tint(c, 250) });
  layers.push({ shape: rect(30, 36, 3, 38, 1.5), color: tint(c, 180) });
  print(layers, body, 47, 56, 10, ctx);
  return { layers, focus: [47, 52], zoom: 1.7 };
};

const candle: Painter = (ctx, bg) => {
  const wax = ctx.spec.color;
  const jar = ctx.spec.accent;
  const layers: Layer[] = [];
  floorShadow(layers, bg, 50, 83, 26, 2.8);
  layers.push({ shape: rect(29, 34, 42, 49, 6), color: jar });
  layers.push({ shape: rect(31.5, 44, 37, 37, 5), color: wax });
  layers.push({ shape: ellipse(50, 44, 18.5, 2.5), color: tint(wax, 200) });
  layers.push({ shape: rect(49.4, 36, 1.2, 8), color: [40, 36, 32] });
  layers.push({ shape: ellipse(50, 31, 3, 6.5), color: [250, 160, 50] });
  layers.push({ shape: ellipse(50, 33, 1.5, 3.2), color: [255, 236, 150] });
  const label = rect(34, 56, 32, 17, 1.5);
  layers.push({ shape: label, color: [244, 238, 226] });
  if (ctx.front) {
    layers.push({ shape: union(rect(38, 60, 24, 2), rect(41, 64.5, 18, 1.4), rect(43, 68, 14, 1.4)), color: shade(jar, 300) });
  }
  layers.push({ shape: rect(32, 36, 2.5, 42, 1.2), color: tint(jar, 300) });
  return { layers, focus: [50, 58], zoom: 1.7 };
};

const backpack: Painter = (ctx, bg) => {
  const c = ctx.spec.color;
  const layers: Layer[] = [];
  floorShadow(layers, bg, 50, 87, 28, 3);
  layers.push({ shape: intersect(subtract(ellipse(50, 22, 8, 7), ellipse(50, 22, 5.5, 4.6)), rect(0, 0, 100, 22)), color: detail(c, 180) });
  layers.push({ shape: union(rect(23.5, 30, 5, 46, 2.5), rect(71.5, 30, 5, 46, 2.5)), color: detail(c, 200) });
  const body = rect(27, 21, 46, 65, 11);
  layers.push({ shape: body, color: c });
  withPattern(layers, body, ctx);
  if (ctx.front) {
    layers.push({ shape: intersect(ellipse(50, 27, 23, 14), rect(27, 21, 46, 20)), color: detail(c, 90) });
    layers.push({ shape: rect(33, 52, 34, 27, 6), color: detail(c, 110) });
    layers.push({ shape: rect(35, 55, 30, 1.3), color: ctx.spec.accent });
    layers.push({ shape: rect(55, 54, 2.2, 5, 1), color: ctx.spec.accent });
  } else {
    layers.push({ shape: union(rect(35, 26, 7, 52, 3.5), rect(58, 26, 7, 52, 3.5)), color: detail(c, 220) });
    layers.push({ shape: rect(38, 36, 24, 20, 4), color: detail(c, 80) });
  }
  return { layers, focus: [50, 52], zoom: 1.7 };
};

const tote: Painter = (ctx, bg) => {
  const c = ctx.spec.color;
  const layers: Layer[] = [];
  floorShadow(layers, bg, 50, 87, 30, 3);
  const handle = (cx: number) =>
    intersect(subtract(ellipse(cx, 37, 8, 18), ellipse(cx, 37, 5.6, 15.6)), rect(0, 0, 100, 37));
  layers.push({ shape: union(handle(40), handle(60)), color: detail(c, 150) });
  const body = poly([25, 36, 75, 36, 79, 86, 21, 86]);
  layers.push({ shape: body, color: c });
  withPattern(layers, body, ctx);
  layers.push({ shape: intersect(body, rect(0, 36, 100, 3)), color: detail(c, 120) });
  if (ctx.front) print(layers, body, 50, 60, 11, ctx);
  else layers.push({ shape: rect(38, 46, 24, 16, 1), color: detail(c, 90) });
  return { layers, focus: [50, 58], zoom: 1.7 };
};

const cap: Painter = (ctx, bg) => {
  const c = ctx.spec.color;
  const layers: Layer[] = [];
  floorShadow(layers, bg, 55, 68, 38, 3);
  const crown = intersect(ellipse(46, 62, 27, 28), rect(0, 0, 100, 62));
  layers.push({ shape: crown, color: c });
  withPattern(layers, crown, ctx);
  layers.push({ shape: intersect(rect(45.4, 34, 1.2, 28), crown), color: detail(c, 160) });
  layers.push({ shape: intersect(subtract(ellipse(46, 62, 18, 28), ellipse(46, 62, 17, 27)), crown), color: detail(c, 140) });
  layers.push({ shape: circle(46, 34.5, 2.4), color: detail(c, 200) });
  layers.push({ shape: intersect(ellipse(74, 61, 22, 5.5), rect(46, 50, 60, 20)), color: detail(c, 110) });
  layers.push({ shape: rect(19, 59, 54, 3.5, 1), color: detail(c, 180) });
  print(layers, crown, 58, 48, 5, ctx);
  return { layers, focus: [50, 48], zoom: 1.7 };
};

const beanie: Painter = (ctx, bg) => {
  const c = ctx.spec.color;
  const layers: Layer[] = [];
  floorShadow(layers, bg, 50, 79, 28, 3);
  layers.push({ shape: circle(50, 24, 8), color: tint(ctx.spec.accent, 100) });
  const dome = intersect(ellipse(50, 62, 25, 36), rect(0, 0, 100, 62));
  layers.push({ shape: dome, color: c });
  withPattern(layers, dome, ctx);
  layers.push({ shape: intersect(dome, vStripes(4, 1.2, 1)), color: detail(c, 70) });
  const cuff = rect(24, 56, 52, 20, 3);
  layers.push({ shape: cuff, color: detail(c, 90) });
  layers.push({ shape: intersect(cuff, vStripes(3.5, 1.4, 0.5)), color: detail(c, 170) });
  if (ctx.front) layers.push({ shape: rect(44, 61, 12, 8, 1), color: ctx.spec.accent });
  return { layers, focus: [50, 60], zoom: 1.7 };
};

function sockShape(dx: number, dy: number): Shape {
  return union(rect(30 + dx, 14 + dy, 16, 50, 2), rect(30 + dx, 52 + dy, 36, 15, 7.5));
}

const socks: Painter = (ctx, bg) => {
  const c = ctx.spec.color;
  const layers: Layer[] = [];
  floorShadow(layers, bg, 55, 88, 32, 3);
  for (const [dx, dy, dark] of [
    [16, 16, 60],
    [0, 0, 0],
  ] as const) {
    const sock = sockShape(dx, dy);
    const col = shade(c, dark);
    layers.push({ shape: sock, color: col });
    withPattern(layers, sock, ctx, 0.8);
    layers.push({ shape: intersect(sock, rect(0, 14 + dy, 100, 8)), color: detail(col, 160) });
    layers.push({ shape: intersect(sock, vStripes(2.5, 0.8, 0.3)), color: detail(col, 60) });
    layers.push({ shape: intersect(sock, rect(57 + dx, 40 + dy, 20, 40)), color: ctx.spec.accent });
    layers.push({ shape: intersect(sock, circle(31 + dx, 66 + dy, 7)), color: ctx.spec.accent });
  }
  return { layers, focus: [45, 40], zoom: 1.7 };
};

const scarf: Painter = (ctx, bg) => {
  const c = ctx.spec.color;
  const layers: Layer[] = [];
  floorShadow(layers, bg, 52, 92, 26, 2.5);
  const loop = intersect(subtract(ellipse(50, 22, 17, 11), ellipse(50, 22, 10.5, 6)), rect(0, 0, 100, 24));
  const band = rect(36, 20, 14, 66, 1);
  const tail = poly([50, 22, 64, 22, 70, 84, 56, 84]);
  const all = union(loop, band, tail);
  layers.push({ shape: all, color: c });
  withPattern(layers, all, ctx);
  layers.push({ shape: intersect(tail, rect(0, 22, 100, 6)), color: detail(c, 100) });
  const fringe = vStripes(1.8, 0.8, 0);
  layers.push({ shape: intersect(rect(36, 86, 14, 5), fringe), color: c });
  layers.push({ shape: intersect(poly([56, 84, 70, 84, 70.8, 90, 56.8, 90]), fringe), color: c });
  return { layers, focus: [50, 50], zoom: 1.7 };
};

const poster: Painter = (ctx, bg) => {
  const { color, accent, motif } = ctx.spec;
  const rng = ctx.rng;
  const H = ctx.h;
  const layers: Layer[] = [];
  floorShadow(layers, bg, 50, H - 9, 34, 2.5);
  const framed = motif % 3 !== 0;
  const frameCol: Rgb = motif % 3 === 1 ? [34, 32, 30] : [196, 158, 110];
  const fx = 14;
  const fy = 8;
  const fw = 72;
  const fh = H - 24;
  if (framed) layers.push({ shape: rect(fx, fy, fw, fh), color: frameCol });
  if (!ctx.front) {
    // the back: kraft backing board (framed) or the paper's reverse, a hanger and a maker's label
    layers.push({ shape: rect(fx + 3, fy + 3, fw - 6, fh - 6), color: framed ? [190, 160, 118] : [236, 233, 226] });
    if (framed) layers.push({ shape: rect(44, fy + 7, 12, 2.2, 0.6), color: [120, 120, 124] });
    layers.push({ shape: rect(fx + 10, fy + fh - 24, 26, 12, 1), color: [250, 250, 246] });
    layers.push({ shape: union(rect(fx + 13, fy + fh - 21, 18, 1.4), rect(fx + 13, fy + fh - 17, 12, 1.2)), color: shade(color, 300) });
    return { layers, focus: [50, H * 0.42], zoom: 1.7 };
  }
  layers.push({ shape: rect(fx + 3, fy + 3, fw - 6, fh - 6), color: [246, 244, 238] });
  const ax = fx + 8;
  const ay = fy + 8;
  const aw = fw - 16;
  const ah = fh - 22;
  const art = rect(ax, ay, aw, ah);
  layers.push({ shape: art, color: tint(color, 650) });
  const third = mix(color, accent, 500);
  const style = rng.int(0, 3);
  if (style === 0) {
    // retro sun over mountains
    layers.push({ shape: intersect(circle(ax + aw * 0.5, ay + ah * 0.55, aw * 0.3), art), color: accent });
    layers.push({ shape: intersect(intersect(circle(ax + aw * 0.5, ay + ah * 0.55, aw * 0.3), hStripes(4, 1.5, ay)), art), color: tint(accent, 300) });
    const peaks = [ax, ay + ah, ax + aw * 0.3, ay + ah * (0.45 + rng.float() * 0.1), ax + aw * 0.55, ay + ah * 0.75, ax + aw * 0.8, ay + ah * 0.5, ax + aw, ay + ah * 0.7, ax + aw, ay + ah];
    layers.push({ shape: intersect(poly(peaks), art), color });
  } else if (style === 1) {
    // bauhaus shapes
    for (let k = 0; k < 5; k++) {
      const col = [color, accent, third, shade(color, 300), [32, 32, 34] as Rgb][k % 5] as Rgb;
      const cx = ax + aw * (0.15 + rng.float() * 0.7);
      const cy = ay + ah * (0.15 + rng.float() * 0.7);
      const s = aw * (0.1 + rng.float() * 0.18);
      const kind = rng.int(0, 2);
      const sh = kind === 0 ? circle(cx, cy, s) : kind === 1 ? rect(cx - s, cy - s, 2 * s, 2 * s) : poly([cx, cy - s, cx + s, cy + s, cx - s, cy + s]);
      layers.push({ shape: intersect(sh, art), color: col });
    }
  } else if (style === 2) {
    // waves
    for (let k = 0; k < 6; k++) {
      const cy = ay + ah * (0.25 + k * 0.13);
      const col = k % 2 === 0 ? color : accent;
      const waves: Shape[] = [];
      for (let j = -1; j < 5; j++) waves.push(ellipse(ax + j * aw * 0.25 + (k % 2) * aw * 0.125, cy, aw * 0.14, ah * 0.06));
      layers.push({ shape: intersect(union(...waves, rect(ax, cy, aw, ah)), art), color: col });
    }
  } else {
    // botanical: stem and leaves
    const cx = ax + aw / 2;
    layers.push({ shape: intersect(rect(cx - 0.6, ay + ah * 0.2, 1.2, ah * 0.8), art), color: shade(color, 200) });
    for (let k = 0; k < 5; k++) {
      const ly = ay + ah * (0.25 + k * 0.14);
      const side = k % 2 === 0 ? 1 : -1;
      const lw = aw * (0.16 + rng.float() * 0.1);
      layers.push({ shape: intersect(ellipse(cx + side * lw, ly, lw, ah * 0.04), art), color: k % 2 === 0 ? color : third });
    }
    layers.push({ shape: intersect(circle(cx, ay + ah * 0.16, aw * 0.08), art), color: accent });
  }
  // caption lines under the art
  layers.push({ shape: rect(ax + aw * 0.3, ay + ah + 5, aw * 0.4, 1.4), color: [90, 88, 84] });
  layers.push({ shape: rect(ax + aw * 0.38, ay + ah + 8, aw * 0.24, 0.9), color: [150, 148, 144] });
  return { layers, focus: [50, H * 0.42], zoom: 1.7 };
};

const cushion: Painter = (ctx, bg) => {
  const c = ctx.spec.color;
  const layers: Layer[] = [];
  floorShadow(layers, bg, 50, 80, 34, 3);
  const body = union(rect(19, 21, 62, 57, 12), ellipse(50, 49.5, 33, 26));
  layers.push({ shape: body, color: c });
  withPattern(layers, body, ctx);
  layers.push({ shape: subtract(rect(19, 21, 62, 57, 12), rect(20.5, 22.5, 59, 54, 11)), color: detail(c, 160) });
  if (ctx.front) layers.push({ shape: circle(50, 49.5, 2), color: detail(c, 220) });
  layers.push({ shape: ellipse(38, 34, 10, 4), color: tint(c, 90) });
  return { layers, focus: [50, 50], zoom: 1.7 };
};

const blanket: Painter = (ctx, bg) => {
  const c = ctx.spec.color;
  const layers: Layer[] = [];
  floorShadow(layers, bg, 50, 82, 36, 3);
  const fringe = vStripes(1.8, 0.8, 0);
  for (const [i, y, x, w] of [
    [0, 62, 16, 68],
    [1, 46, 18, 64],
    [2, 30, 20, 60],
  ] as const) {
    const fold = rect(x, y, w, 17, 6);
    const col = i === 1 ? shade(c, 40) : c;
    layers.push({ shape: fold, color: col });
    withPattern(layers, fold, ctx);
    layers.push({ shape: rect(x + 4, y + 15.5, w - 8, 1.3, 0.6), color: detail(col, 150) });
    if (i === 0) layers.push({ shape: intersect(rect(x + w - 2, y + 4, 5, 10), fringe), color: col });
  }
  return { layers, focus: [50, 50], zoom: 1.7 };
};

const PAINTERS: Record<ImageShape, Painter> = {
  tshirt,
  hoodie,
  sweatshirt,
  jacket,
  jeans,
  sneakers,
  mug,
  candle,
  backpack,
  tote,
  cap,
  beanie,
  socks,
  scarf,
  poster,
  cushion,
  blanket,
};

/** light tint of the product colour; light products get a darker neutral so they stay visible */
export function backgroundFor(color: Rgb): Rgb {
  return luminance(color) > 200 ? mix(color, [118, 116, 110], 220) : mix(color, [250, 248, 244], 840);
}

function validate(spec: ImageSpec): void {
  if (!PAINTERS[spec.shape]) throw new RangeError(`unknown image shape ${String(spec.shape)}`);
  for (const d of [spec.width, spec.height]) {
    if (!Number.isInteger(d) || d < 16 || d > 4096) throw new RangeError(`bad image dimension ${d}`);
  }
  for (const c of [spec.color, spec.accent]) {
    if (c.length !== 3 || c.some((v) => !Number.isInteger(v) || v < 0 || v > 255)) throw new RangeError('bad colour');
  }
}

/** Raw RGB pixels (3 bytes per pixel, row-major). */
export function renderPixels(spec: ImageSpec): Buffer {
  validate(spec);
  const h = (100 * spec.height) / spec.width;
  const ctx: Ctx = { spec, rng: new Rng(spec.seed), front: spec.view !== 'back', h };
  const bg = backgroundFor(spec.color);
  const scene = PAINTERS[spec.shape](ctx, bg);
  const base = spec.width / 100;
  let view: View;
  if (spec.view === 'detail') {
    const s = base * scene.zoom;
    view = { scale: s, tx: spec.width / 2 - s * scene.focus[0], ty: spec.height / 2 - s * scene.focus[1], mirror: false };
  } else {
    view = { scale: base, tx: 0, ty: 0, mirror: spec.view === 'back' };
  }
  return rasterize(spec.width, spec.height, bg, scene.layers, view);
}

export function encodePng(rgb: Buffer, width: number, height: number): Buffer {
  const png = new PNG({ width, height, colorType: 2, inputColorType: 2, inputHasAlpha: false });
  png.data = rgb;
  // fixed filter/level/strategy: identical input always deflates to identical bytes
  return PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false, filterType: 0, deflateLevel: 3, deflateStrategy: 0 });
}

export function mediaKeyFor(sha256Hex: string): string {
  return `media/${sha256Hex}.png`;
}

export function renderProductImage(spec: ImageSpec): RenderedImage {
  const rgb = renderPixels(spec);
  const png = encodePng(rgb, spec.width, spec.height);
  const sha256 = createHash('sha256').update(png).digest('hex');
  return {
    bytes: new Uint8Array(png.buffer, png.byteOffset, png.byteLength),
    width: spec.width,
    height: spec.height,
    contentType: 'image/png',
    key: mediaKeyFor(sha256),
    sha256,
  };
}
