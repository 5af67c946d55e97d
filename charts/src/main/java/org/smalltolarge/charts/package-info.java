/**
 * Self-contained HTML reports with inline SVG plots: no scripts, fonts or anything else from the network, so a
 * report can be saved, mailed and opened anywhere years later. Shared by the services that publish reports (the
 * evaluator's study analysis, the attribution service's attribution report) so that they look and read alike.
 *
 * <p>Pieces: {@link org.smalltolarge.charts.Html} (escaping, number formats), {@link org.smalltolarge.charts.Styles}
 * (the one stylesheet), {@link org.smalltolarge.charts.Svg} (writing a plot), {@link org.smalltolarge.charts.Axis}
 * and {@link org.smalltolarge.charts.PlotArea} (data to pixels, axes), {@link org.smalltolarge.charts.Palette}
 * (colours), {@link org.smalltolarge.charts.PointSeries} (x/y series with error bars),
 * {@link org.smalltolarge.charts.HistogramPlot} (histogram panels) and {@link org.smalltolarge.charts.Figure}
 * (figure wrapper, legends, panel grid). What a figure means stays in the service that draws it.
 */
package org.smalltolarge.charts;
