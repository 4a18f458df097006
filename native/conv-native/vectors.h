/*
 * The vector types the kernels are written in, for one build: VW floats (16: AVX-512, 8: AVX2)
 * and half that, with GCC's vector extensions, and NAME(f), the build's name for a function
 * (f_avx512 or f_avx2). Included by conv.c, conv-channels.c and pool.c, each built once per VW.
 */
#ifndef CONVLAB_VECTORS_H
#define CONVLAB_VECTORS_H

#define CAT_(a, b) a##_##b
#define CAT(a, b) CAT_(a, b)
#define NAME(f) CAT(f, SUFFIX)

/* Full-width (V) and half-width (H) vectors; loads and stores need no alignment. */
typedef float V __attribute__((vector_size(VW * 4), aligned(4)));
typedef float H __attribute__((vector_size(VW * 2), aligned(4)));
typedef int VI __attribute__((vector_size(VW * 4)));
typedef int HI __attribute__((vector_size(VW * 2)));

#if VW == 16
#define EVENS_V {0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30}
#define ODDS_V {1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31}
#define EVENS_H {0, 2, 4, 6, 8, 10, 12, 14}
#define ODDS_H {1, 3, 5, 7, 9, 11, 13, 15}
#else
#define EVENS_V {0, 2, 4, 6, 8, 10, 12, 14}
#define ODDS_V {1, 3, 5, 7, 9, 11, 13, 15}
#define EVENS_H {0, 2, 4, 6}
#define ODDS_H {1, 3, 5, 7}
#endif

#endif
