package org.smalltolarge.attribution.trak;

import org.junit.jupiter.api.Test;
import org.smalltolarge.stats.Correlation;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * TRAK on a case with a known answer: ridge regression, where the exact effect of leaving one example out is
 * available in closed form. With features = the exact output gradients (the inputs) and Q = -dLoss/dOutput (minus
 * the residual), TRAK's score is exactly the leave-one-out effect of including the example times (1 - h_i), h_i
 * its leverage (TRAK takes one Newton step; leave-one-out adds the leverage correction).
 */
class TrakEstimatorTest {

    private static final int N = 40;
    private static final int D = 6;
    private static final int T = 5;
    private static final double LAMBDA = 0.5;

    @Test
    void ridgeRegressionScoresAreTheExactLeaveOneOutEffectsUpToLeverage() {
        SplittableRandom random = new SplittableRandom(3);
        double[][] x = matrix(random, N, D);
        double[][] targets = matrix(random, T, D);
        double[] y = new double[N];
        for (int i = 0; i < N; i++) {
            y[i] = 0.7 * x[i][0] - 1.3 * x[i][2] + 0.4 * random.nextGaussian();
        }
        double[] theta = ridge(x, y, -1);
        double[] q = new double[N];
        for (int i = 0; i < N; i++) {
            q[i] = -(dot(theta, x[i]) - y[i]); // -dLoss/dOutput for 0.5 (f - y)^2
        }
        double[] tau;
        try (TrakEstimator trak = new TrakEstimator(T, N, LAMBDA)) {
            trak.addModel(rows(x), q, rows(targets));
            tau = trak.scores();
        }
        double[][] hInverse = inverse(gram(x, LAMBDA));
        double[] exactFlat = new double[T * N];
        for (int i = 0; i < N; i++) {
            double[] thetaWithout = ridge(x, y, i);
            double leverage = dot(x[i], multiply(hInverse, x[i]));
            for (int j = 0; j < T; j++) {
                double includeEffect = dot(theta, targets[j]) - dot(thetaWithout, targets[j]);
                exactFlat[j * N + i] = includeEffect;
                assertEquals(includeEffect * (1 - leverage), tau[j * N + i], 1e-9,
                        "target " + j + ", example " + i);
            }
        }
        // and so the ranking of examples per target is nearly the exact leave-one-out ranking
        for (int j = 0; j < T; j++) {
            double rho = Correlation.spearman(Arrays.copyOfRange(tau, j * N, (j + 1) * N),
                    Arrays.copyOfRange(exactFlat, j * N, (j + 1) * N)).value();
            assertTrue(rho > 0.98, "target " + j + ": Spearman " + rho);
        }
    }

    @Test
    void anEnsembleAveragesKernelProductsAndMultipliesByTheAverageQ() {
        SplittableRandom random = new SplittableRandom(5);
        double[][] phi1 = matrix(random, N, D);
        double[][] phi2 = matrix(random, N, D);
        double[][] psi1 = matrix(random, T, D);
        double[][] psi2 = matrix(random, T, D);
        double[] q1 = new double[N];
        double[] q2 = new double[N];
        for (int i = 0; i < N; i++) {
            q1[i] = random.nextDouble();
            q2[i] = random.nextDouble();
        }
        double[] ones = new double[N];
        Arrays.fill(ones, 1);
        double[] tau;
        double[] k1;
        double[] k2;
        try (TrakEstimator trak = new TrakEstimator(T, N, LAMBDA)) {
            trak.addModel(rows(phi1), q1, rows(psi1));
            trak.addModel(rows(phi2), q2, rows(psi2));
            assertEquals(2, trak.models());
            tau = trak.scores();
        }
        try (TrakEstimator one = new TrakEstimator(T, N, LAMBDA); TrakEstimator two = new TrakEstimator(T, N, LAMBDA)) {
            one.addModel(rows(phi1), ones, rows(psi1));
            two.addModel(rows(phi2), ones, rows(psi2));
            k1 = one.scores();
            k2 = two.scores();
        }
        for (int j = 0; j < T; j++) {
            for (int i = 0; i < N; i++) {
                double expected = (k1[j * N + i] + k2[j * N + i]) / 2 * (q1[i] + q2[i]) / 2;
                assertEquals(expected, tau[j * N + i], 1e-6 * Math.max(1, Math.abs(expected)));
            }
        }
    }

    @Test
    void mismatchedShapesAreRefused() {
        SplittableRandom random = new SplittableRandom(1);
        try (TrakEstimator trak = new TrakEstimator(T, N, LAMBDA)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> trak.addModel(rows(matrix(random, N, D)), new double[N], rows(matrix(random, T, D + 1))));
            assertEquals("training features have dimension 6 but target features 7", e.getMessage());
            assertThrows(IllegalStateException.class, trak::scores);
        }
    }

    // ---- a small dense reference, in double, independent of the estimator

    private static double[][] matrix(SplittableRandom random, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int c = 0; c < cols; c++) {
                row[c] = (float) random.nextGaussian(); // float-representable: feature files hold float32
            }
        }
        return m;
    }

    private static TrakEstimator.FeatureRows rows(double[][] m) {
        return new TrakEstimator.FeatureRows() {
            @Override
            public int rows() {
                return m.length;
            }

            @Override
            public int dimension() {
                return m[0].length;
            }

            @Override
            public float[] read(int from, int count) {
                float[] out = new float[count * m[0].length];
                for (int r = 0; r < count; r++) {
                    for (int c = 0; c < m[0].length; c++) {
                        out[r * m[0].length + c] = (float) m[from + r][c];
                    }
                }
                return out;
            }
        };
    }

    /** Ridge solution on all examples but {@code without} (-1: all). */
    private static double[] ridge(double[][] x, double[] y, int without) {
        double[][] h = new double[D][D];
        double[] b = new double[D];
        for (int i = 0; i < x.length; i++) {
            if (i == without) {
                continue;
            }
            for (int a = 0; a < D; a++) {
                b[a] += x[i][a] * y[i];
                for (int c = 0; c < D; c++) {
                    h[a][c] += x[i][a] * x[i][c];
                }
            }
        }
        for (int a = 0; a < D; a++) {
            h[a][a] += LAMBDA;
        }
        return multiply(inverse(h), b);
    }

    private static double[][] gram(double[][] x, double lambda) {
        double[][] h = new double[D][D];
        for (double[] row : x) {
            for (int a = 0; a < D; a++) {
                for (int c = 0; c < D; c++) {
                    h[a][c] += row[a] * row[c];
                }
            }
        }
        for (int a = 0; a < D; a++) {
            h[a][a] += lambda;
        }
        return h;
    }

    /** Gauss-Jordan inverse with partial pivoting. */
    private static double[][] inverse(double[][] m) {
        int n = m.length;
        double[][] a = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], 0, a[i], 0, n);
            a[i][n + i] = 1;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] swap = a[col];
            a[col] = a[pivot];
            a[pivot] = swap;
            double p = a[col][col];
            for (int c = 0; c < 2 * n; c++) {
                a[col][c] /= p;
            }
            for (int r = 0; r < n; r++) {
                if (r != col) {
                    double f = a[r][col];
                    for (int c = 0; c < 2 * n; c++) {
                        a[r][c] -= f * a[col][c];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], n, inv[i], 0, n);
        }
        return inv;
    }

    private static double[] multiply(double[][] m, double[] v) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            out[i] = dot(m[i], v);
        }
        return out;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
