/*
 * The native engine's conv2d kernels: the WebAssembly kernels' arithmetic (native/conv-kernels.c)
 * on the CPU's full vector width, reading the caller's arrays and writing the caller's output in
 * place. Built twice by scripts/build-native.sh, like conv-channels.c and pool.c: VW=16 with
 * -mavx512f (names ending in _avx512) and VW=8 with -mavx2 -mfma (_avx2); conv-native.c picks one.
 *
 * out = bias + Σ_c Σ_a Σ_e w[o,c,a,e] · x[c, i·sh + a·dh − top, j·sw + e·dw − left], zero padded,
 * vectorised over VW output pixels of a row (VW/2 for narrower rows, one by one below that) and
 * 8 output channels at a time; rows narrower than a vector whose channels fill whole vectors go
 * to conv-channels.c instead. Each thread first copies an image into its zero-padded scratch, so
 * the loops never test a border.
 */
#include <stdlib.h>
#include <string.h>

#include "kernels.h"
#include "vectors.h"

/* Pixels p[0], p[s], p[2s], … of one vector: contiguous, the even lanes of two loads, or gathered. */
#define DEF_LOAD(T, TI, L, EVENS)                                     \
  static inline __attribute__((always_inline)) T load_##T(const float *p, int s) { \
    if (s == 1) return *(const T *)p;                                 \
    if (s == 2) return __builtin_shuffle(*(const T *)p, *(const T *)(p + L), (TI)EVENS); \
    T v;                                                              \
    for (int l = 0; l < L; l++) v[l] = p[l * s];                      \
    return v;                                                         \
  }
DEF_LOAD(V, VI, VW, EVENS_V)
DEF_LOAD(H, HI, VW / 2, EVENS_H)

/* The fused relu of the reference: negatives become 0; NaN and −0 stay. */
#define RELU(T, TI, v) ((T)((TI)(v) & ~(TI)((v) < 0)))

/*
 * 8 output channels × one vector of pixels (type T of L lanes) of one output row: the weights of
 * channel o sit at w + o·wstride. Inlined with constant KH, KW, SW, DH, DW for the common shapes.
 */
#define DEF_BLOCK8(T, TI)                                                                            \
  static inline __attribute__((always_inline)) void block8_##T(                                      \
      const float *xrow, int plane, int wp, const float *w, int wstride, const float *bias, float *y, \
      int ystride, int cing, int KH, int KW, int SW, int DH, int DW, int relu) {                     \
    T acc[8];                                                                                        \
    for (int o = 0; o < 8; o++) acc[o] = (T){} + bias[o];                                            \
    const int taps = KH * KW;                                                                        \
    for (int c = 0; c < cing; c++) {                                                                 \
      const float *xc = xrow + c * plane;                                                            \
      const float *wc = w + c * taps;                                                                \
      for (int a = 0; a < KH; a++) {                                                                 \
        const float *xa = xc + a * DH * wp;                                                          \
        for (int e = 0; e < KW; e++) {                                                               \
          const T xv = load_##T(xa + e * DW, SW);                                                    \
          for (int o = 0; o < 8; o++) acc[o] += xv * wc[o * wstride + a * KW + e];                   \
        }                                                                                            \
      }                                                                                              \
    }                                                                                                \
    for (int o = 0; o < 8; o++) *(T *)(y + o * ystride) = relu ? RELU(T, TI, acc[o]) : acc[o];       \
  }
DEF_BLOCK8(V, VI)
DEF_BLOCK8(H, HI)

/*
 * 8 output channels × two full vectors of pixels (at x0 and x1, stored at y0 and y1): each weight
 * broadcast feeds two multiply-adds, so a tap costs 8 broadcasts and 2 loads for 16 multiply-adds
 * instead of 9 for 8 (the loads, not the multiply-adds, bound the one-vector block). The vectors
 * may overlap (values written twice are identical).
 */
