/*
 * ConvLab's native engine, a Node-API addon (built by scripts/build-native.sh): conv2d and max
 * pooling on the caller's Float32Arrays in place (no copies), on two threads (team.c: the calling
 * thread and one helper take images or planes from a shared counter). The kernels (conv.c,
 * conv-channels.c, pool.c) are built for AVX-512 and for AVX2 + FMA; the addon picks the widest
 * this CPU runs, and reports none when it runs neither (the caller then keeps to WebAssembly).
 *
 * Every array length is checked against the geometry before a kernel runs, so a wrong call gets
 * a JavaScript error, never a write outside its arrays.
 */
#include <node_api.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kernels.h"
#include "team.h"

/* ---- the instruction set ---- */

typedef int (*conv_fn)(const conv_geometry *, const float *, const float *, const float *, const float *, float *, int,
                       int);
typedef void (*pool_fn)(const pool_geometry *, const float *, float *, int, int);

static const char *isa = "";
static int vector_floats; /* floats per vector: 16 (AVX-512) or 8 (AVX2) */
static conv_fn conv_images;
static pool_fn pool_planes;

/* The widest instruction set this CPU runs; CONVLAB_NATIVE_ISA=avx2 keeps to AVX2 (to test it anywhere). */
static void choose_isa(void) {
  __builtin_cpu_init();
  const char *asked = getenv("CONVLAB_NATIVE_ISA");
  const int avx2_only = asked != NULL && strcmp(asked, "avx2") == 0;
  if (__builtin_cpu_supports("avx512f") && !avx2_only) {
    isa = "avx512";
    vector_floats = 16;
    conv_images = conv2d_images_avx512;
    pool_planes = maxpool_planes_avx512;
  } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    isa = "avx2";
    vector_floats = 8;
    conv_images = conv2d_images_avx2;
    pool_planes = maxpool_planes_avx2;
  }
}

/* ---- the jobs ---- */

typedef struct {
  const conv_geometry *g;
  const float *x, *w, *wt, *bias;
  float *y;
  atomic_int failed; /* a thread could not allocate its padded image */
} conv_args;

static void conv_items(const void *a, int from, int to) {
  conv_args *c = (conv_args *)a;
  if (conv_images(c->g, c->x, c->w, c->wt, c->bias, c->y, from, to)) atomic_store(&c->failed, 1);
}

typedef struct {
  const pool_geometry *g;
  const float *x;
  float *y;
} pool_args;

static void pool_items(const void *a, int from, int to) {
  const pool_args *p = a;
  pool_planes(p->g, p->x, p->y, from, to);
}

/*
 * The weight laid out for the channel path: per group and block of vector_floats output channels,
 * [c][a][e][channel] (kernels.h, channels_path). NULL when out of memory.
 */
static float *channel_weights(const conv_geometry *g, const float *w) {
  const int coutg = g->cout / g->groups, cing = g->cin / g->groups, taps = cing * g->kh * g->kw, vw = vector_floats;
  float *wt = malloc((size_t)g->cout * taps * sizeof(float));
  if (!wt) return NULL;
  for (int gr = 0; gr < g->groups; gr++)
    for (int o = 0; o < coutg; o++) {
      const int channel = gr * coutg + o, block = gr * coutg + o / vw * vw;
      for (int t = 0; t < taps; t++) wt[(size_t)block * taps + t * vw + o % vw] = w[(size_t)channel * taps + t];
    }
  return wt;
}

/* ---- Node-API ---- */

#define CHECK(call)                                                   \
  do {                                                                \
    if ((call) != napi_ok) {                                          \
      napi_throw_error(env, NULL, "convlab native: " #call " failed"); \
      return NULL;                                                    \
    }                                                                 \
  } while (0)

/* The data of argument `i` as a typed array of `type` with at least `min` elements (NULL after throwing). */
static void *typed(napi_env env, napi_value v, napi_typedarray_type type, size_t min, const char *what) {
  bool is;
  napi_typedarray_type t;
  size_t length;
  void *data;
  napi_value buffer;
  size_t offset;
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is ||
      napi_get_typedarray_info(env, v, &t, &length, &data, &buffer, &offset) != napi_ok || t != type) {
    napi_throw_type_error(env, NULL, what);
    return NULL;
  }
  if (length < min) {
    napi_throw_range_error(env, NULL, what);
    return NULL;
  }
  return data;
}

