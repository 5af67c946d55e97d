package org.smalltolarge.charts;

import java.util.Locale;

/**
 * Escaping and number formatting shared by the pages and their plots. Every piece of data text goes through here:
 * ids and names come from users, so nothing from the data reaches a page unescaped. Numbers are formatted with
 * {@link Locale#ROOT} so a page does not change with the server's locale.
 */
public final class Html {
    private Html() {
    }

    /**
     * Opens a self-contained report page: doctype, a head with the title (escaped here) and the shared CSS, then body
     * and main. Every service's report starts so, and {@link #closePage} ends it.
     */
    public static void openPage(StringBuilder h, String title) {
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(title)).append("</title>")
                .append("<style>").append(Styles.CSS).append("</style></head><body><main>");
    }

    /** Ends a page {@link #openPage} began, with a footer: {@code footerHtml} (already escaped) and the promise. */
    public static void closePage(StringBuilder h, String footerHtml) {
        h.append("<footer>").append(footerHtml)
                .append(". Self-contained: no scripts, no external resources.</footer></main></body></html>");
    }

    /** Escapes text for HTML and SVG element content and double-quoted attributes. */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * A fixed number of decimals, never NaN: non-finite input is a programming error (show it with
     * {@link #value} or {@link #undefined} instead). "-0.000" is written "0.000".
     */
    public static String num(double v, int decimals) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("not a finite number: " + v);
        }
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        return s.startsWith("-") && s.matches("-0\\.?0*") ? s.substring(1) : s;
    }

    /** A statistic or "undefined (reason)" as escaped HTML. */
    public static String value(Double v, String reason, int decimals) {
        return v != null ? num(v, decimals) : undefined(reason);
    }

    /** "undefined (reason)" as escaped HTML, styled as a warning. */
    public static String undefined(String reason) {
        return "<span class=\"undef\">undefined (" + esc(reason == null ? "no reason given" : reason) + ")</span>";
    }

    /** Compute in FLOPs as 1.23×10<sup>18</sup>. */
    public static String flops(double f) {
        if (f <= 0) {
            return num(f, 0);
        }
        int exp = (int) Math.floor(Math.log10(f));
        double mantissa = f / Math.pow(10, exp);
        if (mantissa >= 9.995) {
            mantissa /= 10;
            exp++;
        }
        return num(mantissa, 2) + "&#215;10<sup>" + exp + "</sup>";
    }

    /** Compute as plain text for SVG labels: 1.2e18. */
    public static String flopsText(double f) {
        return String.format(Locale.ROOT, "%.2g", f).replace("e+", "e");
    }

    /** Counts of parameters or tokens: 37M, 1.5B. */
    public static String count(long n) {
        if (n >= 1_000_000_000L) {
            return trim(n / 1e9) + "B";
        }
        if (n >= 1_000_000L) {
            return trim(n / 1e6) + "M";
        }
        if (n >= 1_000L) {
            return trim(n / 1e3) + "k";
        }
        return Long.toString(n);
    }

    /** A compute ratio: 422× or 4.2×. */
    public static String ratio(double r) {
        return (r >= 10 ? num(r, 0) : trim(r)) + "\u00d7";
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.1f", v);
        return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
    }

    /** A slug usable in ids and data attributes (letters, digits, dashes). */
    public static String slug(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }
}
