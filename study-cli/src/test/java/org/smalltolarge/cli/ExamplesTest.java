package org.smalltolarge.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.smalltolarge.spec.Scale;
import org.smalltolarge.spec.StudyPlanner;
import org.smalltolarge.spec.StudySpec;
import org.smalltolarge.spec.Validation;

/**
 * Every study in examples/ is valid (and every attribution request, a document with an attribution_id, and
 * selection request, one with a selection_id, decodes and names demo sources), and the two documented studies have
 * the shape the README promises.
 */
@Tag("slow") // reads the built demo corpus
class ExamplesTest {
    static final Path EXAMPLES = Path.of("..", "examples");
    /** The demo corpus's domains (corpus/README.md); checked against the built manifest when there is one. */
    static final Set<String> DEMO_SOURCES = Set.of("speeches", "email", "python_docs", "code_java", "dictionary",
            "fiction", "scripture", "code_python", "man_pages", "glossary", "licenses", "brown", "factbook",
            "aphorisms");

    static StudySpec valid(Path file) throws Exception {
        Validation v = RunCommand.validate(Files.readString(file), DEMO_SOURCES);
        assertTrue(v.valid(), file + ": " + v.errors());
        return v.spec();
    }

    @Test
    void everyExampleIsValid() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(EXAMPLES)) {
            files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(files.size() >= 2, "examples found: " + files);
        for (Path file : files) {
            String text = Files.readString(file);
            if (text.contains("\nattribution_id:")) {
                validAttribution(file);
            } else if (text.contains("\nselection_id:")) {
                validSelection(file);
            } else {
                valid(file);
            }
        }
    }

    static void validAttribution(Path file) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode document = (com.fasterxml.jackson.databind.node.ObjectNode)
                org.smalltolarge.spec.StudySpecs.parse(Files.readString(file));
        document.put("requested_at", "2026-12-02T00:00:00Z");
        org.smalltolarge.contracts.events.AttributionRequested request = org.smalltolarge.contracts.EventJson.decode(
                org.smalltolarge.contracts.EventType.ATTRIBUTION_REQUESTED, document.toString());
        assertTrue(DEMO_SOURCES.containsAll(request.trainingSet().mixture().keySet()), file + ": "
                + request.trainingSet().mixture().keySet());
        assertTrue(request.scales().stream().anyMatch(sc -> sc.name().equals(request.reference())), file.toString());
    }

    /** Selection examples spell out every field (the selector's defaults are not the CLI's to apply). */
    static void validSelection(Path file) throws Exception {
        com.fasterxml.jackson.databind.node.ObjectNode document = (com.fasterxml.jackson.databind.node.ObjectNode)
                org.smalltolarge.spec.StudySpecs.parse(Files.readString(file));
        document.put("requested_at", "2026-12-02T00:00:00Z");
        org.smalltolarge.contracts.events.SelectionRequested request = org.smalltolarge.contracts.EventJson.decode(
                org.smalltolarge.contracts.EventType.SELECTION_REQUESTED, document.toString());
        assertTrue(DEMO_SOURCES.containsAll(request.pool().mixture().keySet()), file + ": "
                + request.pool().mixture().keySet());
        assertTrue(request.proxyScales().size() >= 2, file + ": DsDm needs two proxy scales");
    }

    @Test
    void theDemoSourcesAreTheBuiltCorpusDomains() {
        Set<String> built = RunCommand.knownSources(Path.of(".."));
        if (built != null) { // the corpus is built by ./study test and ./study run; a bare checkout has none
            assertEquals(new TreeSet<>(DEMO_SOURCES), built);
        }
    }

    @Test
    void quickStudyIsSmallButHasPower() throws Exception {
        StudySpec quick = valid(EXAMPLES.resolve("quick.yaml"));
        // issue 15: at least 10 distributions, a second reference seed for the noise ceiling, enough items
        assertTrue(quick.distributions().size() >= 10, "distributions: " + quick.distributions().size());
        assertTrue(quick.scales().size() - 1 >= 3, "proxy scales: " + (quick.scales().size() - 1));
        assertFalse(quick.referenceSeeds().isEmpty(), "reference seeds give the noise ceiling");
        assertTrue(quick.evaluation().maxItemsPerSuite() >= 200 && quick.evaluation().maxItemsPerSuite() <= 300,
                "items per suite: " + quick.evaluation().maxItemsPerSuite());
        // Sized for 10 minutes on 2 cores: 3.2e13 training FLOPs (100 runs) took 461 s wall on a quiet AMD EPYC
        // 2-vCPU machine (BENCHMARKS.md, "The quick study end to end"); a larger design would not fit.
        double flops = StudyPlanner.plan(quick).stream().mapToDouble(r -> r.scale().flops()).sum();
        assertTrue(flops <= 3.3e13, "total training FLOPs " + flops);
        for (Scale s : quick.scales()) {
            assertTrue(s.flops() <= quick.referenceScale().flops(), s.name() + " costs more than the reference");
        }
    }

    @Test
    void paperCpuScalesStudyMeetsTheDesign() throws Exception {
        StudySpec study = valid(EXAMPLES.resolve("paper-cpu-scales.yaml"));
        // issue 15: at least 5 scales over at least 100x compute and 10 distributions, within 90 minutes on 2 cores
        assertTrue(study.distributions().size() >= 10, "distributions: " + study.distributions().size());
        assertTrue(study.scales().size() >= 5, "scales: " + study.scales().size());
        double smallest = study.scales().stream().mapToDouble(Scale::flops).min().orElseThrow();
        assertTrue(study.referenceScale().flops() / smallest >= 100, "compute span " + study.referenceScale().flops() / smallest);
        assertFalse(study.referenceSeeds().isEmpty(), "reference seeds give the noise ceiling");
        // 1.7e14 training FLOPs (120 runs) ran in 33 minutes on a quiet 2-vCPU AMD EPYC machine (RESULTS.md)
        double flops = StudyPlanner.plan(study).stream().mapToDouble(r -> r.scale().flops()).sum();
        assertTrue(flops <= 1.8e14, "total training FLOPs " + flops);
    }

    @Test
    void paperStudySpansAtLeast300xCompute() throws Exception {
        StudySpec paper = valid(EXAMPLES.resolve("paper.yaml"));
        assertEquals(10, paper.distributions().size());
        assertTrue(paper.scales().size() >= 5);
        Scale ref = paper.referenceScale();
        assertEquals(1536, ref.model().dModel());
        assertEquals(24, ref.model().layers());
        double smallest = paper.scales().stream().mapToDouble(Scale::flops).min().orElseThrow();
        assertTrue(ref.flops() / smallest >= 300, "compute span " + ref.flops() / smallest);
        for (Scale s : paper.scales()) { // Chinchilla-style: 20 tokens per parameter
            assertEquals(20.0 * s.model().parameters(), s.tokenBudget(), 1.0, s.name());
        }
        assertFalse(paper.referenceSeeds().isEmpty(), "reference seeds give the noise ceiling");
    }
}