static int positive(const int *v, int n) {
  for (int i = 0; i < n; i++)
    if (v[i] <= 0) return 0;
  return 1;
}

/* conv2d(geometry: Int32Array(17), x, w, bias, y: Float32Array): writes y. */
static napi_value conv2d(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  const int *geo = typed(env, argv[0], napi_int32_array, sizeof(conv_geometry) / sizeof(int), "geometry: Int32Array(17)");
  if (!geo) return NULL;
  const conv_geometry *g = (const conv_geometry *)geo;
  if (!positive(geo, 12) || g->oh <= 0 || g->ow <= 0 || g->top < 0 || g->left < 0 || g->cin % g->groups ||
      g->cout % g->groups) {
    napi_throw_range_error(env, NULL, "convlab native: bad conv geometry");
    return NULL;
  }
  const size_t n = g->n, in = (size_t)g->cin * g->h * g->w, out = (size_t)g->cout * g->oh * g->ow;
  const float *x = typed(env, argv[1], napi_float32_array, n * in, "x: Float32Array of n·cin·h·w");
  if (!x) return NULL;
  const float *w = typed(env, argv[2], napi_float32_array, (size_t)g->cout * (g->cin / g->groups) * g->kh * g->kw,
                         "w: Float32Array of cout·cin/groups·kh·kw");
  if (!w) return NULL;
  const float *bias = typed(env, argv[3], napi_float32_array, g->cout, "bias: Float32Array of cout");
  if (!bias) return NULL;
  float *y = typed(env, argv[4], napi_float32_array, n * out, "y: Float32Array of n·cout·oh·ow");
  if (!y) return NULL;
  const int channels = channels_path(g, vector_floats);
  float *wt = channels ? channel_weights(g, w) : NULL;
  conv_args args = {g, x, w, wt, bias, y, 0};
  if (!channels || wt) team_run(conv_items, &args, g->n);
  free(wt);
  if ((channels && !wt) || atomic_load(&args.failed)) {
    napi_throw_error(env, NULL, "convlab native: out of memory for a padded image or the laid-out weight");
    return NULL;
  }
  return NULL;
}

/* maxPool(geometry: Int32Array(11), x, y: Float32Array): writes y. */
static napi_value max_pool(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  const int *geo = typed(env, argv[0], napi_int32_array, sizeof(pool_geometry) / sizeof(int), "geometry: Int32Array(11)");
  if (!geo) return NULL;
  const pool_geometry *g = (const pool_geometry *)geo;
  if (!positive(geo, 11) || (g->oh - 1) * g->sh + (g->kh - 1) * g->dh >= g->h ||
      (g->ow - 1) * g->sw + (g->kw - 1) * g->dw >= g->w) {
    napi_throw_range_error(env, NULL, "convlab native: bad pooling geometry");
    return NULL;
  }
  const float *x = typed(env, argv[1], napi_float32_array, (size_t)g->planes * g->h * g->w, "x: Float32Array of planes·h·w");
  if (!x) return NULL;
  float *y = typed(env, argv[2], napi_float32_array, (size_t)g->planes * g->oh * g->ow, "y: Float32Array of planes·oh·ow");
  if (!y) return NULL;
  pool_args args = {g, x, y};
  team_run(pool_items, &args, g->planes);
  return NULL;
}

/* setThreads(n): 1 keeps to the calling thread, 2 uses the helper. */
static napi_value set_threads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  int32_t n;
  CHECK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
  CHECK(napi_get_value_int32(env, argv[0], &n));
  team_set_threads(n);
  return NULL;
}

static napi_value init(napi_env env, napi_value exports) {
  choose_isa();
  napi_value v;
  CHECK(napi_create_string_utf8(env, isa, NAPI_AUTO_LENGTH, &v));
  CHECK(napi_set_named_property(env, exports, "isa", v));
  const napi_property_descriptor fns[] = {
      {"conv2d", NULL, conv2d, NULL, NULL, NULL, napi_default, NULL},
      {"maxPool", NULL, max_pool, NULL, NULL, NULL, napi_default, NULL},
      {"setThreads", NULL, set_threads, NULL, NULL, NULL, napi_default, NULL},
  };
  CHECK(napi_define_properties(env, exports, 3, fns));
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
