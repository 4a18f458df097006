/*
 * The native engine's kernels (conv.c, conv-channels.c, pool.c: each built once per instruction
 * set) and their geometry.
 */
#ifndef CONVLAB_KERNELS_H
#define CONVLAB_KERNELS_H

/* A conv2d's geometry, as src/conv/engine/native.ts writes it (an Int32Array, in this order). */
typedef struct {
  int n, cin, h, w;         /* input [n, cin, h, w], unpadded */
  int cout, groups, kh, kw; /* weight [cout, cin/groups, kh, kw] */
  int sh, sw, dh, dw;
  int top, left;            /* zero padding before the first row and column */
  int oh, ow;
  int relu;                 /* 1: relu on every output (negatives 0, NaN stays NaN) */
} conv_geometry;

/* A max pooling's geometry: planes of [h, w] into [oh, ow], windows inside the image. */
typedef struct {
  int planes, h, w, kh, kw, sh, sw, dh, dw, oh, ow;
} pool_geometry;

/* Output pixels per channel-vectorised block (conv-channels.c, block_channels). */
#define PIXELS 8

/*
 * Whether a conv runs channel-vectorised on vectors of `vw` floats: rows narrower than a vector,
 * whole vectors of output channels per group, and a block's worth of pixels. Its weights must then
 * come laid out per group and block of vw channels as [c][a][e][vw] (conv-native.c).
 */
static inline int channels_path(const conv_geometry *g, int vw) {
  return g->ow < vw && (g->cout / g->groups) % vw == 0 && g->oh * g->ow >= PIXELS;
}

/* conv2d of images [n0, n1); `wt` is the weight laid out for the channel path, or NULL. */
int conv2d_images_avx512(const conv_geometry *g, const float *x, const float *w, const float *wt, const float *bias,
                         float *y, int n0, int n1);
int conv2d_images_avx2(const conv_geometry *g, const float *x, const float *w, const float *wt, const float *bias,
                       float *y, int n0, int n1);
/* One group's output channels, channel-vectorised; `wt` is that group's laid-out weight. */
int conv_channels_avx512(const conv_geometry *g, const float *x, int hp, int wp, const float *wt, const float *bias,
                         float *y, int coutg, int cing);
int conv_channels_avx2(const conv_geometry *g, const float *x, int hp, int wp, const float *wt, const float *bias,
                       float *y, int coutg, int cing);
/* Max pooling of planes [p0, p1). */
void maxpool_planes_avx512(const pool_geometry *g, const float *x, float *y, int p0, int p1);
void maxpool_planes_avx2(const pool_geometry *g, const float *x, float *y, int p0, int p1);

#endif
