package org.smalltolarge.attribution.trak;

import org.smalltolarge.stats.Correlation;
import org.smalltolarge.stats.StatResult;

import java.util.Arrays;

/**
 * How a proxy's attribution scores agree with the reference's, per target: Spearman correlation of the two score
 * vectors over training examples, and the overlap of their top examples (the share of the reference's top
 * {@code fraction} that is also in the proxy's).
 */
public final class ScaleAgreement {

    public record Result(double[] spearman, double[] topOverlap, int topCount) {
    }

    private ScaleAgreement() {
    }

    public static Result compare(double[] proxy, double[] reference, int trainExamples, double fraction) {
        if (proxy.length != reference.length || proxy.length % trainExamples != 0) {
            throw new IllegalArgumentException("score matrices of " + proxy.length + " and " + reference.length
                    + " values do not both hold targets x " + trainExamples);
        }
        int targets = proxy.length / trainExamples;
        int top = Math.max(1, (int) Math.round(fraction * trainExamples));
        double[] rho = new double[targets];
        double[] overlap = new double[targets];
        for (int j = 0; j < targets; j++) {
            double[] p = Arrays.copyOfRange(proxy, j * trainExamples, (j + 1) * trainExamples);
            double[] r = Arrays.copyOfRange(reference, j * trainExamples, (j + 1) * trainExamples);
            StatResult s = Correlation.spearman(p, r, "proxy scores", "reference scores");
            rho[j] = s.defined() ? s.value() : Double.NaN;
            boolean[] inProxyTop = new boolean[trainExamples];
            for (int i : topIndices(p, top)) {
                inProxyTop[i] = true;
            }
            int shared = 0;
            for (int i : topIndices(r, top)) {
                shared += inProxyTop[i] ? 1 : 0;
            }
            overlap[j] = shared / (double) top;
        }
        return new Result(rho, overlap, top);
    }

    /** Indices of the {@code count} largest values (ties broken by lower index). */
    static int[] topIndices(double[] values, int count) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> values[a] != values[b] ? Double.compare(values[b], values[a]) : Integer.compare(a, b));
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = order[i];
        }
        return out;
    }
}
