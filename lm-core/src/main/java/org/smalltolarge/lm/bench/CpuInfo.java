package org.smalltolarge.lm.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The CPU a benchmark ran on (Linux /proc/cpuinfo): vendor, model name, and the vector flags that choose kernels. */
public final class CpuInfo {

    private static final Set<String> FLAGS_OF_INTEREST = Set.of("avx", "avx2", "fma", "avx512f", "avx512bw",
            "avx512vl", "avx512_bf16", "avx512_vnni", "amx_tile", "amx_bf16");

    private CpuInfo() {
    }

    public static Map<String, Object> describe() {
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("logical_cpus", Runtime.getRuntime().availableProcessors());
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String key = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (key.equals("vendor_id")) {
                    cpu.putIfAbsent("vendor", value);
                } else if (key.equals("model name")) {
                    cpu.putIfAbsent("model_name", value);
                } else if (key.equals("flags") && !cpu.containsKey("flags")) {
                    List<String> flags = new ArrayList<>();
                    for (String f : value.split("\\s+")) {
                        if (FLAGS_OF_INTEREST.contains(f)) {
                            flags.add(f);
                        }
                    }
                    flags.sort(null);
                    cpu.put("flags", flags);
                }
            }
        } catch (IOException e) {
            cpu.put("error", "cannot read /proc/cpuinfo: " + e.getMessage());
        }
        return cpu;
    }

    /** "AuthenticAMD AMD EPYC ..." for a table line. */
    public static String summary() {
        Map<String, Object> cpu = describe();
        return cpu.getOrDefault("vendor", "?") + " " + cpu.getOrDefault("model_name", "?") + ", "
                + cpu.get("logical_cpus") + " logical CPUs";
    }
}
