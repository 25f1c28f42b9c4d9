package dev.cpotoolkit.plot;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.internal.chartpart.Chart;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Renders any XChart chart to pixels: a PNG file for run folders and reports,
 * or a {@link BufferedImage} for notebooks (IJava displays a
 * {@link java.awt.image.RenderedImage} returned by a cell inline).
 */
public final class ChartImages {

    private ChartImages() {}

    /**
     * The chart as an image of its configured width and height.
     *
     * @param chart any XChart chart
     * @return a new image
     */
    public static BufferedImage toImage(Chart<?, ?> chart) {
        return BitmapEncoder.getBufferedImage(chart);
    }

    /**
     * Writes the chart as a PNG file, creating missing parent folders.
     *
     * @param chart any XChart chart
     * @param file  the file to write, normally ending in {@code .png}
     * @return {@code file}
     * @throws UncheckedIOException when the file cannot be written
     */
    public static Path savePng(Chart<?, ?> chart, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            // Through a stream: XChart's path overload appends ".png" to names that lack it.
            try (OutputStream out = Files.newOutputStream(file)) {
                BitmapEncoder.saveBitmap(chart, out, BitmapFormat.PNG);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write chart " + file, e);
        }
    }
}
