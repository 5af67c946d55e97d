package org.smalltolarge.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/** {@code report ID}: the results table from the evaluator's report, and the HTML report saved locally. */
final class ReportCommand {
    private final Main.Settings settings;
    private final PrintStream out;
    private final PrintStream err;

    ReportCommand(Main.Settings settings, PrintStream out, PrintStream err) {
        this.settings = settings;
        this.out = out;
        this.err = err;
    }

    int run(String studyId) throws InterruptedException {
        Services services = settings.services();
        try {
            ReportTable.render(services.report(studyId)).forEach(out::println);
        } catch (IOException e) {
            err.println("error: no report for study '" + studyId + "': " + e.getMessage());
            return 1;
        }
        return saveHtml(services, studyId) ? 0 : 1;
    }

    /** Saves the HTML report and prints where; false (with the reason) when it cannot be fetched. */
    boolean saveHtml(Services services, String studyId) throws InterruptedException {
        try {
            Path saved = services.saveHtmlReport(studyId, settings.reportFile(studyId));
            out.println();
            out.println("HTML report: " + saved);
            return true;
        } catch (IOException e) {
            err.println("warning: HTML report not saved: " + e.getMessage());
            return false;
        }
    }
}
