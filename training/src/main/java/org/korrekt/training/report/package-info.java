/**
 * The human-readable side of a bundle's evaluation: {@link org.korrekt.training.report.ReportHtml}
 * turns {@code evaluation.json} into a self-contained {@code report.html} (tables, charts, fairness,
 * model card) that opens offline in any browser.
 */
package org.korrekt.training.report;
