package org.smalltolarge.trainer.worker;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.smalltolarge.contracts.events.TrainingRequested;
import org.smalltolarge.corpus.Corpora;
import org.smalltolarge.corpus.Corpus;
import org.smalltolarge.corpus.MixtureSampler;
import org.smalltolarge.corpus.Split;
import org.smalltolarge.corpus.TokenFile;
import org.smalltolarge.lm.TrainingWindows;
import org.smalltolarge.spec.Distribution;
import org.smalltolarge.trainer.config.TrainerConfig;

/**
 * Training data from the corpus module: "demo" is the corpus built by {@code bin/data build}, anything else a
 * folder of JSONL files. Training windows come from the distribution's seeded mixture sampler (random access,
 * so resuming is exact); validation windows from the validation split of the same domains, in proportion.
 */
@ApplicationScoped
public class CorpusTrainingData implements TrainingDataSource {
    private final Corpora corpora;
    private final int validationWindows;

    public CorpusTrainingData(TrainerConfig config) {
        this.corpora = new Corpora(Path.of(config.corpusDir()));
        this.validationWindows = config.validationWindows();
    }

    /**
     * The data sources a spec may name for this corpus, when they are cheap to know: the built demo corpus's
     * domains. Null for a bring-your-own folder (opening it packs its tokens: the worker reports unknown
     * domains then) or when the demo corpus has not been built yet.
     */
    public java.util.Set<String> knownSources(String corpus) {
        if (!Corpora.DEMO.equals(corpus)) {
            return null;
        }
        try {
            if (!java.nio.file.Files.isRegularFile(corpora.demoDirFetched().resolve("manifest.json"))) {
                return null;
            }
        } catch (RuntimeException e) { // the store unreachable or its copy damaged: each run reports it
            return null;
        }
        return corpora.open(corpus).domains();
    }

    @Override
    public RunData open(TrainingRequested request) {
        Corpus corpus = corpora.open(request.corpus());
        Distribution distribution = request.distribution();
        int context = request.scale().model().context();
        long budget = request.scale().tokenBudget();
        MixtureSampler sampler = distribution.hasMixture()
                ? MixtureSampler.ofWeights(corpus, distribution.mixture(), context, budget, request.seed())
                : MixtureSampler.ofExamples(corpus, distribution.examples(), context, budget, request.seed());
        Map<String, Double> validationWeights = distribution.hasMixture() ? distribution.mixture()
                : domainsOf(corpus, distribution.examples());
        // The corpus as the request names it, not this worker's folder: the description lands in every checkpoint,
        // whose digest must be the same on any worker; the fingerprint identifies the data itself.
        return new RunData(new SamplerWindows(sampler), validation(corpus, validationWeights, context),
                Map.of("corpus", request.corpus(), "corpus_fingerprint", corpus.fingerprint(),
                        "distribution", distribution.name(), "sampler_seed", Long.toString(request.seed())));
    }

    private static Map<String, Double> domainsOf(Corpus corpus, List<String> exampleIds) {
        Map<String, Double> counts = new TreeMap<>();
        for (String id : exampleIds) {
            Corpus.DocRef ref = corpus.locate(id);
            if (ref != null) {
                counts.merge(ref.domain(), 1.0, Double::sum);
            }
        }
        return counts;
    }

    /** Evenly spaced windows of each domain's validation split, as many per domain as its weight's share. */
    private TrainingWindows validation(Corpus corpus, Map<String, Double> weights, int context) {
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        List<int[]> windows = new ArrayList<>();
        for (Map.Entry<String, Double> e : new TreeMap<>(weights).entrySet()) {
            TokenFile tokens = corpus.tokens(e.getKey(), Split.VAL);
            long available = tokens.length() / (context + 1);
            int wanted = (int) Math.min(available, Math.max(1, Math.round(validationWindows * e.getValue() / total)));
            long stride = wanted == 0 ? 0 : available / wanted * (context + 1);
            for (int i = 0; i < wanted; i++) {
                int[] w = new int[context + 1];
                tokens.read(i * stride, w, 0, context + 1);
                windows.add(w);
            }
        }
        if (windows.isEmpty()) {
            throw new IllegalStateException("no validation tokens for domains " + weights.keySet() + " in "
                    + corpus.dir());
        }
        return new ListWindows(context, windows);
    }

    private record SamplerWindows(MixtureSampler sampler) implements TrainingWindows {
        @Override
        public int context() {
            return sampler.context();
        }

        @Override
        public long count() {
            return sampler.windowCount();
        }

        @Override
        public int[] window(long index) {
            return sampler.window(index);
        }
    }

    private record ListWindows(int context, List<int[]> windows) implements TrainingWindows {
        @Override
        public long count() {
            return windows.size();
        }

        @Override
        public int[] window(long index) {
            return windows.get((int) index);
        }
    }
}
