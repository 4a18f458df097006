/*
 * ConvLab's fast conv engine: float32 WebAssembly SIMD kernels (built by scripts/build-wasm.sh
 * with clang --target=wasm32 -msimd128, and again with -mrelaxed-simd for fused multiply-adds;
 * both built modules are committed).
 *
 * Layout is NCHW, as in src/conv. The caller (src/conv/engine/wasm.ts) places every array in
 * this module's memory; each thread pads its images with zeros (pad_zeros) and runs the
 * convolution on the padded planes, so the kernel itself never tests a border. Every load may read up to 7 floats past a
 * row; the caller leaves that much slack after each array.
 *
 * Same arithmetic as the reference loops, vectorised over 8 (or 4) output pixels of a row and 4
 * output channels at a time: out = bias + Σ_c Σ_a Σ_e w[o,c,a,e] · x[c, i·sh + a·dh, j·sw + e·dw].
 */
#include <wasm_simd128.h>

typedef struct {
  int n, cin, hp, wp;       /* padded input */
  int cout, groups, kh, kw; /* weight [cout, cin/groups, kh, kw] */
  int sh, sw, dh, dw;
  int oh, ow;
  int h, w, top, left;      /* the input before padding, and where it lies in the padded one */
  int relu;                 /* 1: relu on every output (negatives 0, NaN stays NaN) */
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

/*
 * acc += w · x. Built with -mrelaxed-simd (the second module, conv-kernels-relaxed.wasm) it is one
 * fused multiply-add (f32x4.relaxed_madd, an FMA instruction where the CPU has one: one rounding
 * instead of two, as PyTorch's kernels do); otherwise a multiply and an add.
 */
#ifdef __wasm_relaxed_simd__
#define MADD(acc, w, x) acc = (v128_t)__builtin_wasm_relaxed_madd_f32x4((__f32x4)(w), (__f32x4)(x), (__f32x4)(acc))
#else
#define MADD(acc, w, x) acc = wasm_f32x4_add(acc, wasm_f32x4_mul(w, x))
#endif

/* The fused activation: relu when asked (f32x4.max keeps NaN, as torch.relu does). */
static inline v128_t act(v128_t v, int relu) { return relu ? wasm_f32x4_max(v, wasm_f32x4_splat(0.0f)) : v; }

/*
 * Four output channels × 4 pixels of one row: 4 accumulators, one input vector and the weights
 * broadcast from memory (the rest of a row after the 8-pixel blocks below). Inlined with constant
 * KH, KW, SW, DH, DW for the common shapes, so every tap loop unrolls to constant offsets.
 */
static inline __attribute__((always_inline)) void block_4x4(const float *xc, int plane, int wp, const float *w,
                                                            int wstride, const float *bias, float *y,
                                                            int ystride, int cing, int KH, int KW, int SW,
                                                            int DH, int DW, int relu) {
  v128_t a0 = wasm_v128_load32_splat(bias), a1 = wasm_v128_load32_splat(bias + 1);
  v128_t a2 = wasm_v128_load32_splat(bias + 2), a3 = wasm_v128_load32_splat(bias + 3);
  const int taps = KH * KW;
  for (int c = 0; c < cing; c++, xc += plane, w += taps) {
#pragma clang loop unroll(disable)
    for (int a = 0; a < KH; a++) {
      const float *xa = xc + a * DH * wp;
      const float *wa = w + a * KW;
#pragma clang loop unroll(full)
      for (int e = 0; e < KW; e++) {
        const v128_t x0 = load4(xa + e * DW, SW);
        MADD(a0, wasm_v128_load32_splat(wa + e), x0);
        MADD(a1, wasm_v128_load32_splat(wa + wstride + e), x0);
        MADD(a2, wasm_v128_load32_splat(wa + 2 * wstride + e), x0);
        MADD(a3, wasm_v128_load32_splat(wa + 3 * wstride + e), x0);
      }
    }
  }
  wasm_v128_store(y, act(a0, relu));
  wasm_v128_store(y + ystride, act(a1, relu));
  wasm_v128_store(y + 2 * ystride, act(a2, relu));
  wasm_v128_store(y + 3 * ystride, act(a3, relu));
}

/*
 * Four output channels × 8 pixels of one row (two vectors): each weight broadcast feeds two
 * multiply-adds, so a tap costs 4 weight loads and 2 input loads for 8 multiply-adds instead of 4.
 * Measured (Node 20, V8, clang 16; alternating runs, steady outputs): A1 6–8% and A3 12–17% faster
 * than 4×4 blocks alone, with and without fused multiply-adds. (Built with clang 14, this block
 * was 1.1–1.8× slower: V8 spilled its accumulators.)
 */
static inline __attribute__((always_inline)) void block_4x8(const float *xc, int plane, int wp, const float *w,
                                                            int wstride, const float *bias, float *y,
                                                            int ystride, int cing, int KH, int KW, int SW,
                                                            int DH, int DW, int relu) {
  v128_t a0 = wasm_v128_load32_splat(bias), a1 = wasm_v128_load32_splat(bias + 1);
  v128_t a2 = wasm_v128_load32_splat(bias + 2), a3 = wasm_v128_load32_splat(bias + 3);
  v128_t b0 = a0, b1 = a1, b2 = a2, b3 = a3;
  const int taps = KH * KW;
  for (int c = 0; c < cing; c++, xc += plane, w += taps) {
#pragma clang loop unroll(disable)
    for (int a = 0; a < KH; a++) {
      const float *xa = xc + a * DH * wp;
      const float *wa = w + a * KW;
#pragma clang loop unroll(full)
      for (int e = 0; e < KW; e++) {
        const v128_t x0 = load4(xa + e * DW, SW), x1 = load4(xa + e * DW + 4 * SW, SW);
        v128_t k = wasm_v128_load32_splat(wa + e);
        MADD(a0, k, x0);
        MADD(b0, k, x1);
        k = wasm_v128_load32_splat(wa + wstride + e);
        MADD(a1, k, x0);
        MADD(b1, k, x1);
        k = wasm_v128_load32_splat(wa + 2 * wstride + e);
        MADD(a2, k, x0);
        MADD(b2, k, x1);
        k = wasm_v128_load32_splat(wa + 3 * wstride + e);
        MADD(a3, k, x0);
        MADD(b3, k, x1);
      }
    }
  }
  wasm_v128_store(y, act(a0, relu));
  wasm_v128_store(y + 4, act(b0, relu));
  wasm_v128_store(y + ystride, act(a1, relu));
  wasm_v128_store(y + ystride + 4, act(b1, relu));
  wasm_v128_store(y + 2 * ystride, act(a2, relu));
  wasm_v128_store(y + 2 * ystride + 4, act(b2, relu));
  wasm_v128_store(y + 3 * ystride, act(a3, relu));
  wasm_v128_store(y + 3 * ystride + 4, act(b3, relu));
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
  store_lanes(y + j, act(acc, g->relu), lanes);
}

/*
 * All rows of `ob` output channels (a multiple of 4) starting at weight `w`. A row of ow ≥ 4 pixels
 * is covered by 4-pixel blocks; a last block that would pass the row's end is shifted left to end
 * there (it recomputes a few pixels with the same arithmetic, so the values written twice are
 * identical).
 */
static inline __attribute__((always_inline)) void conv_rows4(const geometry *g, const float *x, const float *w,
                                                             int wstride, const float *bias, float *y,
                                                             int ystride, int ob, int cing, int KH, int KW,
                                                             int SW, int DH, int DW) {
  const int wp = g->wp, plane = g->hp * g->wp, ow = g->ow, sh = g->sh;
  for (int o = 0; o < ob; o += 4) {
    const float *wo = w + o * wstride;
    for (int i = 0; i < g->oh; i++) {
      const float *xrow = x + i * sh * wp;
      float *yo = y + o * ystride + i * ow;
      int j = 0;
#define BLOCK(J) \
  block_4x4(xrow + (J) * SW, plane, wp, wo, wstride, bias + o, yo + (J), ystride, cing, KH, KW, SW, DH, DW, g->relu)
      for (; j + 8 <= ow; j += 8)
        block_4x8(xrow + j * SW, plane, wp, wo, wstride, bias + o, yo + j, ystride, cing, KH, KW, SW, DH, DW, g->relu);
      for (; j + 4 <= ow; j += 4) BLOCK(j);
      if (j < ow) BLOCK(ow - 4);
#undef BLOCK
    }
  }
}

/* All rows of `ob` channels: the 4-channel blocks through a specialised copy, the rest one by one. */
static void conv_plane(const geometry *g, const float *x, const float *w, int wstride, const float *bias,
                       float *y, int ystride, int ob, int cing) {
  const int ob4 = g->ow >= 4 ? ob & ~3 : 0;
  const int kh = g->kh, kw = g->kw, sw = g->sw, dh = g->dh, dw = g->dw;
  if (ob4 > 0) {
    const int unit = dh == 1 && dw == 1;
#define RUN(KH, KW, SW) conv_rows4(g, x, w, wstride, bias, y, ystride, ob4, cing, KH, KW, SW, 1, 1)
    if (unit && kh == 3 && kw == 3 && sw == 1) RUN(3, 3, 1);
    else if (unit && kh == 3 && kw == 3 && sw == 2) RUN(3, 3, 2);
    else if (unit && kh == 5 && kw == 5 && sw == 1) RUN(5, 5, 1);
    else if (unit && kh == 5 && kw == 5 && sw == 2) RUN(5, 5, 2);
    else if (unit && kh == 1 && kw == 1 && sw == 1) RUN(1, 1, 1);
    else if (sw == 1) conv_rows4(g, x, w, wstride, bias, y, ystride, ob4, cing, kh, kw, 1, dh, dw);
    else if (sw == 2) conv_rows4(g, x, w, wstride, bias, y, ystride, ob4, cing, kh, kw, 2, dh, dw);
    else conv_rows4(g, x, w, wstride, bias, y, ystride, ob4, cing, kh, kw, sw, dh, dw);
#undef RUN
  }
  for (int o = ob4; o < ob; o++)
    for (int i = 0; i < g->oh; i++)
      for (int j = 0; j < g->ow; j += 4)
        block_1x4(g, x + i * g->sh * g->wp, w + o * wstride, bias[o], y + o * ystride + i * g->ow, cing, j,
                  g->ow - j < 4 ? g->ow - j : 4);
}

/* conv2d of images [n0, n1) of a zero-padded batch; the geometry is read from memory (see geometry). */
static void conv2d_images(const geometry *g, const float *x, const float *w, const float *bias, float *y, int n0,
                          int n1) {
  const int cing = g->cin / g->groups, coutg = g->cout / g->groups;
  const int taps = cing * g->kh * g->kw, out_plane = g->oh * g->ow;
  for (int n = n0; n < n1; n++) {
    for (int gr = 0; gr < g->groups; gr++) {
      const float *xg = x + ((long)n * g->cin + gr * cing) * g->hp * g->wp;
      int o = gr * coutg;
      float *yo = y + ((long)n * g->cout + o) * out_plane;
      conv_plane(g, xg, w + (long)o * taps, taps, bias + o, yo, out_plane, coutg, cing);
    }
  }
}

/* conv2d over a whole zero-padded batch (one thread). */
void conv2d(const int *geo, const float *x, const float *w, const float *bias, float *y) {
  const geometry *g = (const geometry *)geo;
  conv2d_images(g, x, w, bias, y, 0, g->n);
}

/* Whether a > b in the reference's sense: `v > best || isNaN(v)` (NaN wins, the first of equals stays). */
static inline v128_t wins(v128_t v, v128_t best) {
  return wasm_v128_or(wasm_f32x4_gt(v, best), wasm_f32x4_ne(v, v));
}
#define TAKE(best, v) best = wasm_v128_bitselect(v, best, wins(v, best))

/* Four outputs of the 2×2 stride-2 window at row r (row length w): the reference's order, NaN included. */
static inline void pool2x2(const float *c, int w, float *y) {
  v128_t t0 = wasm_v128_load(c), t1 = wasm_v128_load(c + 4);
  v128_t u0 = wasm_v128_load(c + w), u1 = wasm_v128_load(c + w + 4);
  v128_t best = wasm_i32x4_shuffle(t0, t1, 0, 2, 4, 6);
  TAKE(best, wasm_i32x4_shuffle(t0, t1, 1, 3, 5, 7));
  TAKE(best, wasm_i32x4_shuffle(u0, u1, 0, 2, 4, 6));
  TAKE(best, wasm_i32x4_shuffle(u0, u1, 1, 3, 5, 7));
  wasm_v128_store(y, best);
}

/*
 * Max pooling of planes [p0, p1) of [planes, h, w] into [planes, oh, ow], windows inside the image
 * (no padding): the 2×2 stride-2 window vectorised over 4 outputs (rows of 4 outputs or more), other
 * windows by scalar loops; both with the reference's comparisons in the reference's order (so the
 * result is identical, NaN included).
 */
static void maxpool_planes(const int *pg, const float *x, float *y, int p0, int p1) {
  const int h = pg[1], w = pg[2], kh = pg[3], kw = pg[4], sh = pg[5], sw = pg[6], dh = pg[7], dw = pg[8];
  const int oh = pg[9], ow = pg[10];
  const int two = kh == 2 && kw == 2 && sh == 2 && sw == 2 && dh == 1 && dw == 1;
  for (int p = p0; p < p1; p++) {
    const float *xp = x + (long)p * h * w;
    float *yp = y + (long)p * oh * ow;
    for (int i = 0; i < oh; i++) {
      const float *r = xp + i * sh * w;
      float *yr = yp + i * ow;
      int j = 0;
      if (two && ow >= 4) {
        for (; j + 4 <= ow; j += 4) pool2x2(r + 2 * j, w, yr + j);
        /* The last pixels through one more vector ending at the row's end (it recomputes a few with
         * the same comparisons): a scalar remainder's data-dependent branches cost more than the
         * whole vector loop on fresh data. */
        if (j < ow) pool2x2(r + 2 * (ow - 4), w, yr + ow - 4);
        j = ow;
      }
      for (; j < ow; j++) {
        const float *c = r + j * sw;
        float best = c[0];
        for (int a = 0; a < kh; a++)
          for (int e = 0; e < kw; e++) {
            const float v = c[a * dh * w + e * dw];
            if (v > best || v != v) best = v;
          }
        yr[j] = best;
      }
    }
  }
}
#undef TAKE

/*
 * A job both threads work on: they take `step` items at a time from the shared counter until
 * none is left. job[0] kind (0 conv2d over images, 1 max pooling over planes), job[1] the item
 * count, job[2] step, job[3] the counter, job[4..] the arguments (addresses).
 */
void run_job(int *job) {
  const int count = job[1], step = job[2];
  for (;;) {
    const int from = __atomic_fetch_add(&job[3], step, __ATOMIC_RELAXED);
    if (from >= count) return;
    const int to = from + step < count ? from + step : count;
    if (job[0] == 0) {
      /* Each thread pads its own images first (job[9]: the unpadded input, 0 when it needs none). */
      const geometry *g = (const geometry *)job[4];
      float *xp = (float *)job[5];
      if (job[9] != 0)
        pad_zeros((const float *)job[9] + (long)from * g->cin * g->h * g->w, xp + (long)from * g->cin * g->hp * g->wp,
                  (to - from) * g->cin, g->h, g->w, g->top, g->left, g->hp, g->wp);
      conv2d_images(g, xp, (const float *)job[6], (const float *)job[7], (float *)job[8], from, to);
    }
    else
      maxpool_planes((const int *)job[4], (const float *)job[5], (float *)job[6], from, to);
  }
}
