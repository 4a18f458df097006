/*
 * The native engine's max pooling: windows inside the image (no padding, floor mode), the 2×2
 * stride-2 window vectorised over VW (or VW/2) outputs, other windows by scalar loops; both keep
 * the reference's comparisons in the reference's order (NaN wins, the first of equal values
 * stays), so the results are identical. Built once per VW, like conv.c.
 */
#include <stddef.h>

#include "kernels.h"
#include "vectors.h"

/* Whether v wins over best in the reference's sense: `v > best || isNaN(v)`. */
#define TAKE(T, TI, best, v)                                \
  do {                                                      \
    const TI m_ = (TI)((v) > (best)) | (TI)((v) != (v));    \
    best = (T)(((TI)(v) & m_) | ((TI)(best) & ~m_));        \
  } while (0)

/* L outputs of the 2×2 stride-2 window from rows r and r + w: the reference's order. */
#define DEF_POOL2(T, TI, L, EVENS, ODDS)                                                      \
  static inline void pool2_##T(const float *r, int w, float *y) {                             \
    const T t0 = *(const T *)r, t1 = *(const T *)(r + L);                                     \
    const T u0 = *(const T *)(r + w), u1 = *(const T *)(r + w + L);                           \
    T best = __builtin_shuffle(t0, t1, (TI)EVENS);                                            \
    TAKE(T, TI, best, __builtin_shuffle(t0, t1, (TI)ODDS));                                   \
    TAKE(T, TI, best, __builtin_shuffle(u0, u1, (TI)EVENS));                                  \
    TAKE(T, TI, best, __builtin_shuffle(u0, u1, (TI)ODDS));                                   \
    *(T *)y = best;                                                                           \
  }
DEF_POOL2(V, VI, VW, EVENS_V, ODDS_V)
DEF_POOL2(H, HI, VW / 2, EVENS_H, ODDS_H)

void NAME(maxpool_planes)(const pool_geometry *g, const float *x, float *y, int p0, int p1) {
  const int h = g->h, w = g->w, kh = g->kh, kw = g->kw, sh = g->sh, sw = g->sw, dh = g->dh, dw = g->dw;
  const int oh = g->oh, ow = g->ow;
  const int two = kh == 2 && kw == 2 && sh == 2 && sw == 2 && dh == 1 && dw == 1;
  for (int p = p0; p < p1; p++) {
    const float *xp = x + (size_t)p * h * w;
    float *yp = y + (size_t)p * oh * ow;
    for (int i = 0; i < oh; i++) {
      const float *r = xp + i * sh * w;
      float *yr = yp + i * ow;
      int j = 0;
      /* A vector reads 2·L inputs of rows 2i and 2i + 1, up to column 2·ow − 1 < w at most: never
       * past the plane (floor mode, no padding). */
      if (two && ow >= VW) {
        for (; j + VW <= ow; j += VW) pool2_V(r + 2 * j, w, yr + j);
        if (j < ow) pool2_V(r + 2 * (ow - VW), w, yr + ow - VW);
        j = ow;
      } else if (two && ow >= VW / 2) {
        for (; j + VW / 2 <= ow; j += VW / 2) pool2_H(r + 2 * j, w, yr + j);
        if (j < ow) pool2_H(r + 2 * (ow - VW / 2), w, yr + ow - VW / 2);
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