static inline __attribute__((always_inline)) void block8x2_V(const float *x0, const float *x1, int plane, int wp,
                                                             const float *w, int wstride, const float *bias,
                                                             float *y0, float *y1, int ystride, int cing, int KH,
                                                             int KW, int SW, int DH, int DW, int relu) {
  V acc[8], bcc[8];
  for (int o = 0; o < 8; o++) acc[o] = bcc[o] = (V){} + bias[o];
  const int taps = KH * KW;
  for (int c = 0; c < cing; c++) {
    const int xc = c * plane;
    const float *wc = w + c * taps;
    for (int a = 0; a < KH; a++) {
      const int xa = xc + a * DH * wp;
      for (int e = 0; e < KW; e++) {
        const V u = load_V(x0 + xa + e * DW, SW), v = load_V(x1 + xa + e * DW, SW);
        for (int o = 0; o < 8; o++) {
          const float k = wc[o * wstride + a * KW + e];
          acc[o] += u * k;
          bcc[o] += v * k;
        }
      }
    }
  }
  for (int o = 0; o < 8; o++) {
    *(V *)(y0 + o * ystride) = relu ? RELU(V, VI, acc[o]) : acc[o];
    *(V *)(y1 + o * ystride) = relu ? RELU(V, VI, bcc[o]) : bcc[o];
  }
}

/*
 * The vectors covering `n` pixels from `at` (n ≥ VW): pairs, the last vector shifted to end at n.
 * Calls PAIR(first, second) and ONE(first) with pixel offsets.
 */
#define COVER(n, PAIR, ONE)                                   \
  do {                                                        \
    int p_ = 0;                                               \
    for (; p_ + 2 * VW <= (n); p_ += 2 * VW) PAIR(p_, p_ + VW); \
    if (p_ + VW < (n)) PAIR(p_, (n) - VW);                    \
    else if (p_ < (n)) ONE((n) - VW);                         \
  } while (0)

/* One output channel, one pixel (rows narrower than half a vector, and the last channels). */
static float pixel(const float *x, int plane, int wp, const float *w, float bias, int cing, int kh, int kw, int dh,
                   int dw) {
  float acc = bias;
  for (int c = 0; c < cing; c++)
    for (int a = 0; a < kh; a++)
      for (int e = 0; e < kw; e++) acc += x[c * plane + a * dh * wp + e * dw] * w[(c * kh + a) * kw + e];
  return acc;
}

/*
 * All output rows of 8 channels: a row is covered by full vectors, then half vectors; a last
 * vector that would pass the row's end is shifted left to end there (it recomputes a few pixels
 * with the same arithmetic, so values written twice are identical). Rows narrower than half a
 * vector go pixel by pixel.
 */
static inline __attribute__((always_inline)) void rows8(const conv_geometry *g, const float *x, int hp, int wp,
                                                        const float *w, int wstride, const float *bias, float *y,
                                                        int ystride, int cing, int KH, int KW, int SW, int DH,
                                                        int DW) {
  const int plane = hp * wp, ow = g->ow, sh = g->sh, relu = g->relu;
  for (int i = 0; i < g->oh; i++) {
    const float *xrow = x + i * sh * wp;
    float *yrow = y + i * ow;
    int j = 0;
    if (ow >= VW) {
#define PAIR(a, b)                                                                                                 \
  block8x2_V(xrow + (a) * SW, xrow + (b) * SW, plane, wp, w, wstride, bias, yrow + (a), yrow + (b), ystride, cing, KH, \
             KW, SW, DH, DW, relu)
#define ONE(a) block8_V(xrow + (a) * SW, plane, wp, w, wstride, bias, yrow + (a), ystride, cing, KH, KW, SW, DH, DW, relu)
      COVER(ow, PAIR, ONE);
#undef PAIR
#undef ONE
    } else if (ow >= VW / 2) {
      for (; j + VW / 2 <= ow; j += VW / 2)
        block8_H(xrow + j * SW, plane, wp, w, wstride, bias, yrow + j, ystride, cing, KH, KW, SW, DH, DW, relu);
      if (j < ow)
        block8_H(xrow + (ow - VW / 2) * SW, plane, wp, w, wstride, bias, yrow + ow - VW / 2, ystride, cing, KH, KW,
                 SW, DH, DW, relu);
    } else {
      for (int o = 0; o < 8; o++)
        for (j = 0; j < ow; j++) {
          const float v = pixel(xrow + j * SW, plane, wp, w + o * wstride, bias[o], cing, KH, KW, DH, DW);
          yrow[o * ystride + j] = relu && v < 0 ? 0.0f : v;
        }
    }
  }
}

