package org.smalltolarge.attribution.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Renders the synthetic attribution report in headless Chromium (offline flags), as the evaluator's test does for
 * the study report: the DOM after parsing holds the three plots with their marks, and the screenshot shows painted
 * plots. Page and screenshot stay in target/report-sample/ to look at. Skipped where Chromium is not installed.
 */
@Tag("slow") // runs Chromium
class ChromiumRenderTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path OUT = Path.of("target", "report-sample");
    private static final Pattern SVG_OPEN = Pattern.compile("<svg\\b[^>]*data-plot=\"([^\"]+)\"[^>]*>(.*?)</svg>",
            Pattern.DOTALL);

    private static Path page;

    @BeforeAll
    static void writePage() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM
                + "; install it with `apt-get install -y chromium` to run the browser rendering check");
        Files.createDirectories(OUT);
        page = OUT.resolve("synthetic-attribution-report.html").toAbsolutePath();
        Files.writeString(page, AttributionReportRenderer.html(SyntheticReport.report("attr-quick"), "completed"),
                StandardCharsets.UTF_8);
    }

    private static String chromium(String... extra) throws Exception {
        Path profile = Files.createTempDirectory("chromium-profile");
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--hide-scrollbars", "--user-data-dir=" + profile));
        cmd.addAll(List.of(extra));
        cmd.add(page.toUri().toString());
        File stdout = Files.createTempFile("chromium", ".out").toFile();
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 90 s: " + cmd);
        }
        assertEquals(0, p.exitValue(), "chromium exit status");
        return Files.readString(stdout.toPath(), StandardCharsets.UTF_8);
    }

    @Test
    void theRenderedDomHoldsEveryPlotWithItsMarks() throws Exception {
        String dom = chromium("--dump-dom");
        Matcher m = SVG_OPEN.matcher(dom);
        int plots = 0;
        while (m.find()) {
            plots++;
            String body = m.group(2);
            assertTrue(body.contains("<title"), m.group(1) + " lost its title");
            int marks = AttributionReportRendererTest.count(body, "<circle")
                    + AttributionReportRendererTest.count(body, "<rect") + AttributionReportRendererTest.count(body,
                    "<path");
            assertTrue(marks > 3, m.group(1) + " has " + marks + " marks after rendering");
        }
        assertEquals(3, plots, "plots in the rendered DOM");
        assertFalse(dom.contains("NaN"));
    }

    @Test
    void theScreenshotShowsPaintedPlots() throws Exception {
        Path shot = OUT.resolve("synthetic-attribution-report.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        chromium("--screenshot=" + shot, "--window-size=1400,2400");
        BufferedImage img = ImageIO.read(shot.toFile());
        assertEquals(1400, img.getWidth());
        // Pixels in the first series' blue (#4e79a7, give or take antialiasing) exist only where plots were painted.
        int blue = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                if (Math.abs(((rgb >> 16) & 0xff) - 0x4e) < 12 && Math.abs(((rgb >> 8) & 0xff) - 0x79) < 12
                        && Math.abs((rgb & 0xff) - 0xa7) < 12) {
                    blue++;
                }
            }
        }
        assertTrue(blue > 500, "only " + blue + " plot-coloured pixels in the screenshot");
    }
}
