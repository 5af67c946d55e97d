/**
 * Renders a {@link org.smalltolarge.evaluator.analysis.StudyAnalysis} as one self-contained HTML page
 * ({@link org.smalltolarge.evaluator.report.ReportRenderer#html}): inline CSS, inline SVG plots generated here,
 * no scripts, fonts or anything else from the network.
 */
package org.smalltolarge.evaluator.report;
