package org.smalltolarge.lm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The CPU a benchmark ran on (Linux /proc/cpuinfo): vendor, model name, and the vector flags that choose kernels. */
public final class CpuInfo {

    private static final Set<String> FLAGS_OF_INTEREST = Set.of("avx", "avx2", "fma", "avx512f", "avx512bw",
            "avx512vl", "avx512_bf16", "avx512_vnni", "amx_tile", "amx_bf16");

    private CpuInfo() {
    }

    /** For a benchmark's record: logical CPUs, vendor, model name and the vector flags that choose kernels. */
    public static Map<String, Object> describe() {
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("logical_cpus", Runtime.getRuntime().availableProcessors());
        try {
            Map<String, String> first = firstProcessor();
            if (first.containsKey("vendor_id")) {
                cpu.put("vendor", first.get("vendor_id"));
            }
            if (first.containsKey("model name")) {
                cpu.put("model_name", first.get("model name"));
            }
            if (first.containsKey("flags")) {
                cpu.put("flags", flags(first).stream().filter(FLAGS_OF_INTEREST::contains).sorted().toList());
            }
        } catch (IOException e) {
            cpu.put("error", "cannot read /proc/cpuinfo: " + e.getMessage());
        }
        return cpu;
    }

    /** The entries of the first processor in /proc/cpuinfo ("vendor_id", "model name", "flags", ...). */
    static Map<String, String> firstProcessor() throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                if (line.isBlank() && !entries.isEmpty()) {
                    break; // the first processor's block ends at the first blank line
                }
                continue;
            }
            entries.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
        return entries;
    }

    static Set<String> flags(Map<String, String> processor) {
        String flags = processor.getOrDefault("flags", "");
        return flags.isBlank() ? Set.of() : Set.copyOf(java.util.Arrays.asList(flags.split("\\s+")));
    }

    /** "AuthenticAMD AMD EPYC ..." for a table line. */
    public static String summary() {
        Map<String, Object> cpu = describe();
        return cpu.getOrDefault("vendor", "?") + " " + cpu.getOrDefault("model_name", "?") + ", "
                + cpu.get("logical_cpus") + " logical CPUs";
    }
}
