package org.smalltolarge.lm;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.smalltolarge.objectstore.Sha256;

/**
 * Makes libtorch's oneMKL use its fast kernels on every x86-64 CPU, not only Intel's.
 *
 * <p>oneMKL gives CPUs whose vendor is not "GenuineIntel" a generic code path: on an AMD EPYC with AVX-512 DJL's
 * fp32 matmul ran at half speed. {@code MKL_DEBUG_CPU_TYPE} no longer exists in the MKL 2024.0 inside libtorch
 * 2.7.1, {@code MKL_ENABLE_INSTRUCTIONS} can only lower the code path, and {@code MKL_CBWR=AVX512} falls back to
 * "AUTO" on such CPUs (all three checked). What works is answering MKL's vendor test ({@code mkl_serv_intel_cpu_true},
 * exported by libtorch) with "yes": MKL then picks its code path from the CPUID feature bits as it does on Intel.
 * A tiny library does that from inside the JVM (no {@code LD_PRELOAD}), so tests, services, benchmarks and container
 * images all get it from lm-core: its C source ({@code src/main/native}) travels in the jar and is compiled with gcc
 * on first use (container images compile it at image build time instead, see {@link #loadLibrary()}).
 *
 * <p>It must be in place before libtorch's first MKL call. {@link #install()} runs from a DJL engine-provider hook
 * ({@link CpuKernelsHook}), which DJL instantiates before it loads any engine, and again from {@link NativeRuntime}.
 *
 * <p>Used only on Linux x86-64, with a CPU that is not Intel's (Intel needs nothing) and has AVX2 and FMA (what
 * MKL's AVX2 and AVX-512 paths need). {@code S2L_MKL_VENDOR_SHIM=off} (or {@code -Ds2l.mklVendorShim=off}) turns it
 * off. The decision is logged once.
 */
public final class CpuKernels {

    /** Environment variable (and, as {@code s2l.mklVendorShim}, system property): {@code auto} (default) or {@code off}. */
    public static final String SETTING = "S2L_MKL_VENDOR_SHIM";

    static final String SOURCE = "/org/smalltolarge/lm/native/mkl_vendor_shim.c";
    static final String LIBRARY_FILE = "libs2l_mkl_vendor_shim.so";

    private static final System.Logger LOG = System.getLogger(CpuKernels.class.getName());

    /** What was decided at start-up: whether the shim is active and why (a sentence for logs and benchmarks). */
    public record Status(boolean shimActive, boolean libraryLoaded, String reason) {
    }

    private static Status status;

    private CpuKernels() {
    }

    /** Decides, loads and activates at most once per JVM; never throws. Returns the decision. */
    public static synchronized Status install() {
        if (status == null) {
            try {
                status = decideAndLoad();
            } catch (Throwable t) { // an engine that runs at MKL's defaults beats one that does not start
                status = new Status(false, false, "MKL vendor shim not used: " + t);
            }
            LOG.log(System.Logger.Level.INFO, status.reason());
        }
        return status;
    }

    public static synchronized Status status() {
        return install();
    }

    /**
     * How often MKL asked the shim for the CPU vendor (at least 1 once a matrix product ran with the shim active),
     * or -1 when the library is not loaded: the proof that the interposition took effect.
     */
    public static long vendorChecksAnswered() {
        return install().libraryLoaded() ? vendorChecks() : -1;
    }

    /**
     * MKL's code path for this process ({@code avx512}, {@code avx2}, {@code sse4_2}, {@code generic}) as MKL's own
     * dispatcher reports it, or {@code unknown} when the library is not loaded (not Linux x86-64) or libtorch
     * exports no dispatcher. Meaningful after the engine has run a matrix product.
     */
    public static String mklCodePath() {
        if (!install().libraryLoaded()) {
            return "unknown";
        }
        return switch (mklCodePath0()) {
            case 0, 1 -> "generic";
            case 3 -> "sse4_2";
            case 5 -> "avx2";
            case 7 -> "avx512";
            default -> "unknown";
        };
    }

    /** For benchmark records: the decision, MKL's code path and the vendor-check count. */
    public static Map<String, Object> describe() {
        Status s = install();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("mkl_vendor_shim_active", s.shimActive());
        d.put("mkl_vendor_shim_reason", s.reason());
        d.put("mkl_code_path", mklCodePath());
        d.put("mkl_vendor_checks_answered", vendorChecksAnswered());
        return d;
    }

