package dev.cpotoolkit.notebook;

import dev.cpotoolkit.plot.ChartImages;
import org.knowm.xchart.internal.chartpart.Chart;
import tech.tablesaw.api.Table;

import javax.imageio.ImageIO;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns the objects a notebook cell shows into MIME bundles, the way a Jupyter
 * kernel renders a cell's value: XChart charts and images as PNG, Tablesaw
 * tables and {@link Html} as HTML, anything else as its {@code toString()}.
 * Plain-text forms of images and charts are stable (no identity hash codes), so
 * re-executed notebooks diff cleanly.
 */
public final class MimeRenderer {

    private MimeRenderer() {}

    /** The bundle of any object ({@code null} shows as {@code null}). */
    public static MimeBundle render(Object value) {
        if (value instanceof MimeBundle bundle) {
            return bundle;
        }
        Map<String, String> data = new LinkedHashMap<>();
        if (value instanceof Chart<?, ?> chart) {
            data.put(MimeBundle.PNG, png(ChartImages.toImage(chart)));
            data.put(MimeBundle.TEXT, "<chart: " + chart.getTitle() + ">");
        } else if (value instanceof RenderedImage image) {
            data.put(MimeBundle.PNG, png(image));
            data.put(MimeBundle.TEXT, "<image " + image.getWidth() + "x" + image.getHeight() + ">");
        } else if (value instanceof Table table) {
            data.put(MimeBundle.HTML, TableHtml.render(table));
            data.put(MimeBundle.TEXT, TableHtml.text(table));
        } else if (value instanceof Html html) {
            data.put(MimeBundle.HTML, html.html());
            data.put(MimeBundle.TEXT, html.text());
        } else {
            data.put(MimeBundle.TEXT, String.valueOf(value));
        }
        return new MimeBundle(data);
    }

    /** An image as base64 PNG, as notebook files store {@code image/png}. */
    public static String png(RenderedImage image) {
        return Base64.getEncoder().encodeToString(pngBytes(image));
    }

    /** An image as PNG bytes. */
    public static byte[] pngBytes(RenderedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalStateException("no PNG writer for " + image.getClass().getName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
