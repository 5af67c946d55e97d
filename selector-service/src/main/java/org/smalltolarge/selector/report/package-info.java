/**
 * The selection's HTML report ({@link org.smalltolarge.selector.report.SelectionReportRenderer#html}): one
 * self-contained page drawn from the stored JSON report ({@link org.smalltolarge.selector.report.SelectionReport})
 * with the shared {@link org.smalltolarge.charts} pieces, as the attribution and study reports are drawn.
 */
package org.smalltolarge.selector.report;
