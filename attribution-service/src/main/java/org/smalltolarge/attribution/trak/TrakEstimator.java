package org.smalltolarge.attribution.trak;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;

/**
 * TRAK's estimator (Park et al., 2023), in double precision: for one model with training features {@code Phi}
 * (n x k), out-to-loss weights {@code Q} (n) and target features {@code Psi} (t x k), the score of training example
 * i for target j is {@code [Psi (Phi^T Phi + lambda I)^-1 Phi^T]_{ji}}; over an ensemble of M models the kernel
 * products are averaged and multiplied by the averaged Q:
 * {@code tau = mean_m(Psi_m K_m^-1 Phi_m^T) diag(mean_m Q_m)}. A positive score says including the example raises
 * the target's output (for the margin: lowers its loss).
 *
 * <p>The heavy products run in libtorch (float64); the training features stream in blocks of rows, so a model's
 * features are read twice (kernel, then scores) and never held whole in double.
 */
public final class TrakEstimator implements AutoCloseable {

    /** Reads one model's features: rows of k floats. */
    public interface FeatureRows {
        int rows();

        int dimension();

        /** Rows {@code from..from+count-1}, row-major. */
        float[] read(int from, int count);
    }

    private static final int BLOCK = 1024;

    private final NDManager manager;
    private final int targets;
    private final int trainRows;
    private final double lambda;
    private double[] sumKernelScores; // (t x n), row-major
    private double[] sumQ;            // (n)
    private int models;

    public TrakEstimator(int targets, int trainRows, double lambda) {
        if (targets < 1 || trainRows < 1) {
            throw new IllegalArgumentException("need at least one target and one training example");
        }
        if (!(lambda >= 0)) {
            throw new IllegalArgumentException("lambda must be >= 0, got " + lambda);
        }
        this.manager = NDManager.newBaseManager("PyTorch");
        this.targets = targets;
        this.trainRows = trainRows;
        this.lambda = lambda;
        this.sumKernelScores = new double[Math.multiplyExact(targets, trainRows)];
        this.sumQ = new double[trainRows];
    }

    /** Adds one ensemble model: its training features and Q, and its target features. */
    public void addModel(FeatureRows train, double[] outToLoss, FeatureRows target) {
        if (train.rows() != trainRows || outToLoss.length != trainRows || target.rows() != targets) {
            throw new IllegalArgumentException("model has " + train.rows() + " training rows, " + outToLoss.length
                    + " Q values and " + target.rows() + " targets; expected " + trainRows + ", " + trainRows
                    + " and " + targets);
        }
        if (train.dimension() != target.dimension()) {
            throw new IllegalArgumentException("training features have dimension " + train.dimension()
                    + " but target features " + target.dimension());
        }
        int k = train.dimension();
        try (NDManager step = manager.newSubManager()) {
            NDArray kernel = step.zeros(new Shape(k, k), DataType.FLOAT64);
            for (int from = 0; from < trainRows; from += BLOCK) {
                int count = Math.min(BLOCK, trainRows - from);
                NDArray phi = rows(step, train.read(from, count), count, k);
                kernel.addi(phi.transpose().matMul(phi));
            }
            if (lambda > 0) {
                kernel.addi(step.eye(k).toType(DataType.FLOAT64, false).mul(lambda));
            }
            NDArray psi = rows(step, target.read(0, targets), targets, k);
            NDArray left = psi.matMul(kernel.inverse()); // (t x k)
            for (int from = 0; from < trainRows; from += BLOCK) {
                int count = Math.min(BLOCK, trainRows - from);
                NDArray phi = rows(step, train.read(from, count), count, k);
                double[] block = left.matMul(phi.transpose()).toDoubleArray(); // (t x count)
                for (int j = 0; j < targets; j++) {
                    int row = j * trainRows + from;
                    for (int i = 0; i < count; i++) {
                        sumKernelScores[row + i] += block[j * count + i];
                    }
                }
            }
        }
        for (int i = 0; i < trainRows; i++) {
            sumQ[i] += outToLoss[i];
        }
        models++;
    }

    private static NDArray rows(NDManager manager, float[] values, int count, int k) {
        return manager.create(values, new Shape(count, k)).toType(DataType.FLOAT64, false);
    }

    public int models() {
        return models;
    }

    /** The ensemble's scores, (targets x training examples) row-major, after at least one model. */
    public double[] scores() {
        if (models == 0) {
            throw new IllegalStateException("no model added");
        }
        double[] tau = Arrays.copyOf(sumKernelScores, sumKernelScores.length);
        double scale = 1.0 / ((double) models * models); // mean of the kernel products times mean of Q
        for (int j = 0; j < targets; j++) {
            for (int i = 0; i < trainRows; i++) {
                tau[j * trainRows + i] *= sumQ[i] * scale;
            }
        }
        return tau;
    }

    @Override
    public void close() {
        manager.close();
        sumKernelScores = null;
        sumQ = null;
    }
}
