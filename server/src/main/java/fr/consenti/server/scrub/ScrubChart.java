package fr.consenti.server.scrub;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The bars of a report's chart, computed here so that the page draws them as plain SVG (no script): one bar per
 * reason with its count, and kept rows first. The page also shows the same numbers as a table.
 */
public record ScrubChart(List<Bar> bars, int height) {

    static final int BAR = 26;
    static final int LABEL_WIDTH = 230;
    static final int PLOT_WIDTH = 360;

    /** One bar: its key (a reason, or KEPT), count, width in the plot, and vertical position. */
    public record Bar(String key, long count, int width, int y, boolean kept) {
    }

    static ScrubChart of(long kept, Map<String, Long> counts) {
        long max = Math.max(1, Math.max(kept, counts.values().stream().mapToLong(Long::longValue).max().orElse(0)));
        List<Bar> bars = new ArrayList<>();
        bars.add(new Bar("KEPT", kept, width(kept, max), 0, true));
        int y = BAR + 6;
        for (Map.Entry<String, Long> count : counts.entrySet()) {
            bars.add(new Bar(count.getKey(), count.getValue(), width(count.getValue(), max), y, false));
            y += BAR + 6;
        }
        return new ScrubChart(bars, y);
    }

    private static int width(long count, long max) {
        return count == 0 ? 0 : Math.max(2, (int) Math.round((double) count / max * PLOT_WIDTH));
    }
}
