package dev.eventstore.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The plots of {@code benchmarks/}: horizontal bars in groups, one group per row, one bar per series,
 * on a log scale, with the series' legend below. Several charts can go one under another into one PNG
 * ({@link #write}). Plain Java2D, no plotting library.
 */
final class BarChart {

    private static final int BAR_HEIGHT = 11;
    private static final int LEFT = 330;
    private static final int RIGHT_MARGIN = 80;
    private static final int TITLE_HEIGHT = 60;
    private static final int AXIS_AND_LEGEND_HEIGHT = 70;

    /** A series: one bar of each row, in its colour. */
    record Series(String name, Color color) {
    }

    private record Row(String label, double[] values) {
    }

    private final String title;
    private final List<Series> series;
    private final int minExponent;
    private final int maxExponent;
    private final String axisFormat;
    private final List<Row> rows = new ArrayList<>();

    /**
     * @param title the chart's title
     * @param series the bars of each row, in order
     * @param minExponent the scale starts at 10 to this power
     * @param maxExponent and ends at 10 to this one
     * @param axisFormat how a tick's value is written, such as {@code %,.0f}
     */
    BarChart(String title, List<Series> series, int minExponent, int maxExponent, String axisFormat) {
        this.title = title;
        this.series = List.copyOf(series);
        this.minExponent = minExponent;
        this.maxExponent = maxExponent;
        this.axisFormat = axisFormat;
    }

    /**
     * Adds a row.
     *
     * @param label what the row is
     * @param values one per series; {@code NaN} or zero and below draw no bar
     * @return this
     */
    BarChart row(String label, double... values) {
        if (values.length != series.size()) {
            throw new IllegalArgumentException("a row has one value per series (" + series.size() + "), was: "
                    + values.length);
        }
        rows.add(new Row(label, values.clone()));
        return this;
    }

    private int groupHeight() {
        return BAR_HEIGHT * series.size() + 14;
    }

    /** @return the chart's height in pixels */
    int height() {
        return TITLE_HEIGHT + rows.size() * groupHeight() + AXIS_AND_LEGEND_HEIGHT;
    }

    /**
     * Draws the chart.
     *
     * @param g where
     * @param top its top edge
     * @param width the image's width
     */
    void draw(Graphics2D g, int top, int width) {
        int chartWidth = width - LEFT - RIGHT_MARGIN;
        int barsTop = top + TITLE_HEIGHT;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, LEFT, top + 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int bottom = barsTop + rows.size() * groupHeight();
        double span = maxExponent - minExponent;
        for (int exponent = minExponent; exponent <= maxExponent; exponent++) {
            int x = LEFT + (int) ((exponent - minExponent) / span * chartWidth);
            g.setColor(new Color(0xdd, 0xdd, 0xdd));
            g.setStroke(new BasicStroke(1));
            g.drawLine(x, barsTop - 5, x, bottom);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format(Locale.ROOT, axisFormat, Math.pow(10, exponent)), x - 18, bottom + 18);
        }
        int y = barsTop;
        for (Row row : rows) {
            g.setColor(Color.BLACK);
            g.drawString(row.label(), 10, y + groupHeight() / 2);
            for (int bar = 0; bar < series.size(); bar++) {
                double value = row.values()[bar];
                if (value > 0) {
                    double log = Math.max(minExponent, Math.min(maxExponent, Math.log10(value)));
                    int length = (int) ((log - minExponent) / span * chartWidth);
                    g.setColor(series.get(bar).color());
                    g.fillRect(LEFT, y + bar * BAR_HEIGHT, Math.max(1, length), BAR_HEIGHT - 2);
                }
            }
            y += groupHeight();
        }
        int legendX = 20;
        int legendY = top + height() - 30;
        for (Series one : series) {
            g.setColor(one.color());
            g.fillRect(legendX, legendY, 14, 12);
            g.setColor(Color.BLACK);
            g.drawString(one.name(), legendX + 18, legendY + 10);
            legendX += Math.max(175, g.getFontMetrics().stringWidth(one.name()) + 40);
        }
    }

    /**
     * Writes charts, one under another, to a PNG file.
     *
     * @param png the file
     * @param width the image's width in pixels
     * @param charts the charts
     * @throws IOException if the file cannot be written
     */
    static void write(Path png, int width, BarChart... charts) throws IOException {
        int height = 0;
        for (BarChart chart : charts) {
            height += chart.height();
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int top = 0;
        for (BarChart chart : charts) {
            chart.draw(g, top, width);
            top += chart.height();
        }
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }
}
