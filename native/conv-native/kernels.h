/* The native engine's kernels (kernels.c, built once per instruction set) and their geometry. */
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

int conv2d_images_avx512(const conv_geometry *g, const float *x, const float *w, const float *bias, float *y, int n0,
                         int n1);
int conv2d_images_avx2(const conv_geometry *g, const float *x, const float *w, const float *bias, float *y, int n0,
                       int n1);
void maxpool_planes_avx512(const pool_geometry *g, const float *x, float *y, int p0, int p1);
void maxpool_planes_avx2(const pool_geometry *g, const float *x, float *y, int p0, int p1);

#endif
