package dev.brisk.load;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A grouped bar chart drawn with plain Java2D and written as PNG (no charting library): one group
 * per category, one bar per series, linear or log10 value axis. Main thread; headless is fine.
 *
 * @param title chart title
 * @param unit value axis label
 * @param categories group labels (x axis)
 * @param series bar labels (legend)
 * @param values {@code values[category][series]}; NaN or non-positive on a log axis = no bar
 * @param log log10 value axis
 */
record BarChart(String title, String unit, List<String> categories, List<String> series,
    double[][] values, boolean log) {

  private static final int W = 1000;
  private static final int H = 520;
  private static final int LEFT = 80;
  private static final int RIGHT = 20;
  private static final int TOP = 60;
  private static final int BOTTOM = 70;
  private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e),
      new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b)};

  /** Draws and writes the PNG to {@code file}, creating its directory. */
  void write(Path file) throws IOException {
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
          RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, W, H);
      Axis axis = axis();
      drawFrame(g, axis);
      drawBars(g, axis);
      drawLegend(g);
    } finally {
      g.dispose();
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    ImageIO.write(img, "png", file.toFile());
  }

  /** Maps values to pixels. */
  private record Axis(double min, double max, boolean log) {
    int y(double v) {
      double f = log ? (Math.log10(v) - Math.log10(min)) / (Math.log10(max) - Math.log10(min))
          : (v - min) / (max - min);
      return (int) Math.round(H - BOTTOM - f * (H - TOP - BOTTOM));
    }
  }

  private Axis axis() {
    double max = 0;
    double minPositive = Double.MAX_VALUE;
    for (double[] row : values) {
      for (double v : row) {
        if (!Double.isNaN(v) && v > 0) {
          max = Math.max(max, v);
          minPositive = Math.min(minPositive, v);
        }
      }
    }
    if (max == 0) {
      return new Axis(log ? 0.1 : 0, 1, log);
    }
    if (log) {
      return new Axis(Math.pow(10, Math.floor(Math.log10(minPositive))),
          Math.pow(10, Math.ceil(Math.log10(max * 1.01))), true);
    }
    double step = niceStep(max / 5);
    return new Axis(0, Math.ceil(max * 1.1 / step) * step, false);
  }

  private static double niceStep(double raw) {
    double p = Math.pow(10, Math.floor(Math.log10(raw)));
    double f = raw / p;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
  }

  private void drawFrame(Graphics2D g, Axis axis) {
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    g.drawString(title, LEFT, 30);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawString(unit, 10, TOP - 12);
    double step = axis.log() ? 10 : niceStep(axis.max() / 5);
    for (double v = axis.min(); v <= axis.max() * 1.0001; v = axis.log() ? v * step : v + step) {
      int y = axis.y(v);
      g.setColor(new Color(0xdddddd));
      g.drawLine(LEFT, y, W - RIGHT, y);
      g.setColor(Color.DARK_GRAY);
      g.drawString(label(v), 10, y + 4);
    }
    g.setColor(Color.BLACK);
    g.drawLine(LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM);
    g.drawLine(LEFT, TOP, LEFT, H - BOTTOM);
  }

  private void drawBars(Graphics2D g, Axis axis) {
    int groups = Math.max(1, categories.size());
    double groupWidth = (W - LEFT - RIGHT) / (double) groups;
    double barWidth = groupWidth * 0.8 / Math.max(1, series.size());
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    for (int c = 0; c < categories.size(); c++) {
      double x0 = LEFT + c * groupWidth + groupWidth * 0.1;
      for (int s = 0; s < series.size(); s++) {
        double v = values[c][s];
        if (Double.isNaN(v) || (axis.log() && v <= 0)) {
          continue;
        }
        int x = (int) Math.round(x0 + s * barWidth);
        int y = axis.y(Math.max(v, axis.min()));
        g.setColor(PALETTE[s % PALETTE.length]);
        g.fillRect(x, y, Math.max(1, (int) barWidth - 2), H - BOTTOM - y);
        g.setColor(Color.DARK_GRAY);
        g.drawString(label(v), x, y - 3);
      }
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      g.drawString(categories.get(c), (int) x0, H - BOTTOM + 18);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    }
  }

  private void drawLegend(Graphics2D g) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.setStroke(new BasicStroke(1));
    int x = LEFT;
    for (int s = 0; s < series.size(); s++) {
      g.setColor(PALETTE[s % PALETTE.length]);
      g.fillRect(x, H - 30, 12, 12);
      g.setColor(Color.BLACK);
      g.drawString(series.get(s), x + 16, H - 20);
      x += 30 + g.getFontMetrics().stringWidth(series.get(s));
    }
  }

  private static String label(double v) {
    if (v == 0) {
      return "0";
    }
    if (v >= 1000) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return String.format(Locale.ROOT, v >= 10 ? "%.0f" : v >= 1 ? "%.1f" : "%.2f", v);
  }
}
