package org.smalltolarge.lm.gradients;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OutputFunctionTest {

    @Test
    void marginIsTheLogOddsOfTheSequenceProbabilityAndItsDerivativeMatchesFiniteDifferences() {
        for (double loss : new double[]{1e-4, 0.05, 0.7, 2.5, 9}) {
            double p = Math.exp(-loss);
            assertEquals(Math.log(p / (1 - p)), OutputFunction.MARGIN.value(loss), 1e-9 * Math.max(1, Math.abs(Math.log(p / (1 - p)))));
            double h = 1e-6 * Math.max(loss, 1e-3);
            double numeric = (OutputFunction.MARGIN.value(loss + h) - OutputFunction.MARGIN.value(loss - h)) / (2 * h);
            assertEquals(numeric, OutputFunction.MARGIN.derivative(loss), 1e-5 * Math.abs(numeric), "L = " + loss);
            assertEquals(1 - p, OutputFunction.MARGIN.outToLoss(loss), 1e-12);
        }
    }

    @Test
    void meanLogLikelihoodIsMinusTheLoss() {
        assertEquals(-1.25, OutputFunction.MEAN_LOG_LIKELIHOOD.value(1.25));
        assertEquals(-1.0, OutputFunction.MEAN_LOG_LIKELIHOOD.derivative(1.25));
        assertEquals(1.0, OutputFunction.MEAN_LOG_LIKELIHOOD.outToLoss(1.25));
    }

    @Test
    void functionsAreFoundByNameAndUnknownNamesAreRefused() {
        assertSame(OutputFunction.MARGIN, OutputFunction.named("Margin"));
        assertSame(OutputFunction.MEAN_LOG_LIKELIHOOD, OutputFunction.named("mean-log-likelihood"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OutputFunction.named("loss"));
        assertEquals("unknown output function 'loss'; known: margin, mean-log-likelihood", e.getMessage());
    }
}
