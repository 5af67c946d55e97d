/**
 * Renders a {@link org.smalltolarge.evaluator.analysis.StudyAnalysis} as one self-contained HTML page
 * ({@link org.smalltolarge.evaluator.report.ReportRenderer#html}): inline CSS, inline SVG plots generated here,
 * no scripts, fonts or anything else from the network. The figures are the study's; the pieces they are drawn
 * with (escaping, stylesheet, SVG, axes, series, histograms) are the shared {@link org.smalltolarge.charts} module.
 */
package org.smalltolarge.evaluator.report;