/* This thread's wide output rows (rows8_wide): 8 channels of one image. */
static __thread float *wide;
static __thread size_t wide_floats;

/*
 * All output rows of 8 channels at stride 1 when a row is narrower than a vector (LeNet's 10×10
 * maps): output pixel (i, j) reads the padded input from i·wp + j on, so rows laid out wp apart are
 * one contiguous run of full vectors (the wp − ow pixels between rows are computed and dropped).
 * Rows are then copied out of that layout, relu applied. Measured on bench:conv B's shape (6→16
 * 5×5 on 14×14): 1.20 → 0.87 ms against half vectors row by row. (B itself now takes the channel
 * path below; this one serves narrow rows whose channels do not fill whole vectors.)
 */
static inline __attribute__((always_inline)) int rows8_wide(const conv_geometry *g, const float *x, int hp, int wp,
                                                            const float *w, int wstride, const float *bias,
                                                            float *y, int ystride, int cing, int KH, int KW, int DH,
                                                            int DW) {
  const int plane = hp * wp, span = (g->oh - 1) * wp + g->ow, oh = g->oh, ow = g->ow;
  if ((size_t)8 * span > wide_floats) {
    free(wide);
    wide = malloc((size_t)8 * span * sizeof(float));
    wide_floats = wide ? (size_t)8 * span : 0;
    if (!wide) return -1;
  }
#define PAIR(a, b) \
  block8x2_V(x + (a), x + (b), plane, wp, w, wstride, bias, wide + (a), wide + (b), span, cing, KH, KW, 1, DH, DW, 0)
#define ONE(a) block8_V(x + (a), plane, wp, w, wstride, bias, wide + (a), span, cing, KH, KW, 1, DH, DW, 0)
  COVER(span, PAIR, ONE);
#undef PAIR
#undef ONE
  for (int o = 0; o < 8; o++)
    for (int i = 0; i < oh; i++) {
      const float *from = wide + o * span + i * wp;
      float *to = y + o * ystride + i * ow;
      if (g->relu)
        for (int j = 0; j < ow; j++) to[j] = from[j] < 0 ? 0.0f : from[j];
      else
        memcpy(to, from, ow * sizeof(float));
    }
  return 0;
}

