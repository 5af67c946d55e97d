package org.smalltolarge.selector.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.smalltolarge.corpus.DocumentPools;
import org.smalltolarge.selector.methods.Dsir;
import org.smalltolarge.selector.methods.HashedNgrams;
import org.smalltolarge.selector.methods.QualityClassifier;

/**
 * Runs the selection methods of a plan over the pool. The baselines need only text; DsDm needs the attribution
 * service's TRAK scores averaged over the targets, one selection per proxy scale. Every method is seeded by the
 * request, so recomputing a selection (after a restart) gives the same documents.
 */
public final class SelectionMethods {

    private SelectionMethods() {
    }

    /** DSIR, the classifier and the random selections the request asks for, in that order. */
    public static List<Selection> baselines(SelectionPlan plan, List<String> poolTexts) {
        var r = plan.request();
        List<Selection> out = new ArrayList<>();
        List<String> targets = plan.targetTexts();
        HashedNgrams features = new HashedNgrams(r.ngramBuckets());
        if (r.methods().contains("dsir")) {
            Dsir dsir = Dsir.fit(targets, poolTexts, features, Dsir.DEFAULT_PSEUDO_COUNT);
            out.add(new Selection("dsir", "dsir", null, ids(plan, dsir.sample(r.size(), r.seed())),
                    "DSIR: hashed unigram+bigram importance weights (" + r.ngramBuckets() + " buckets, pseudo-count "
                            + Dsir.DEFAULT_PSEUDO_COUNT + "), Gumbel top-k without replacement, seed " + r.seed()));
        }
        if (r.methods().contains("classifier")) {
            QualityClassifier classifier = QualityClassifier.fit(targets, poolTexts, features,
                    QualityClassifier.DEFAULT_L2, QualityClassifier.DEFAULT_MAX_ITERATIONS,
                    QualityClassifier.DEFAULT_TOLERANCE);
            QualityClassifier.Selection kept = classifier.select(r.size(), r.seed());
            out.add(new Selection("classifier", "classifier", null, ids(plan, kept.indices()), kept.rule()));
        }
        if (r.methods().contains("random")) {
            for (int i = 0; i < r.randomSelections(); i++) {
                out.add(random(plan, i));
            }
        }
        return out;
    }

    /** Random selection number {@code i}: uniform without replacement, its own stream of the request's seed. */
    public static Selection random(SelectionPlan plan, int i) {
        var r = plan.request();
        return new Selection("random_" + i, "random", null, ids(plan,
                DocumentPools.sampleWithoutReplacement(plan.pool().size(), r.size(), r.seed(), "random/" + i)),
                "uniform without replacement, seed " + r.seed() + " stream random/" + i);
    }

    /**
     * DsDm with one proxy scale's scores ({@code meanScores[i]}: pool document i's TRAK score averaged over the
     * targets). A higher score predicts a larger target output (margin), i.e. a lower target loss, so "dsdm" keeps
     * the highest and "dsdm_worst" the lowest. Ties go to the earlier pool position.
     */
    public static List<Selection> dsdm(SelectionPlan plan, String scale, double[] meanScores) {
        if (meanScores.length != plan.pool().size()) {
            throw new IllegalArgumentException("scores of scale " + scale + " cover " + meanScores.length
                    + " documents, the pool has " + plan.pool().size());
        }
        var r = plan.request();
        String suffix = scale.replace('-', '_'); // distribution names are [a-z0-9_]+
        Integer[] order = IntStream.range(0, meanScores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -meanScores[i]).thenComparingInt(i -> i));
        List<Selection> out = new ArrayList<>();
        if (r.methods().contains("dsdm")) {
            out.add(new Selection("dsdm_" + suffix, "dsdm", scale, ids(plan, Arrays.stream(order, 0, r.size())
                    .mapToInt(Integer::intValue).toArray()), "top " + r.size() + " by mean TRAK score over "
                    + plan.targets().size() + " targets, proxy scale " + scale));
        }
        if (r.methods().contains("dsdm_worst")) {
            out.add(new Selection("dsdm_worst_" + suffix, "dsdm_worst", scale, ids(plan, Arrays.stream(order,
                    order.length - r.size(), order.length).mapToInt(Integer::intValue).toArray()), "bottom "
                    + r.size() + " by mean TRAK score over " + plan.targets().size() + " targets, proxy scale "
                    + scale));
        }
        return out;
    }

    private static List<String> ids(SelectionPlan plan, int[] indices) {
        return Arrays.stream(indices).mapToObj(plan.pool()::get).sorted().toList();
    }
}