    private static Status decideAndLoad() throws IOException, InterruptedException {
        String setting = System.getProperty("s2l.mklVendorShim", System.getenv().getOrDefault(SETTING, "auto"))
                .trim().toLowerCase(Locale.ROOT);
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        if (!os.equals("Linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return new Status(false, false, "MKL vendor shim not used: " + os + " " + arch + " is not Linux x86-64");
        }
        // Loaded even when not activated: it also reports MKL's code path, for benchmarks and the log.
        String notLoaded = loadLibrary();
        if (notLoaded != null) {
            return new Status(false, false, "MKL vendor shim not used: " + notLoaded + "; MKL runs at its defaults");
        }
        if (setting.equals("off") || setting.equals("false") || setting.equals("0")) {
            return new Status(false, true, "MKL vendor shim off (" + SETTING + "=" + setting
                    + "); MKL runs at its defaults");
        }
        if (!setting.equals("auto") && !setting.equals("on")) {
            return new Status(false, true, "MKL vendor shim not used: " + SETTING + " must be auto or off, got '"
                    + setting + "'");
        }
        Map<String, Object> cpu = cpuInfo();
        Object vendor = cpu.get("vendor");
        @SuppressWarnings("unchecked")
        Set<String> flags = (Set<String>) cpu.get("flags");
        if ("GenuineIntel".equals(vendor)) {
            return new Status(false, true, "MKL vendor shim not needed: Intel CPU, MKL picks its kernels itself");
        }
        for (String needed : List.of("avx2", "fma")) {
            if (!flags.contains(needed)) {
                return new Status(false, true, "MKL vendor shim not used: the CPU (" + vendor + ") lacks " + needed
                        + ", which MKL's fast code paths need");
            }
        }
        if (activate() != 1) {
            return new Status(false, true, "MKL vendor shim not used: the library could not be made global (dlopen)");
        }
        return new Status(true, true, "MKL vendor shim active: " + vendor + " CPU with "
                + (flags.contains("avx512f") ? "AVX-512" : "AVX2") + "; MKL chooses its kernels by CPU features as on"
                + " Intel (" + SETTING + "=off to disable)");
    }

    /**
     * Finds or builds the library and loads it; returns null when loaded, else why not. A prebuilt one in
     * {@code S2L_NATIVE_DIR} comes first (container images build it with {@code src/main/native/build.sh}, having no
     * compiler at run time); otherwise the packaged C source is compiled with gcc ({@code CC}) once per source version
     * into a per-user cache ({@code S2L_NATIVE_CACHE}, default {@code ~/.cache/s2l/native}).
     */
    private static String loadLibrary() throws IOException, InterruptedException {
        String prebuiltDir = System.getenv("S2L_NATIVE_DIR");
        if (prebuiltDir != null && !prebuiltDir.isBlank()) {
            Path prebuilt = Path.of(prebuiltDir, LIBRARY_FILE);
            if (!Files.isRegularFile(prebuilt)) {
                return "S2L_NATIVE_DIR is set but " + prebuilt + " does not exist";
            }
            System.load(prebuilt.toAbsolutePath().toString());
            return null;
        }
        byte[] source;
        try (InputStream in = CpuKernels.class.getResourceAsStream(SOURCE)) {
            if (in == null) {
                return SOURCE + " is missing from the class path";
            }
            source = in.readAllBytes();
        }
        String version = Sha256.hex(source).substring(0, 16);
        Path dir = cacheDirectory();
        Path library = dir.resolve("libs2l_mkl_vendor_shim-" + version + ".so");
        if (!Files.isRegularFile(library)) {
            String compiler = System.getenv().getOrDefault("CC", "gcc");
            Files.createDirectories(dir);
            // unique names, then an atomic rename: JVMs starting side by side may all compile
            Path src = Files.createTempFile(dir, "shim-", ".c");
            Path tmp = Files.createTempFile(dir, "shim-", ".so.tmp");
            try {
                Files.write(src, source);
                Process gcc;
                try {
                    gcc = new ProcessBuilder(compiler, "-O2", "-Wall", "-shared", "-fPIC", "-o", tmp.toString(),
                            src.toString(), "-ldl").redirectErrorStream(true).start();
                } catch (IOException noCompiler) {
                    return "no C compiler (" + compiler + ") to build it; set S2L_NATIVE_DIR to a directory with a "
                            + "prebuilt " + LIBRARY_FILE + " (src/main/native/build.sh)";
                }
                String output = new String(gcc.getInputStream().readAllBytes());
                if (!gcc.waitFor(2, TimeUnit.MINUTES) || gcc.exitValue() != 0) {
                    return compiler + " failed to build it: " + output.strip();
                }
                Files.move(tmp, library, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(src);
                Files.deleteIfExists(tmp);
            }
        }
        try {
            System.load(library.toAbsolutePath().toString());
        } catch (UnsatisfiedLinkError e) {
            if (String.valueOf(e.getMessage()).contains("another classloader")) {
                // a second class loader in one JVM (e.g. a test framework's restart): the first one's shim, if
                // active, still serves libtorch, which is loaded once per process; only this copy cannot report
                return "already loaded by another class loader of this JVM, whose decision stands (" + e.getMessage()
                        + ")";
            }
            throw e;
        }
        return null;
    }

    private static Path cacheDirectory() {
        String configured = System.getenv("S2L_NATIVE_CACHE");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path home = Path.of(System.getProperty("user.home", "/nonexistent"));
        if (Files.isWritable(home)) {
            return home.resolve(".cache/s2l/native");
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "s2l-native-" + System.getProperty("user.name", "user"));
    }

    /** vendor_id and the flags of the first processor in /proc/cpuinfo. */
    static Map<String, Object> cpuInfo() throws IOException {
        Map<String, String> first = CpuInfo.firstProcessor();
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("vendor", first.getOrDefault("vendor_id", "unknown"));
        cpu.put("flags", CpuInfo.flags(first));
        return cpu;
    }

    private static native int activate();

    private static native long vendorChecks();

    private static native int mklCodePath0();
}
