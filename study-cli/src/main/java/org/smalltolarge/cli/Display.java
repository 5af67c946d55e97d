package org.smalltolarge.cli;

import java.io.PrintStream;
import java.util.List;

/**
 * Where the follower writes. On a terminal the progress block is redrawn in place (ANSI escapes) and log lines
 * scroll above it; elsewhere (CI, a pipe) log lines are printed as they come and the block at most every
 * {@code plainInterval} milliseconds, and only when it changed.
 */
public abstract class Display {
    protected final PrintStream out;

    protected Display(PrintStream out) {
        this.out = out;
    }

    public static Display forOutput(PrintStream out, boolean terminal, long plainIntervalMillis) {
        return terminal ? new Ansi(out) : new Plain(out, plainIntervalMillis);
    }

    public abstract void log(String line);

    public abstract void progress(List<String> block);

    /** Leaves the last block on screen and ends the display. */
    public abstract void close();

    static final class Ansi extends Display {
        private List<String> shown = List.of();

        Ansi(PrintStream out) {
            super(out);
        }

        @Override
        public void log(String line) {
            List<String> block = shown;
            erase();
            out.println(line);
            draw(block);
        }

        @Override
        public void progress(List<String> block) {
            if (!block.equals(shown)) {
                erase();
                draw(block);
            }
        }

        @Override
        public void close() {
            shown = List.of();
            out.flush();
        }

        private void erase() {
            for (int i = 0; i < shown.size(); i++) {
                out.print("\033[1A\033[2K"); // cursor up one line, clear it
            }
            out.print("\r");
            shown = List.of();
        }

        private void draw(List<String> block) {
            block.forEach(out::println);
            shown = List.copyOf(block);
            out.flush();
        }
    }

    static final class Plain extends Display {
        private final long intervalMillis;
        private List<String> lastPrinted = List.of();
        private long lastPrintedAt;

        Plain(PrintStream out, long intervalMillis) {
            super(out);
            this.intervalMillis = intervalMillis;
        }

        @Override
        public void log(String line) {
            out.println(line);
            out.flush();
        }

        @Override
        public void progress(List<String> block) {
            long now = System.currentTimeMillis();
            if (!block.equals(lastPrinted) && now - lastPrintedAt >= intervalMillis) {
                block.forEach(out::println);
                out.flush();
                lastPrinted = List.copyOf(block);
                lastPrintedAt = now;
            }
        }

        @Override
        public void close() {
            out.flush();
        }
    }
}