/* The channels of one group: blocks of 8 through a copy specialised for the common shapes, the rest one by one. */
static int conv_group(const conv_geometry *g, const float *x, int hp, int wp, const float *w, const float *bias,
                      float *y, int coutg, int cing) {
  const int kh = g->kh, kw = g->kw, sw = g->sw, dh = g->dh, dw = g->dw, plane = g->oh * g->ow;
  const int wstride = cing * kh * kw, unit = dh == 1 && dw == 1;
  const int blocks = coutg & ~7;
  const int widened = g->sh == 1 && sw == 1 && g->ow < VW && (g->oh - 1) * wp + g->ow >= VW;
  for (int o = 0; o < blocks; o += 8) {
    const float *wo = w + o * wstride;
    float *yo = y + o * plane;
    if (widened) {
#define WIDE(KH, KW, DH, DW) rows8_wide(g, x, hp, wp, wo, wstride, bias + o, yo, plane, cing, KH, KW, DH, DW)
      const int failed = unit && kh == 5 && kw == 5   ? WIDE(5, 5, 1, 1)
                         : unit && kh == 3 && kw == 3 ? WIDE(3, 3, 1, 1)
                                                      : WIDE(kh, kw, dh, dw);
#undef WIDE
      if (failed) return -1;
      continue;
    }
#define RUN(KH, KW, SW) rows8(g, x, hp, wp, wo, wstride, bias + o, yo, plane, cing, KH, KW, SW, 1, 1)
    if (unit && kh == 3 && kw == 3 && sw == 1) RUN(3, 3, 1);
    else if (unit && kh == 3 && kw == 3 && sw == 2) RUN(3, 3, 2);
    else if (unit && kh == 5 && kw == 5 && sw == 1) RUN(5, 5, 1);
    else if (unit && kh == 5 && kw == 5 && sw == 2) RUN(5, 5, 2);
    else if (unit && kh == 1 && kw == 1 && sw == 1) RUN(1, 1, 1);
    else if (sw == 1) rows8(g, x, hp, wp, wo, wstride, bias + o, yo, plane, cing, kh, kw, 1, dh, dw);
    else if (sw == 2) rows8(g, x, hp, wp, wo, wstride, bias + o, yo, plane, cing, kh, kw, 2, dh, dw);
    else rows8(g, x, hp, wp, wo, wstride, bias + o, yo, plane, cing, kh, kw, sw, dh, dw);
#undef RUN
  }
  for (int o = blocks; o < coutg; o++)
    for (int i = 0; i < g->oh; i++)
      for (int j = 0; j < g->ow; j++) {
        const float v = pixel(x + i * g->sh * wp + j * sw, hp * wp, wp, w + o * wstride, bias[o], cing, kh, kw, dh, dw);
        y[o * plane + i * g->ow + j] = g->relu && v < 0 ? 0.0f : v;
      }
  return 0;
}

/* This thread's scratch: one zero-padded image and the slack its vector loads may read past it. */
static __thread float *scratch;
static __thread size_t scratch_floats;

static float *take_scratch(size_t floats) {
  if (floats > scratch_floats) {
    free(scratch);
    scratch = malloc(floats * sizeof(float));
    scratch_floats = scratch ? floats : 0;
  }
  return scratch;
}

int NAME(conv2d_images)(const conv_geometry *g, const float *x, const float *w, const float *wt, const float *bias,
                        float *y, int n0, int n1) {
  const int cing = g->cin / g->groups, coutg = g->cout / g->groups;
  /* The padded image covers every window (and at least the input), plus slack for the last loads. */
  int hp = (g->oh - 1) * g->sh + (g->kh - 1) * g->dh + 1, wp = (g->ow - 1) * g->sw + (g->kw - 1) * g->dw + 1;
  if (hp < g->top + g->h) hp = g->top + g->h;
  if (wp < g->left + g->w) wp = g->left + g->w;
  const size_t planeFloats = (size_t)hp * wp, slack = 4 * VW + (size_t)g->kw * g->dw;
  float *xp = take_scratch(g->cin * planeFloats + slack);
  if (!xp) return -1;
  memset(xp, 0, (g->cin * planeFloats + slack) * sizeof(float));
  const int rows = g->h < hp - g->top ? g->h : hp - g->top, cols = g->w < wp - g->left ? g->w : wp - g->left;
  for (int n = n0; n < n1; n++) {
    const float *xn = x + (size_t)n * g->cin * g->h * g->w;
    for (int c = 0; c < g->cin; c++)
      for (int r = 0; r < rows; r++)
        memcpy(xp + c * planeFloats + (size_t)(r + g->top) * wp + g->left, xn + ((size_t)c * g->h + r) * g->w,
               cols * sizeof(float));
    for (int gr = 0; gr < g->groups; gr++) {
      const size_t wg = (size_t)gr * coutg * cing * g->kh * g->kw;
      const float *xg = xp + gr * cing * planeFloats;
      float *yg = y + ((size_t)n * g->cout + gr * coutg) * g->oh * g->ow;
      if (wt ? NAME(conv_channels)(g, xg, hp, wp, wt + wg, bias + gr * coutg, yg, coutg, cing)
             : conv_group(g, xg, hp, wp, w + wg, bias + gr * coutg, yg, coutg, cing))
        return -1;
    }
  }
  return 0;
}
