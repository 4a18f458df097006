/*
 * The native engine's channel-vectorised conv2d (kernels.h: channels_path): for rows narrower
 * than a vector, the vector runs over output channels instead of pixels. Built once per VW, like
 * conv.c.
 */
#include <stdlib.h>

#include "kernels.h"
#include "vectors.h"

/*
 * VW output channels × PIXELS output pixels, the vector running over channels (rows narrower than
 * a vector: LeNet's 6→16 5×5 on 14×14 has 10-pixel rows, which pixel vectors fill to 69%). acc[p]
 * holds pixel p's VW channels; a tap costs one weight vector and a broadcast input per pixel. The
 * weights come laid out [c][a][e][VW] (conv-native.c lays them out once per call), the pixels'
 * offsets in the padded image from `at`; the block is written to `tmp` as [PIXELS][VW].
 */
static inline __attribute__((always_inline)) void block_channels(const float *x, const int *at, int plane, int wp,
                                                                 const float *wt, const float *bias, float *tmp,
                                                                 int cing, int KH, int KW, int DH, int DW) {
  V acc[PIXELS];
  const V b = *(const V *)bias;
  for (int p = 0; p < PIXELS; p++) acc[p] = b;
  for (int c = 0; c < cing; c++)
    for (int a = 0; a < KH; a++)
      for (int e = 0; e < KW; e++) {
        const V k = *(const V *)(wt + ((c * KH + a) * KW + e) * VW);
        const float *xt = x + c * plane + a * DH * wp + e * DW;
        for (int p = 0; p < PIXELS; p++) acc[p] += k * xt[at[p]];
      }
  for (int p = 0; p < PIXELS; p++) *(V *)(tmp + p * VW) = acc[p];
}

/* This thread's pixel offsets and block for conv_channels. */
static __thread int *pixel_at;
static __thread size_t pixel_ints;

/* All output channels of one group channel-vectorised (see channels_path in kernels.h). */
int NAME(conv_channels)(const conv_geometry *g, const float *x, int hp, int wp, const float *wt, const float *bias,
                         float *y, int coutg, int cing) {
  const int npix = g->oh * g->ow, padded = (npix + PIXELS - 1) / PIXELS * PIXELS, plane = hp * wp;
  if ((size_t)padded > pixel_ints) {
    free(pixel_at);
    pixel_at = malloc((size_t)padded * sizeof(int));
    pixel_ints = pixel_at ? (size_t)padded : 0;
    if (!pixel_at) return -1;
  }
  /* Pixel p = i·ow + j reads from i·sh·wp + j·sw on; the last block repeats the last pixel. */
  for (int p = 0; p < padded; p++) {
    const int q = p < npix ? p : npix - 1;
    pixel_at[p] = (q / g->ow) * g->sh * wp + (q % g->ow) * g->sw;
  }
  float tmp[PIXELS * VW];
  const int kh = g->kh, kw = g->kw, taps = cing * kh * kw, unit = g->dh == 1 && g->dw == 1;
  for (int o = 0; o < coutg; o += VW) {
    const float *wo = wt + (size_t)o * taps;
    float *yo = y + (size_t)o * npix;
    for (int p = 0; p < npix; p += PIXELS) {
#define BLOCK(KH, KW, DH, DW) \
  block_channels(x, pixel_at + p, plane, wp, wo, bias + o, tmp, cing, KH, KW, DH, DW)
      if (unit && kh == 5 && kw == 5) BLOCK(5, 5, 1, 1);
      else if (unit && kh == 3 && kw == 3) BLOCK(3, 3, 1, 1);
      else BLOCK(kh, kw, g->dh, g->dw);
#undef BLOCK
      const int n = npix - p < PIXELS ? npix - p : PIXELS;
      for (int c = 0; c < VW; c++)
        for (int q = 0; q < n; q++) {
          const float v = tmp[q * VW + c];
          yo[c * npix + p + q] = g->relu && v < 0 ? 0.0f : v;
        }
    }
  }
  return 0;
}
