package org.smalltolarge.lm.gradients;

import java.util.Locale;

/**
 * A model output whose gradient TRAK-style attribution follows, written as a function of the example's mean
 * token loss {@code L} (mean negative log-likelihood over its scored tokens). Because the output depends on the
 * parameters only through {@code L}, its gradient is {@code derivative(L)} times the gradient of {@code L}: one
 * backward pass of the batch's losses, each weighted by its example's derivative, gives every example's exact
 * output gradient.
 */
public interface OutputFunction {

    /**
     * The sequence margin {@code f = log(p / (1 - p))} with {@code p = exp(-L)}, the causal-LM analogue of TRAK's
     * classification margin; {@code Q = 1 - p}.
     */
    OutputFunction MARGIN = new OutputFunction() {
        @Override
        public String name() {
            return "margin";
        }

        @Override
        public double value(double meanLoss) {
            // log p - log(1 - p) with p = exp(-L); expm1 keeps 1 - p accurate when L is small
            return -meanLoss - Math.log(-Math.expm1(-meanLoss));
        }

        @Override
        public double derivative(double meanLoss) {
            return -1.0 / -Math.expm1(-meanLoss); // df/dL = -1 / (1 - p)
        }

        @Override
        public double outToLoss(double meanLoss) {
            return -Math.expm1(-meanLoss); // |dL/df| = 1 - p
        }
    };

    /** The mean log-likelihood of the scored tokens, {@code f = -L}; {@code Q = 1}. */
    OutputFunction MEAN_LOG_LIKELIHOOD = new OutputFunction() {
        @Override
        public String name() {
            return "mean-log-likelihood";
        }

        @Override
        public double value(double meanLoss) {
            return -meanLoss;
        }

        @Override
        public double derivative(double meanLoss) {
            return -1.0;
        }

        @Override
        public double outToLoss(double meanLoss) {
            return 1.0;
        }
    };

    /** Short name, as requests and reports spell it ("margin", "mean-log-likelihood"). */
    String name();

    /** The output {@code f(L)}. */
    double value(double meanLoss);

    /** {@code df/dL}, the weight of the example's loss gradient in its output gradient. */
    double derivative(double meanLoss);

    /** TRAK's out-to-loss weight {@code Q = |dL/df|} for this example. */
    double outToLoss(double meanLoss);

    /** The function named {@code name} (case-insensitive); unknown names are refused with the known ones listed. */
    static OutputFunction named(String name) {
        return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
            case "margin" -> MARGIN;
            case "mean-log-likelihood" -> MEAN_LOG_LIKELIHOOD;
            default -> throw new IllegalArgumentException(
                    "unknown output function '" + name + "'; known: margin, mean-log-likelihood");
        };
    }
}
