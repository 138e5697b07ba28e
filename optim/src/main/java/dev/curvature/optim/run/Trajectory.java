package dev.curvature.optim.run;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The record of a run: one row per logged step with the columns {@code step}, {@code loss},
 * {@code grad_norm}, the metrics transforms report (e.g. {@code lr}) and the monitor values.
 * Stored by column; a column that first appears at a later row is NaN in the earlier rows. It also
 * keeps the events transforms recorded ({@link dev.curvature.optim.StepContext#event}), whatever the
 * logging interval.
 */
public final class Trajectory {
    /** An event of step {@code step}: its kind and numeric fields in the order they were recorded. */
    public record Event(long step, String kind, Map<String, Double> fields) {
        public Event {
            fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        }
    }

    private final Map<String, double[]> columns = new LinkedHashMap<>();
    private final List<Event> events = new ArrayList<>();
    private int rows;
    private int capacity = 64;

    public Trajectory() {
        column("step");
        column("loss");
        column("grad_norm");
    }

    /** Starts a new row with its step, loss and gradient norm; further values go to this row. */
    public void beginRow(long step, double loss, double gradNorm) {
        if (rows == capacity) {
            capacity *= 2;
            for (Map.Entry<String, double[]> e : columns.entrySet()) {
                double[] grown = Arrays.copyOf(e.getValue(), capacity);
                Arrays.fill(grown, rows, capacity, Double.NaN);
                e.setValue(grown);
            }
        }
        rows++;
        put("step", step);
        put("loss", loss);
        put("grad_norm", gradNorm);
    }

    /** Sets a value in the current row, adding the column if new. */
    public void put(String name, double value) {
        if (rows == 0) {
            throw new IllegalStateException("put before beginRow");
        }
        column(name)[rows - 1] = value;
    }

    private double[] column(String name) {
        double[] c = columns.get(name);
        if (c == null) {
            c = new double[capacity];
            Arrays.fill(c, Double.NaN);
            columns.put(name, c);
        }
        return c;
    }

    /** Adds an event. */
    public void addEvent(Event e) {
        events.add(e);
    }

    /** The events in the order they were recorded. */
    public List<Event> events() {
        return Collections.unmodifiableList(events);
    }

    /** The events of one kind. */
    public List<Event> events(String kind) {
        List<Event> out = new ArrayList<>();
        for (Event e : events) {
            if (e.kind().equals(kind)) {
                out.add(e);
            }
        }
        return out;
    }

    /** Number of rows. */
    public int rows() {
        return rows;
    }

    /** Column names in order of first appearance. */
    public List<String> columnNames() {
        return Collections.unmodifiableList(new ArrayList<>(columns.keySet()));
    }

    /** True when the column exists. */
    public boolean has(String name) {
        return columns.containsKey(name);
    }

    /** A copy of one column (one value per row). */
    public double[] get(String name) {
        return Arrays.copyOf(require(name), rows);
    }

    private double[] require(String name) {
        double[] c = columns.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no trajectory column '" + name + "' (columns: " + columns.keySet() + ")");
        }
        return c;
    }

    /** Value of a column at a row. */
    public double get(String name, int row) {
        if (row < 0 || row >= rows) {
            throw new IndexOutOfBoundsException("row " + row + " of " + rows);
        }
        return require(name)[row];
    }

    /** The last value of a column. */
    public double last(String name) {
        return get(name, rows - 1);
    }

    /** Writes the trajectory as CSV with a header row (NaN written as empty). */
    public void writeCsv(Writer out) throws IOException {
        List<String> names = columnNames();
        out.write(String.join(",", names));
        out.write('\n');
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                double v = columns.get(names.get(i))[r];
                if (!Double.isNaN(v)) {
                    out.write(v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v));
                }
            }
            out.write('\n');
        }
    }

    /** Writes the trajectory as a CSV file. */
    public void writeCsv(Path path) throws IOException {
        try (Writer w = Files.newBufferedWriter(path)) {
            writeCsv(w);
        }
    }
}
