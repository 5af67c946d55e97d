package org.smalltolarge.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CpuKernelsTest {

    /**
     * Largest difference allowed between the runs with and without the shim, in nats (losses and mean NLLs of 2-6
     * nats). Only float rounding may differ (other summation orders in other kernels), carried through 40 optimiser
     * steps: measured 1.0e-6 on an AMD EPYC (MKL's AVX-512 path against its generic one), so 1e-4 leaves room for
     * other CPUs while still catching a kernel that computes something else.
     */
    static final double TOLERANCE = 1e-4;

    @Test
    void theShimIsActiveExactlyWhereItShouldBeAndMklAnswersThroughIt() throws IOException {
        // this JVM was started by surefire without any setting: the default decision
        CpuKernels.Status status = CpuKernels.status();
        boolean x86Linux = System.getProperty("os.name").equals("Linux")
                && Set.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
        boolean optedOut = "off".equalsIgnoreCase(System.getenv(CpuKernels.SETTING));
        boolean expected = false;
        if (x86Linux && !optedOut) {
            Map<String, Object> cpu = CpuKernels.cpuInfo();
            @SuppressWarnings("unchecked")
            Set<String> flags = (Set<String>) cpu.get("flags");
            expected = !"GenuineIntel".equals(cpu.get("vendor")) && flags.contains("avx2") && flags.contains("fma");
        }
        assertEquals(expected, status.shimActive(), status.reason());

        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray a = manager.randomNormal(new Shape(256, 256));
            a.matMul(a).getFloat(0, 0);
        }
        if (expected) {
            // MKL asked the shim, so it was in place before libtorch's first MKL call, and took a vector path
            assertTrue(CpuKernels.vendorChecksAnswered() >= 1, "MKL never asked the shim");
            assertTrue(Set.of("avx2", "avx512").contains(CpuKernels.mklCodePath()), CpuKernels.mklCodePath());
        }
    }

    @Test
    @Tag("slow") // trains a model, twice, in two JVMs
    void trainingAndScoresAgreeWithAndWithoutTheShim(@TempDir Path dir) throws Exception {
        JsonNode on = probe(dir.resolve("on.json"), "auto");
        JsonNode off = probe(dir.resolve("off.json"), "off");

        assertFalse(off.get("shim_active").asBoolean(), off.get("reason").asText());
        assertTrue(off.get("vendor_checks_answered").asLong() <= 0, "the shim answered MKL while off");
        assertEquals(CpuKernels.status().shimActive(), on.get("shim_active").asBoolean(), on.get("reason").asText());

        List<Double> lossesOn = doubles(on.get("losses"));
        List<Double> lossesOff = doubles(off.get("losses"));
        assertEquals(KernelNumericsProbe.STEPS, lossesOn.size());
        assertEquals(KernelNumericsProbe.STEPS, lossesOff.size());
        // it trains: the last losses are well below the first (a byte model starts near ln 257 = 5.55)
        assertTrue(lossesOn.get(lossesOn.size() - 1) < lossesOn.get(0) - 1.0, lossesOn.toString());

        double largest = 0;
        for (String series : List.of("losses", "trained_scores", "larger_scores")) {
            List<Double> a = doubles(on.get(series));
            List<Double> b = doubles(off.get(series));
            assertEquals(a.size(), b.size(), series);
            for (int i = 0; i < a.size(); i++) {
                assertTrue(Double.isFinite(a.get(i)) && Double.isFinite(b.get(i)), series + "[" + i + "]");
                double difference = Math.abs(a.get(i) - b.get(i));
                assertTrue(difference <= TOLERANCE, series + "[" + i + "]: " + a.get(i) + " with the shim, "
                        + b.get(i) + " without");
                largest = Math.max(largest, difference);
            }
        }
        System.out.printf("CpuKernelsTest: largest difference with/without the MKL vendor shim: %.3g nats"
                + " (shim %s, code paths %s / %s)%n", largest, on.get("shim_active").asBoolean() ? "active" : "inactive",
                on.get("mkl_code_path").asText(), off.get("mkl_code_path").asText());
    }

    private static JsonNode probe(Path out, String setting) throws IOException, InterruptedException {
        Path log = out.resolveSibling(out.getFileName() + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), KernelNumericsProbe.class.getName(),
                out.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put(CpuKernels.SETTING, setting);
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("probe (" + setting + ") did not finish; log: " + Files.readString(log));
        }
        assertEquals(0, process.exitValue(), "probe (" + setting + ") failed; log: " + Files.readString(log));
        return new ObjectMapper().readTree(out.toFile());
    }

    private static List<Double> doubles(JsonNode array) {
        List<Double> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asDouble()));
        return values;
    }
}
