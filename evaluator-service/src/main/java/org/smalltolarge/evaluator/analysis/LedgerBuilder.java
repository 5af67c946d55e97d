package org.smalltolarge.evaluator.analysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Builds the compute ledger from the plan; disagreements in the plan become problems, not failures. */
final class LedgerBuilder {
    private LedgerBuilder() {
    }

    static ComputeLedger build(StudyLayout layout, Set<String> runsWithPredictions, List<String> problems) {
        List<ComputeLedger.RunCompute> runs = new ArrayList<>();
        Map<String, List<PlannedRunRef>> byScale = new LinkedHashMap<>();
        double total = 0;
        for (PlannedRunRef run : layout.runs()) {
            double flops = run.computedFlops();
            if (run.flops() > 0 && Math.abs(run.flops() - flops) > 1e-9 * flops) {
                problems.add(String.format(Locale.ROOT, "planned run '%s': flops %.6g disagrees with 6 x parameters"
                        + " x tokens = %.6g; the ledger uses the latter", run.runId(), run.flops(), flops));
            }
            runs.add(new ComputeLedger.RunCompute(run.runId(), run.distribution(), run.scale(), run.seed(),
                    run.role(), run.parameters(), run.tokens(), flops, runsWithPredictions.contains(run.runId())));
            byScale.computeIfAbsent(run.scale(), k -> new ArrayList<>()).add(run);
            total += flops;
        }
        double referenceFlops = byScale.get(layout.referenceScale()).get(0).computedFlops();
        List<ComputeLedger.ScaleCompute> scales = new ArrayList<>();
        byScale.forEach((scale, members) -> {
            PlannedRunRef first = members.get(0);
            for (PlannedRunRef other : members) {
                if (other.parameters() != first.parameters() || other.tokens() != first.tokens()) {
                    problems.add("scale '" + scale + "': run '" + other.runId() + "' plans " + other.parameters()
                            + " parameters x " + other.tokens() + " tokens but run '" + first.runId() + "' plans "
                            + first.parameters() + " x " + first.tokens() + "; the ledger uses the latter");
                    break;
                }
            }
            double perRun = first.computedFlops();
            double scaleTotal = members.stream().mapToDouble(PlannedRunRef::computedFlops).sum();
            scales.add(new ComputeLedger.ScaleCompute(scale, first.role(), first.parameters(), first.tokens(),
                    perRun, members.size(), scaleTotal, referenceFlops / perRun));
        });
        scales.sort(Comparator.comparing((ComputeLedger.ScaleCompute s) -> Roles.REFERENCE.equals(s.role()))
                .thenComparingDouble(ComputeLedger.ScaleCompute::flopsPerRun)
                .thenComparing(ComputeLedger.ScaleCompute::scale));
        return new ComputeLedger(runs, scales, referenceFlops, total);
    }
}
