/*
 * ConvLab's fast conv engine: float32 WebAssembly SIMD kernels (built by scripts/build-wasm.sh
 * with clang --target=wasm32 -msimd128; the built module is committed).
 *
 * Layout is NCHW, as in src/conv. The caller (src/conv/engine/wasm.ts) places every array in
 * this module's memory, pads the input with zeros (pad_zeros), then runs conv2d on the padded
 * planes, so the kernel itself never tests a border. Every load may read up to 7 floats past a
 * row; the caller leaves that much slack after each array.
 *
 * Same arithmetic as the reference loops, vectorised over 4 (or 8) output pixels of a row and
 * 4 output channels at a time: out = bias + Σ_c Σ_a Σ_e w[o,c,a,e] · x[c, i·sh + a·dh, j·sw + e·dw].
 */
#include <wasm_simd128.h>

typedef struct {
  int n, cin, hp, wp;       /* padded input */
  int cout, groups, kh, kw; /* weight [cout, cin/groups, kh, kw] */
  int sh, sw, dh, dw;
  int oh, ow;
} geometry;

/* Copies planes [planes, h, w] into [planes, hp, wp] with `top` rows and `left` columns of zeros before. */
void pad_zeros(const float *x, float *xp, int planes, int h, int w, int top, int left, int hp, int wp) {
  for (int p = 0; p < planes; p++) {
    float *dst = xp + (long)p * hp * wp;
    for (int i = 0; i < hp * wp; i++) dst[i] = 0.0f;
    const float *src = x + (long)p * h * w;
    for (int r = 0; r < h; r++) {
      float *row = dst + (r + top) * wp + left;
      const float *from = src + r * w;
      int c = 0;
      for (; c + 4 <= w; c += 4) wasm_v128_store(row + c, wasm_v128_load(from + c));
      for (; c < w; c++) row[c] = from[c];
    }
  }
}

/* Four input pixels x[p], x[p + s], x[p + 2s], x[p + 3s]. */
static inline v128_t load4(const float *p, int s) {
  if (s == 1) return wasm_v128_load(p);
  if (s == 2) return wasm_i32x4_shuffle(wasm_v128_load(p), wasm_v128_load(p + 4), 0, 2, 4, 6);
  return wasm_f32x4_make(p[0], p[s], p[2 * s], p[3 * s]);
}

/* Stores the first `lanes` (1–4) lanes of v (no stack: the kernels may run on several threads). */
static inline void store_lanes(float *y, v128_t v, int lanes) {
  switch (lanes) {
    case 4: wasm_v128_store(y, v); return;
    case 3: y[2] = wasm_f32x4_extract_lane(v, 2); /* fall through */
    case 2: y[1] = wasm_f32x4_extract_lane(v, 1); /* fall through */
    default: y[0] = wasm_f32x4_extract_lane(v, 0);
  }
}

#define MADD(acc, w, x) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(w, x))

/*
 * Four output channels × 8 pixels of one row, for a fixed input stride `sw` (inlined per stride so
 * the loads specialise); the 8 accumulators stay in registers.
 */
static inline __attribute__((always_inline)) void block_4x8(const geometry *g, const float *xrow,
                                                            const float *w, int wstride, const float *bias,
                                                            float *y, int ystride, int cing, int j, int sw,
                                                            int kw) {
  const int kh = g->kh, dw = g->dw, wp = g->wp, plane = g->hp * g->wp, taps = kh * kw;
  v128_t a0 = wasm_f32x4_splat(bias[0]), a1 = wasm_f32x4_splat(bias[1]);
  v128_t a2 = wasm_f32x4_splat(bias[2]), a3 = wasm_f32x4_splat(bias[3]);
  v128_t b0 = a0, b1 = a1, b2 = a2, b3 = a3;
  for (int c = 0; c < cing; c++) {
    const float *xc = xrow + c * plane + j * sw;
    const float *wc = w + c * taps;
    for (int a = 0; a < kh; a++) {
      const float *xa = xc + a * g->dh * wp;
      const float *wa = wc + a * kw;
      for (int e = 0; e < kw; e++) {
        const float *p = xa + e * dw;
        v128_t x0 = load4(p, sw), x1 = load4(p + 4 * sw, sw);
        v128_t w0 = wasm_v128_load32_splat(wa + e);
        v128_t w1 = wasm_v128_load32_splat(wa + wstride + e);
        v128_t w2 = wasm_v128_load32_splat(wa + 2 * wstride + e);
        v128_t w3 = wasm_v128_load32_splat(wa + 3 * wstride + e);
        MADD(a0, w0, x0); MADD(b0, w0, x1);
        MADD(a1, w1, x0); MADD(b1, w1, x1);
        MADD(a2, w2, x0); MADD(b2, w2, x1);
        MADD(a3, w3, x0); MADD(b3, w3, x1);
      }
    }
  }
  wasm_v128_store(y + j, a0); wasm_v128_store(y + j + 4, b0);
  wasm_v128_store(y + ystride + j, a1); wasm_v128_store(y + ystride + j + 4, b1);
  wasm_v128_store(y + 2 * ystride + j, a2); wasm_v128_store(y + 2 * ystride + j + 4, b2);
  wasm_v128_store(y + 3 * ystride + j, a3); wasm_v128_store(y + 3 * ystride + j + 4, b3);
}

