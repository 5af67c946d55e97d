package org.smalltolarge.evaluator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.smalltolarge.testsupport.HeadlessChromium;

/**
 * Renders the report in a real browser (headless Chromium, offline flags): the DOM after parsing must still
 * hold every plot with its marks, and the screenshot must show painted plots. The page and the screenshot stay
 * in target/report-sample/ for a human to look at. Skipped where Chromium is not installed.
 */
@Tag("slow") // runs Chromium
class ChromiumRenderTest {
    private static final Path OUT = Path.of("target", "report-sample");

    private static Path page;

    @BeforeAll
    static void writePage() throws Exception {
        Assumptions.assumeTrue(HeadlessChromium.installed(), "Chromium is not installed at " + HeadlessChromium.BINARY
                + "; install it with `apt-get install -y chromium` to run the browser rendering check");
        Files.createDirectories(OUT);
        page = OUT.resolve("synthetic-report.html").toAbsolutePath();
        Files.writeString(page, ReportRenderer.html(ReportSamples.complete()), StandardCharsets.UTF_8);
    }

    @Test
    void theRenderedDomHoldsEveryPlotWithItsMarks() throws Exception {
        String dom = HeadlessChromium.run(page, "--dump-dom");
        List<HeadlessChromium.Plot> plots = HeadlessChromium.plots(dom);
        for (HeadlessChromium.Plot plot : plots) {
            assertTrue(plot.body().contains("<title"), plot.name() + " lost its title");
            int marks = plot.marks();
            assertTrue(marks > 3, plot.name() + " has " + marks + " marks after rendering");
        }
        assertEquals(12, plots.size(), "plots in the rendered DOM");
        assertFalse(dom.contains("NaN"));
    }

    @Test
    void theScreenshotShowsPaintedPlots() throws Exception {
        Path shot = OUT.resolve("synthetic-report.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        HeadlessChromium.run(page, "--screenshot=" + shot, "--window-size=1400,3000");
        BufferedImage img = ImageIO.read(shot.toFile());
        assertEquals(1400, img.getWidth());
        // Pixels in the Pearson blue (#4e79a7, give or take antialiasing) exist only where plots were painted.
        int blue = HeadlessChromium.pixelsNear(img, 0x4e79a7, 12);
        assertTrue(blue > 2000, "only " + blue + " plot-coloured pixels in the screenshot");
    }
}
