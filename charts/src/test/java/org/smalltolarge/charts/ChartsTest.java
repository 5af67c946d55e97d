package org.smalltolarge.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.smalltolarge.stats.Histogram;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ChartsTest {

    private static Element parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)))
                .getDocumentElement();
    }

    @Test
    void escapingCoversElementContentAndQuotedAttributes() {
        assertEquals("a&amp;&lt;b&gt; &quot;c&quot; &#39;d&#39;", Html.esc("a&<b> \"c\" 'd'"));
        assertEquals("", Html.esc(null));
    }

    @Test
    void numbersAreLocaleFreeNeverNegativeZeroAndNeverNaN() {
        assertEquals("0.000", Html.num(-0.0001, 3));
        assertEquals("-0.125", Html.num(-0.125, 3));
        assertThrows(IllegalArgumentException.class, () -> Html.num(Double.NaN, 3));
        assertTrue(Html.value(null, "no targets", 3).contains("undefined (no targets)"));
        assertEquals("1.20&#215;10<sup>18</sup>", Html.flops(1.2e18));
        assertEquals("1.5B", Html.count(1_500_000_000L));
    }

    @Test
    void axesHaveRoundTicksAndMapTheirRangeToZeroOne() {
        Axis lin = Axis.linear(0.03, 0.87, 5);
        assertEquals(0.0, lin.min, 1e-12);
        assertEquals(1.0, lin.max, 1e-12);
        assertEquals(List.of("0.0", "0.2", "0.4", "0.6", "0.8", "1.0"), lin.ticks.stream().map(lin::label).toList());
        Axis quarters = Axis.linear(-0.1, 1.0, 5); // a step of 0.25: labels with two decimals, each exact
        assertEquals(List.of("-0.25", "0.00", "0.25", "0.50", "0.75", "1.00"),
                quarters.ticks.stream().map(quarters::label).toList());
        Axis wide = Axis.linear(0, 9, 4); // a step of 2.5
        assertEquals(List.of("0.0", "2.5", "5.0", "7.5", "10.0"), wide.ticks.stream().map(wide::label).toList());
        Axis log = Axis.log10(3e15, 4e17, Html::flopsText);
        assertEquals(1e15, log.min, 1);
        assertEquals(1e18, log.max, 1e3);
        assertEquals(0.5, log.fraction(Math.pow(10, 16.5)), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> Axis.log10(0, 10, Html::flopsText));
        Axis measured = Axis.log10(0.8, 20, List.of(1.0, 2.0, 5.0, 16.0, 50.0), v -> String.valueOf((int) v));
        assertEquals(List.of("1", "2", "5", "16"), measured.ticks.stream().map(measured::label).toList());
        assertEquals(0.0, measured.fraction(0.8), 1e-12);
        assertEquals(1.0, measured.fraction(20), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Axis.log10(5, 5, List.of(), String::valueOf));
        Axis flat = Axis.linear(0.5, 0.5, 4); // one value: widened, not a zero-width axis
        assertTrue(flat.min < 0.5 && flat.max > 0.5);
    }

    @Test
    void aSeriesDrawsBarsWhereItHasIntervalsAndJoinsItsPointsInXOrder() throws Exception {
        PlotArea area = new PlotArea(70, 40, 400, 200);
        Svg svg = new Svg(560, 300, "test", "a<b", "p0", "T & t", "D");
        Axis x = Axis.linear(0, 10, 5);
        Axis y = Axis.fixed(0, 1, 0.2, 1);
        area.drawAxes(svg, x, y, "x", "y");
        PointSeries.draw(svg, area, x, y, List.of(new PointSeries.Point(8, 0.5, 0.4, 0.6, "late"),
                new PointSeries.Point(2, 0.25, null, null, "early")), 0, "square", 4, "#123456");
        Element root = parse(svg.end());
        assertEquals("a<b", root.getAttribute("data-suite"));
        assertEquals(3, count(root, "line", "errorbar"), "one bar with two caps, for the one point with an interval");
        NodeList poly = root.getElementsByTagName("polyline");
        assertEquals(1, poly.getLength());
        // x = 2 (pixel 150) comes first whatever the input order
        assertEquals("150.0,190.0 390.0,140.0", ((Element) poly.item(0)).getAttribute("points"));
        assertEquals(2, count(root, "rect", "marker"));
    }

    @Test
    void aHistogramPanelDrawsOneBarPerNonEmptyBinAndSaysWhyWhenEmpty() throws Exception {
        PlotArea area = new PlotArea(66, 36, 280, 196);
        Axis x = Axis.fixed(0, 1, 0.25, 2);
        Svg svg = new Svg(370, 290, "hist", null, "p1", "H", "D");
        HistogramPlot.draw(svg, area, Histogram.of(new double[] {0.1, 0.15, 0.9, 1.0}, 0, 1, 10), x, "v", "n",
                Palette.PEARSON, "target(s)");
        HistogramPlot.markMedian(svg, area, x, 0.5, "none");
        String s = svg.end();
        Element root = parse(s);
        assertEquals(2, count(root, "rect", "bar"));
        assertTrue(s.contains("[0.10, 0.20): 2 target(s)"));
        assertTrue(s.contains("median 0.50"));

        Svg empty = new Svg(370, 290, "hist", null, "p2", "H", "D");
        HistogramPlot.draw(empty, area, Histogram.of(new double[0], 0, 1, 10), x, "v", "n", Palette.PEARSON, "x");
        HistogramPlot.markMedian(empty, area, x, null, "no defined value");
        String e = empty.end();
        assertFalse(e.contains("class=\"bar\""));
        assertTrue(e.contains("no defined value"));
    }

    @Test
    void aFigureWrapsItsHeadingEscaped() {
        String f = Figure.wrap("LDS <all>", "<svg/>", "caption", "<table></table>");
        assertTrue(f.startsWith("<figure class=\"plot\"><h3>LDS &lt;all&gt;</h3>"));
        assertEquals(1, Figure.rows(0));
        assertEquals(2, Figure.rows(4));
        assertEquals(3, Figure.columns(7));
    }

    private static int count(Element root, String tag, String cls) {
        NodeList nodes = root.getElementsByTagName(tag);
        int n = 0;
        for (int i = 0; i < nodes.getLength(); i++) {
            n += cls.equals(((Element) nodes.item(i)).getAttribute("class")) ? 1 : 0;
        }
        return n;
    }
}