/* One output channel × 4 pixels (the remainder of a row, or of the channels): `lanes` ≤ 4 are stored. */
static void block_1x4(const geometry *g, const float *xrow, const float *w, float bias, float *y, int cing,
                      int j, int lanes) {
  const int kh = g->kh, kw = g->kw, sw = g->sw, dw = g->dw, wp = g->wp, plane = g->hp * g->wp;
  v128_t acc = wasm_f32x4_splat(bias);
  for (int c = 0; c < cing; c++) {
    const float *xc = xrow + c * plane + j * sw;
    const float *wc = w + c * kh * kw;
    for (int a = 0; a < kh; a++) {
      const float *xa = xc + a * g->dh * wp;
      for (int e = 0; e < kw; e++) MADD(acc, wasm_v128_load32_splat(wc + a * kw + e), load4(xa + e * dw, sw));
    }
  }
  store_lanes(y + j, acc, lanes);
}

/* One output row of `ob` channels starting at weight `w` (channels `wstride` floats apart). */
static void conv_row(const geometry *g, const float *x, const float *w, int wstride, const float *bias,
                     float *y, int ystride, int ob, int cing, int i) {
  const float *xrow = x + i * g->sh * g->wp;
  int o = 0;
  for (; o + 4 <= ob; o += 4) {
    int j = 0;
    const float *wo = w + o * wstride;
    float *yo = y + o * ystride;
#define ROW(SW, KW) \
  for (; j + 8 <= g->ow; j += 8) block_4x8(g, xrow, wo, wstride, bias + o, yo, ystride, cing, j, SW, KW)
    /* The common strides and kernel widths get their own copy, with constant loads and taps. */
    if (g->sw == 1 && g->kw == 3) ROW(1, 3);
    else if (g->sw == 1 && g->kw == 5) ROW(1, 5);
    else if (g->sw == 2 && g->kw == 3) ROW(2, 3);
    else if (g->sw == 1) ROW(1, g->kw);
    else if (g->sw == 2) ROW(2, g->kw);
    else ROW(g->sw, g->kw);
#undef ROW
    for (int b = 0; b < 4; b++)
      for (int jj = j; jj < g->ow; jj += 4)
        block_1x4(g, xrow, wo + b * wstride, bias[o + b], yo + b * ystride, cing, jj, g->ow - jj < 4 ? g->ow - jj : 4);
  }
  for (; o < ob; o++)
    for (int j = 0; j < g->ow; j += 4)
      block_1x4(g, xrow, w + o * wstride, bias[o], y + o * ystride, cing, j, g->ow - j < 4 ? g->ow - j : 4);
}

/* conv2d over a zero-padded batch; the geometry is read from memory at `geo` (14 ints, see geometry). */
void conv2d(const int *geo, const float *x, const float *w, const float *bias, float *y) {
  const geometry *g = (const geometry *)geo;
  const int cing = g->cin / g->groups, coutg = g->cout / g->groups;
  const int taps = cing * g->kh * g->kw, out_plane = g->oh * g->ow;
  for (int n = 0; n < g->n; n++) {
    for (int gr = 0; gr < g->groups; gr++) {
      const float *xg = x + ((long)n * g->cin + gr * cing) * g->hp * g->wp;
      int o = gr * coutg;
      float *yo = y + ((long)n * g->cout + o) * out_plane;
      for (int i = 0; i < g->oh; i++)
        conv_row(g, xg, w + (long)o * taps, taps, bias + o, yo + i * g->ow, out_plane, coutg, cing, i);
    }
  }
}
