/**
 * Charts of training runs with XChart: {@link dev.cpotoolkit.plot.TrainingCharts}
 * turns a run's metrics table (TRL names, as {@code metrics.csv} holds them) into
 * line charts over steps, {@link dev.cpotoolkit.plot.ComparisonCharts} draws bar charts of
 * results per system, and {@link dev.cpotoolkit.plot.ChartImages} turns any
 * chart into a PNG file or a {@link java.awt.image.BufferedImage} that IJava
 * shows inline. Everything works headless ({@code -Djava.awt.headless=true}).
 */
package dev.cpotoolkit.plot;
