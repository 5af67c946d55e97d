/*
 * Lets the oneMKL inside DJL's libtorch run its fast kernels on non-Intel x86-64 CPUs.
 *
 * oneMKL decides between its tuned code paths (AVX2, AVX-512) and a slow generic one by asking
 * mkl_serv_intel_cpu_true() whether the CPU vendor string is "GenuineIntel". libtorch_cpu.so exports that
 * function and calls it through its PLT, so a definition that the dynamic linker finds first replaces it.
 * Once the vendor test passes, MKL still chooses among its code paths by the CPUID feature bits, so it only runs
 * instructions the CPU has. The Java side (org.smalltolarge.lm.CpuKernels) loads this library before the
 * PyTorch engine and calls activate() only on x86-64 CPUs that are not Intel's and have AVX2 and FMA.
 *
 * Compiled by CpuKernels with gcc on first use, or by build.sh for container images (no checked-in binary). No JDK headers: the JNI functions use
 * plain C types with the same ABI (jint = int32, jlong = int64, pointers for JNIEnv and jclass).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>

static volatile int32_t active;        /* set by activate(): answer "Intel" */
static volatile int64_t vendor_checks; /* how often MKL asked while active (the Java side reports it) */

/* oneMKL's vendor test; only reached once this library has been promoted to the global scope by activate(). */
int mkl_serv_intel_cpu_true(void) {
    if (active) {
        __atomic_add_fetch(&vendor_checks, 1, __ATOMIC_RELAXED);
        return 1;
    }
    return 0; /* not reached in practice: without activate() the linker never binds MKL's call here */
}

/*
 * The JVM loads libraries with RTLD_LOCAL, where they cannot replace another library's symbols. Reopening this
 * already-loaded object with RTLD_NOLOAD | RTLD_GLOBAL moves it into the global scope, which the dynamic linker
 * searches before libtorch's own definitions when libtorch (loaded later) first calls the function.
 * Returns 1 on success, 0 if the promotion failed.
 */
int32_t Java_org_smalltolarge_lm_CpuKernels_activate(void *env, void *cls) {
    Dl_info info;
    (void) env;
    (void) cls;
    if (!dladdr((void *) &mkl_serv_intel_cpu_true, &info) || info.dli_fname == 0) {
        return 0;
    }
    active = 1;
    return dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_GLOBAL) != 0;
}

int64_t Java_org_smalltolarge_lm_CpuKernels_vendorChecks(void *env, void *cls) {
    (void) env;
    (void) cls;
    return __atomic_load_n(&vendor_checks, __ATOMIC_RELAXED);
}

/*
 * The code path MKL chose, as its dispatcher numbers them (read from the sgemm dispatcher in libtorch 2.7.1's
 * MKL 2024.0: 0 and 1 generic, 3 SSE4.2, 5 AVX2, 7 AVX-512), or -1 when libtorch is not loaded or exports no
 * mkl_serv_cpu_detect. Call it after the engine has run a matrix product: the first call fixes the choice.
 */
int32_t Java_org_smalltolarge_lm_CpuKernels_mklCodePath0(void *env, void *cls) {
    void *torch;
    int (*detect)(void);
    (void) env;
    (void) cls;
    torch = dlopen("libtorch_cpu.so", RTLD_LAZY | RTLD_NOLOAD);
    if (torch == 0) {
        return -1;
    }
    *(void **) (&detect) = dlsym(torch, "mkl_serv_cpu_detect");
    int32_t path = detect == 0 ? -1 : detect();
    dlclose(torch);
    return path;
}

/* JNI_VERSION_1_8 */
int32_t JNI_OnLoad(void *vm, void *reserved) {
    (void) vm;
    (void) reserved;
    return 0x00010008;
}
