package dev.cpotoolkit.plot;

import dev.cpotoolkit.inspect.TokenLogProbs;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler.LegendPosition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-token log-probabilities of one answer as a bar chart with the tokens as
 * labels: where in an answer the model is confident and where it is surprised.
 */
public final class TokenCharts {

    private static final int HEIGHT = 450;

    private TokenCharts() {}

    /** The answer's token log-probs, one bar per token. */
    public static CategoryChart logProbs(String title, TokenLogProbs.Answer answer) {
        Map<String, TokenLogProbs.Answer> one = new LinkedHashMap<>();
        one.put("log-prob", answer);
        return logProbs(title, one);
    }

    /**
     * The same answer under several models (for example before and after
     * training), one bar series each, side by side per token.
     *
     * @param series name to the answer's token log-probs; all must have the same tokens
     */
    public static CategoryChart logProbs(String title, Map<String, TokenLogProbs.Answer> series) {
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no answers to chart");
        }
        List<String> tokens = series.values().iterator().next().tokens();
        for (Map.Entry<String, TokenLogProbs.Answer> entry : series.entrySet()) {
            if (!entry.getValue().tokens().equals(tokens)) {
                throw new IllegalArgumentException("series " + entry.getKey() + " has other tokens than the first");
            }
        }
        // Category labels must be unique: prefix the position.
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            labels.add(i + " " + tokens.get(i));
        }
        int width = Math.max(600, Math.min(1600, 140 + 28 * tokens.size()));
        CategoryChart chart = new CategoryChartBuilder().width(width).height(HEIGHT).title(title)
                .xAxisTitle("token").yAxisTitle("log-prob").build();
        chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
        chart.getStyler().setChartTitleBoxVisible(false);
        chart.getStyler().setXAxisLabelRotation(90);
        chart.getStyler().setLegendVisible(series.size() > 1);
        for (Map.Entry<String, TokenLogProbs.Answer> entry : series.entrySet()) {
            List<Double> values = new ArrayList<>();
            for (double v : entry.getValue().logProbs()) {
                values.add(v);
            }
            chart.addSeries(entry.getKey(), labels, values);
        }
        return chart;
    }
}
