package org.smalltolarge.testsupport;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;

/**
 * Reads the services' self-contained HTML reports in tests: the inline SVG plots and the figures around them,
 * each plot parsed as XML (a malformed one fails), and counts of a text.
 */
public final class HtmlPages {
    private static final Pattern SVG = Pattern.compile("<svg\\b.*?</svg>", Pattern.DOTALL);
    private static final Pattern FIGURE = Pattern.compile("<figure class=\"plot\">.*?</figure>", Pattern.DOTALL);

    private HtmlPages() {
    }

    /** Every inline SVG plot of the page, in page order. */
    public static List<String> svgs(String html) {
        return matches(SVG, html);
    }

    /** Every {@code <figure class="plot">} of the page (a plot with its caption), in page order. */
    public static List<String> figures(String html) {
        return matches(FIGURE, html);
    }

    public static List<String> matches(Pattern p, String text) {
        List<String> out = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /** Parses an SVG fragment as namespace-aware XML; no DOCTYPE is allowed. */
    public static Element parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)))
                .getDocumentElement();
    }

    /** Occurrences of {@code needle} in {@code text}, not overlapping. */
    public static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    /**
     * What keeps a report page from being a self-contained set of accessible plots: a plot that is not an
     * {@code role="img"} SVG with a title first and more than three marks, any address besides the SVG namespace, or
     * anything that loads from elsewhere (script, link, src, url(), @import). Empty when the page is fine.
     */
    public static List<String> selfContainmentProblems(String html) throws Exception {
        List<String> problems = new ArrayList<>();
        for (String fragment : svgs(html)) {
            Element svg = parse(fragment);
            String plot = svg.getAttribute("data-plot");
            if (!"img".equals(svg.getAttribute("role"))) {
                problems.add(plot + ": role is not img");
            }
            if (!"title".equals(svg.getElementsByTagName("*").item(0).getLocalName())) {
                problems.add(plot + ": the first element is no title");
            }
            int marks = svg.getElementsByTagName("circle").getLength() + svg.getElementsByTagName("rect").getLength()
                    + svg.getElementsByTagName("path").getLength();
            if (marks <= 3) {
                problems.add(plot + " has " + marks + " marks");
            }
        }
        if (count(html, "xmlns=\"http://www.w3.org/2000/svg\"") != count(html, "http")) {
            problems.add("an address besides the SVG namespace");
        }
        for (String banned : List.of("<script", "<link", "src=", "url(", "@import")) {
            if (html.contains(banned)) {
                problems.add("contains " + banned);
            }
        }
        return problems;
    }
}
