/**
 * The attribution's HTML report ({@link org.smalltolarge.attribution.report.AttributionReportRenderer#html}): one
 * self-contained page drawn from report.json ({@link org.smalltolarge.attribution.report.AttributionReport}) with
 * the shared {@link org.smalltolarge.charts} pieces, as the evaluator draws the study report.
 */
package org.smalltolarge.attribution.report;
