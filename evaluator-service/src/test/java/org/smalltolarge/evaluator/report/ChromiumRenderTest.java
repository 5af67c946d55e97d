package org.smalltolarge.evaluator.report;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;

/**
 * Renders the report in a real browser (headless Chromium, offline flags): the DOM after parsing must still
 * hold every plot with its marks, and the screenshot must show painted plots. The page and the screenshot stay
 * in target/report-sample/ for a human to look at. Skipped where Chromium is not installed.
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
        page = OUT.resolve("synthetic-report.html").toAbsolutePath();
        Files.writeString(page, ReportRenderer.html(ReportSamples.complete()), StandardCharsets.UTF_8);
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
            int marks = count(body, "<circle") + count(body, "<rect") + count(body, "<path");
            assertTrue(marks > 3, m.group(1) + " has " + marks + " marks after rendering");
        }
        assertEquals(12, plots, "plots in the rendered DOM");
        assertFalse(dom.contains("NaN"));
    }

    @Test
    void theScreenshotShowsPaintedPlots() throws Exception {
        Path shot = OUT.resolve("synthetic-report.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        chromium("--screenshot=" + shot, "--window-size=1400,3000");
        BufferedImage img = ImageIO.read(shot.toFile());
        assertEquals(1400, img.getWidth());
        // Pixels in the Pearson blue (#4e79a7, give or take antialiasing) exist only where plots were painted.
        int blue = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                if (Math.abs(r - 0x4e) < 12 && Math.abs(g - 0x79) < 12 && Math.abs(b - 0xa7) < 12) {
                    blue++;
                }
            }
        }
        assertTrue(blue > 2000, "only " + blue + " plot-coloured pixels in the screenshot");
    }

    private static int count(String text, String needle) {
        return SvgFragments.count(text, needle);
    }
}
