package org.smalltolarge.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.smalltolarge.contracts.events.TrainingProgress;

/** Renders a study's state as a few lines: one per run in training, then one line for the whole study. */
public final class ProgressView {
    private static final int BAR_WIDTH = 24;

    private ProgressView() {
    }

    public static List<String> render(StudyState state) {
        List<String> lines = new ArrayList<>();
        int labelWidth = state.runs().stream().filter(r -> r.status() == StudyState.RunStatus.TRAINING)
                .mapToInt(r -> r.label().length()).max().orElse(0);
        for (StudyState.Run run : state.runs()) {
            if (run.status() == StudyState.RunStatus.TRAINING) {
                lines.add(runLine(run, labelWidth));
            }
        }
        lines.add(studyLine(state));
        return lines;
    }

    static String runLine(StudyState.Run run, int labelWidth) {
        TrainingProgress p = run.progress();
        double percent = Math.max(0, Math.min(100, p.percent()));
        return String.format(Locale.ROOT, "  %-" + Math.max(1, labelWidth) + "s %s %5.1f%%  %s tok/s  ETA %s  loss %.3f",
                run.label(), bar(percent), percent, rate(p.tokensPerSecond()), eta(p.etaSeconds()), p.loss());
    }

    static String studyLine(StudyState state) {
        int total = state.totalRuns();
        StringBuilder line = new StringBuilder(state.studyId()).append(": ");
        if (state.plan().isEmpty()) {
            line.append("waiting for the plan");
        } else {
            line.append("runs ").append(state.count(StudyState.RunStatus.TRAINED)).append('/').append(total)
                    .append(" trained");
            long training = state.count(StudyState.RunStatus.TRAINING);
            long failed = state.count(StudyState.RunStatus.FAILED);
            if (training > 0) {
                line.append(", ").append(training).append(" training");
            }
            if (failed > 0) {
                line.append(", ").append(failed).append(" failed");
            }
            line.append(" | predictions ").append(state.predicted()).append('/').append(total);
            state.analysis().filter(a -> !a.complete())
                    .ifPresent(a -> line.append(" | partial analysis (").append(a.runsAnalyzed() != null
                            ? a.runsAnalyzed() + " of " + total + " runs" : a.missingRuns().size() + " runs missing")
                            .append(")"));
        }
        return line.toString();
    }

    static String bar(double percent) {
        int filled = (int) Math.round(percent / 100 * BAR_WIDTH);
        return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "]";
    }

    /** 9843 -> "9.8k", 950 -> "950". */
    static String rate(double tokensPerSecond) {
        if (tokensPerSecond >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", tokensPerSecond / 1e6);
        }
        if (tokensPerSecond >= 1e3) {
            return String.format(Locale.ROOT, "%.1fk", tokensPerSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", tokensPerSecond);
    }

    /** null (no rate yet) -> "?", 83 -> "1m23s", 3725 -> "1h02m". */
    static String eta(Double seconds) {
        if (seconds == null || !Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return s + "s";
    }
}
