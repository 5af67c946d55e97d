package org.smalltolarge.charts;

/**
 * The pages' only stylesheet, inline; system fonts only, so a page needs nothing from the network. One sheet for
 * every report so that the services' pages look alike; the SVG class names used by {@link Svg}, {@link PlotArea}
 * and the figures are defined here.
 */
public final class Styles {
    private Styles() {
    }

    /** The stylesheet, to be put inside {@code <style>} in the page head. */
    public static final String CSS = """
            :root { --ink: #1f2933; --muted: #5f6c7b; --line: #d9dee4; --accent: #2c5d8f; --warn: #b03a2e; }
            * { box-sizing: border-box; }
            body { margin: 0; background: #f4f6f8; color: var(--ink);
              font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
            main { max-width: 1280px; margin: 0 auto; padding: 24px 28px 48px; }
            header.page { border-bottom: 3px solid var(--accent); margin-bottom: 18px; padding-bottom: 10px; }
            h1 { font-size: 24px; margin: 0 0 4px; }
            h2 { font-size: 19px; margin: 30px 0 8px; padding-top: 8px; border-top: 1px solid var(--line); }
            h3 { font-size: 15px; margin: 0 0 8px; color: var(--accent); }
            .sub { color: var(--muted); margin: 0; }
            .badge { display: inline-block; padding: 1px 9px; border-radius: 10px; font-size: 12px; font-weight: 600;
              vertical-align: middle; margin-left: 6px; }
            .badge.ok { background: #dff3e4; color: #1e6b34; }
            .badge.partial { background: #fbe7c6; color: #8a5300; }
            .kind { background: #e6edf5; color: var(--accent); }
            .cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 10px;
              margin: 12px 0 8px; }
            .card { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
            .card .label { color: var(--muted); font-size: 12px; }
            .card .big { font-size: 18px; font-weight: 600; }
            .figures { display: grid; grid-template-columns: 1fr; gap: 16px; }
            figure.plot { margin: 0; background: #fff; border: 1px solid var(--line); border-radius: 6px;
              padding: 14px 16px; overflow-x: auto; }
            .svgbox svg { max-width: 100%; height: auto; display: block; }
            figcaption { color: var(--muted); font-size: 12.5px; margin: 6px 0 10px; }
            table { border-collapse: collapse; width: 100%; font-size: 12.5px; margin: 4px 0; }
            th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
            th { background: #f0f3f6; font-weight: 600; }
            td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
            tr.ceilingrow td { background: #fafbfc; font-style: italic; }
            .ci { color: var(--muted); font-size: 11.5px; }
            .undef { color: var(--warn); font-style: italic; }
            .flag { color: var(--warn); }
            .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 6px; }
            ul.problems li { color: var(--warn); }
            details summary { cursor: pointer; color: var(--accent); font-size: 12.5px; margin-top: 6px; }
            section.panel { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: 10px 16px;
              margin: 12px 0; }
            ol.methods li { margin-bottom: 4px; }
            footer { color: var(--muted); font-size: 12px; margin-top: 30px; }
            svg text { font-family: inherit; fill: var(--ink); }
            svg .plottitle { font-size: 14px; font-weight: 600; }
            svg .paneltitle { font-size: 12.5px; font-weight: 600; }
            svg .ticklabel { font-size: 11px; fill: var(--muted); }
            svg .axistitle { font-size: 12px; }
            svg .legend { font-size: 12px; }
            svg .note { font-size: 11px; fill: var(--muted); }
            svg .flaggedtext { fill: var(--warn); font-weight: 600; }
            svg .gridline { stroke: #e9edf1; stroke-width: 1; }
            svg .frame { fill: none; stroke: #9aa5b1; stroke-width: 1; }
            svg .tick { stroke: #9aa5b1; }
            svg .identity { stroke: #7b8794; stroke-dasharray: 5 4; stroke-width: 1.2; }
            svg .ceiling { stroke: #52606d; stroke-dasharray: 2 3; stroke-width: 1.5; }
            svg .median { stroke: var(--warn); stroke-dasharray: 4 3; stroke-width: 1.5; }
            svg .chance { stroke-dasharray: 6 4; stroke-width: 1.8; }
            svg .chanceband { fill: #c0392b; fill-opacity: 0.12; }
            svg .series { fill: none; stroke-width: 1.4; stroke-opacity: 0.7; }
            svg .errorbar { stroke-width: 1.4; }
            svg .marker { stroke: #fff; stroke-width: 1; }
            svg .bar { stroke: none; }
            svg .bar.flagged { stroke: var(--warn); stroke-width: 1; }
            """;
}
