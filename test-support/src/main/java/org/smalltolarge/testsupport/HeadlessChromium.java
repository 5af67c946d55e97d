package org.smalltolarge.testsupport;

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

/**
 * Debian's Chromium, headless and offline (no background networking, a fresh profile), for tests that render the
 * services' HTML reports in a real browser. Tests skip where it is not installed ({@link #installed()}).
 */
public final class HeadlessChromium {
    public static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Pattern PLOT = Pattern.compile("<svg\\b[^>]*data-plot=\"([^\"]+)\"[^>]*>(.*?)</svg>",
            Pattern.DOTALL);

    private HeadlessChromium() {
    }

    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** Opens {@code page} with the extra flags (e.g. --dump-dom, --screenshot=...) and returns what it printed. */
    public static String run(Path page, String... extra) throws Exception {
        Path profile = Files.createTempDirectory("chromium-profile");
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox",
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
        if (p.exitValue() != 0) {
            throw new AssertionError("chromium exited with status " + p.exitValue() + ": " + cmd);
        }
        return Files.readString(stdout.toPath(), StandardCharsets.UTF_8);
    }

    /** One plot of a rendered DOM: its {@code data-plot} name and the SVG's inner markup. */
    public record Plot(String name, String body) {
        /** Drawn marks: points, bars and lines (axes and grid lines included). */
        public int marks() {
            return HtmlPages.count(body, "<circle") + HtmlPages.count(body, "<rect") + HtmlPages.count(body, "<path");
        }
    }

    /** The plots of a rendered DOM, in page order. */
    public static List<Plot> plots(String dom) {
        List<Plot> out = new ArrayList<>();
        Matcher m = PLOT.matcher(dom);
        while (m.find()) {
            out.add(new Plot(m.group(1), m.group(2)));
        }
        return out;
    }

    /** Pixels whose every channel is within {@code tolerance} of {@code rgb} (antialiasing blurs colours). */
    public static int pixelsNear(BufferedImage img, int rgb, int tolerance) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int c = img.getRGB(x, y);
                if (Math.abs(((c >> 16) & 0xff) - ((rgb >> 16) & 0xff)) < tolerance
                        && Math.abs(((c >> 8) & 0xff) - ((rgb >> 8) & 0xff)) < tolerance
                        && Math.abs((c & 0xff) - (rgb & 0xff)) < tolerance) {
                    n++;
                }
            }
        }
        return n;
    }
}
