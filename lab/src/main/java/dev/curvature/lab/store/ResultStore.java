package dev.curvature.lab.store;

import dev.curvature.core.io.AtomicFiles;
import dev.curvature.core.io.WriteGate;
import dev.curvature.lab.spec.ExperimentSpec;
import dev.curvature.lab.spec.SpecException;
import dev.curvature.lab.spec.SpecNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The result database of one results folder: an embedded DuckDB file {@code results.duckdb} with a
 * tidy table of metrics (one row per run, logged step and metric), run metadata and events.
 * Every write is one transaction, so a crash leaves either all or none of a batch; the runner
 * commits rows before it writes the matching checkpoint, so nothing is lost on resume. Exports
 * to CSV and Parquet for pandas and polars.
 *
 * <p>The table {@code curvature_store} marks a database as one Curvature created and gives it a
 * random identity that checkpoints carry, so that a checkpoint is never applied to another
 * database. A database without the mark is refused unless it holds exactly the tables of a results
 * database of an earlier version (which then receives the mark), and nothing is ever written to a
 * database Curvature did not create. The store also notices when its file is deleted or replaced
 * while it is open: writes would go to a file nobody can read again.
 *
 * <pre>
 *   curvature_store(format, version, store_id, created)
 *   experiments(name, spec_hash, spec_text)
 *   runs(run_id, experiment, run_index, optimizer, repeat, seed, grid_json, config_json, spec_hash,
 *        status, stop_reason, steps, final_loss, final_grad_norm, backend, jdk, elapsed_ms, error)
 *   metrics(run_id, step, metric, value)
 *   events(run_id, step, kind, payload_json)
 * </pre>
 */
public final class ResultStore implements AutoCloseable {
    /** The database file inside a results folder. */
    public static final String FILE = "results.duckdb";

    /** The table that marks a database as a Curvature results database. */
    static final String MARKER = "curvature_store";

    /** The {@code format} recorded in the marker. */
    static final String FORMAT = "curvature-results";

    /** The layout version recorded in the marker; a database of a later version is refused. */
    static final int VERSION = 1;

    /** The tables of a results database, besides the marker. */
    static final List<String> TABLES = List.of("experiments", "runs", "metrics", "events");

    private final Path dir;
    private final Connection conn;
    private String id;
    /** The database file's identity (device and inode) when opened: a deleted or replaced file has another. */
    private Object fileKey;

    private ResultStore(Path dir, Connection conn) {
        this.dir = dir;
        this.conn = conn;
    }

    /**
     * Opens (creating if needed) the store in {@code dir}. A folder that cannot be created or
     * written, whose database cannot be opened or was not created by Curvature, or that is neither
     * empty nor a results folder, is reported as a {@link ResultsFolderException} before anything
     * in it is changed.
     */
    public static ResultStore open(Path dir) throws IOException {
        return open(dir, true);
    }

    /**
     * Opens the store of an existing results folder (for reports), refusing, as a {@link
     * ResultsFolderException}, a folder without one or a database Curvature did not create.
     */
    public static ResultStore openExisting(Path dir) throws IOException {
        return open(dir, false);
    }

    private static ResultStore open(Path dir, boolean create) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ResultsFolderException(dir, "cannot use " + dir + " as the results folder: it is a file, not a folder");
        }
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            if (!create) {
                throw new ResultsFolderException(dir, "no results in " + dir + " (missing " + FILE + ")");
            }
            refuseForeignContent(dir);
        }
        try {
            WriteGate.check(WriteGate.Op.CREATE, dir);
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ResultsFolderException(dir, "cannot create the results folder " + dir + ": " + describe(e), e);
        }
        try {
            Path probe = Files.createTempFile(dir, ".write-probe-", "");
            try {
                WriteGate.check(WriteGate.Op.WRITE, probe);
                Files.writeString(probe, "probe");
            } finally {
                Files.deleteIfExists(probe);
            }
        } catch (IOException e) {
            throw new ResultsFolderException(dir, "cannot write to the results folder " + dir + ": " + reason(e), e);
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new ResultsFolderException(dir, "cannot write the result database " + file + ": permission denied");
        }
        Connection c = null;
        try {
            Class.forName("org.duckdb.DuckDBDriver");
            c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath());
            ResultStore s = new ResultStore(dir, c);
            s.adopt(create);
            s.fileKey = fileKey(file);
            return s;
        } catch (ClassNotFoundException | SQLException | ResultsFolderException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            if (e instanceof ResultsFolderException r) {
                throw r;
            }
            throw new ResultsFolderException(dir, "cannot open the result database " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Refuses a folder that exists, is not empty and holds no result database: results written
     * there would mix with, or replace, files Curvature did not write (its report and plots).
     */
    private static void refuseForeignContent(Path dir) throws ResultsFolderException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<String> names;
        try (var entries = Files.list(dir)) {
            names = entries.map(p -> p.getFileName().toString()).sorted().limit(4).toList();
        } catch (IOException e) {
            throw new ResultsFolderException(dir, "cannot read the results folder " + dir + ": " + describe(e), e);
        }
        if (!names.isEmpty()) {
            throw new ResultsFolderException(dir, "cannot use " + dir + " as the results folder: it is not empty ("
                    + String.join(", ", names.subList(0, Math.min(3, names.size())))
                    + (names.size() > 3 ? ", ..." : "") + ") and holds no " + FILE + "; Curvature writes only into "
                    + "an empty folder or a results folder it created. Choose another --out folder");
        }
    }

    /** The reason of a file-system failure in words, with the path it concerns. */
    public static String describe(IOException e) {
        if (e instanceof java.nio.file.FileSystemException f && f.getFile() != null) {
            return reason(e) + " (" + f.getFile() + ")";
        }
        return reason(e);
    }

    /** The reason of a file-system failure in words (e.g. "No space left on device"). */
    public static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException f) {
            return f instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : f instanceof java.nio.file.FileAlreadyExistsException ? "a file is in the way"
                    : f instanceof java.nio.file.NoSuchFileException ? "no such file or folder"
                    : f instanceof java.nio.file.NotDirectoryException ? "not a folder"
                    : f.getReason() != null ? f.getReason() : f.getClass().getSimpleName();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    /** Opens an existing store read-only (for reports). */
    public static ResultStore openReadOnly(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException("no results in " + dir + " (missing " + FILE + ")");
        }
        try {
            Class.forName("org.duckdb.DuckDBDriver");
            java.util.Properties p = new java.util.Properties();
            p.setProperty("duckdb.read_only", "true");
            return new ResultStore(dir, DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), p));
        } catch (ClassNotFoundException | SQLException e) {
            throw new IOException("cannot open the result database in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The results folder. */
    public Path dir() {
        return dir;
    }

    /** The random identity this database received at creation ({@code curvature_store.store_id}). */
    public String id() {
        return id;
    }

    /**
     * Checks that the database is one Curvature created, and gives a new one (no tables) its
     * tables and marker. A database of an earlier version (its tables without the marker) receives
     * the marker; anything else is refused without a write.
     */
    private void adopt(boolean create) throws SQLException, ResultsFolderException {
        Path file = dir.resolve(FILE);
        List<String> tables = new ArrayList<>();
        try (Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT table_name FROM information_schema.tables "
                     + "WHERE table_schema = 'main' ORDER BY table_name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        List<String> missing = TABLES.stream().filter(t -> !tables.contains(t)).toList();
        if (tables.contains(MARKER)) {
            readMarker(file);
            if (!missing.isEmpty()) {
                throw new ResultsFolderException(dir, "the result database " + file + " is incomplete: it lacks the "
                        + "table(s) " + String.join(", ", missing) + ", so its results cannot be trusted or continued. "
                        + "Move it aside and run the experiment again into an empty --out folder");
            }
            return;
        }
        if (tables.isEmpty() && !create) {
            throw new ResultsFolderException(dir, "no results in " + dir + ": " + file + " holds no tables");
        }
        if (!tables.isEmpty() && !missing.isEmpty()) {
            throw new ResultsFolderException(dir, file + " is not a Curvature result database (it has no " + MARKER
                    + " table and its tables are " + String.join(", ", tables) + "); Curvature writes only to "
                    + "databases it created. Choose another --out folder, or move the file aside");
        }
        id = java.util.UUID.randomUUID().toString();
        transaction(() -> {
            if (tables.isEmpty()) {
                createTables();
            }
            try (Statement s = conn.createStatement()) {
                s.execute("CREATE TABLE " + MARKER + "(format VARCHAR, version INTEGER, store_id VARCHAR, "
                        + "created VARCHAR)");
            }
            try (PreparedStatement ins = conn.prepareStatement("INSERT INTO " + MARKER + " VALUES (?, ?, ?, ?)")) {
                ins.setString(1, FORMAT);
                ins.setInt(2, VERSION);
                ins.setString(3, id);
                ins.setString(4, java.time.Instant.now().toString());
                ins.executeUpdate();
            }
        });
    }

    /** Reads the store's identity from its marker, refusing a foreign format or a later version. */
    private void readMarker(Path file) throws SQLException, ResultsFolderException {
        try (Statement s = conn.createStatement();
             ResultSet rs = s.executeQuery("SELECT format, version, store_id FROM " + MARKER)) {
            if (!rs.next() || !FORMAT.equals(rs.getString(1)) || rs.getString(3) == null) {
                throw new ResultsFolderException(dir, "the result database " + file + " has a damaged " + MARKER
                        + " table (expected one row with format '" + FORMAT + "'). Move it aside and run the "
                        + "experiment again into an empty --out folder");
            }
            if (rs.getInt(2) > VERSION) {
                throw new ResultsFolderException(dir, "the result database " + file + " was written by a newer "
                        + "Curvature (layout version " + rs.getInt(2) + "; this one reads versions up to " + VERSION
                        + "). Use that version of Curvature for this folder");
            }
            id = rs.getString(3);
        }
    }

    private static Object fileKey(Path file) throws SQLException {
        try {
            return Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            throw new SQLException("cannot read the attributes of " + file + ": " + describe(e), e);
        }
    }

    /**
     * Fails when the database file was deleted or replaced since it was opened: the connection
     * still writes to the old file, which nobody can read again. Checked before every commit.
     */
    public synchronized void checkFile() throws DatabaseGoneException {
        Path file = dir.resolve(FILE);
        Object now;
        try {
            now = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            throw new DatabaseGoneException(file, "deleted");
        }
        if (fileKey != null && !fileKey.equals(now)) {
            throw new DatabaseGoneException(file, "replaced by another file");
        }
    }

    /** The result database was deleted or replaced while the store had it open. */
    public static final class DatabaseGoneException extends SQLException {
        private static final long serialVersionUID = 1L;

        DatabaseGoneException(Path file, String what) {
            super("the result database " + file + " was " + what + " while the sweep was running, so the rows "
                    + "of this sweep cannot be stored. Restore the database and continue with --resume, or run "
                    + "the experiment again into an empty --out folder");
        }
    }

    private void createTables() throws SQLException {
        try (Statement s = conn.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS experiments(name VARCHAR PRIMARY KEY, spec_hash VARCHAR, "
                    + "spec_text VARCHAR)");
            s.execute("CREATE TABLE IF NOT EXISTS runs(run_id VARCHAR PRIMARY KEY, experiment VARCHAR, "
                    + "run_index INTEGER, optimizer VARCHAR, repeat INTEGER, seed BIGINT, grid_json VARCHAR, "
                    + "config_json VARCHAR, spec_hash VARCHAR, status VARCHAR, stop_reason VARCHAR, steps BIGINT, "
                    + "final_loss DOUBLE, final_grad_norm DOUBLE, backend VARCHAR, jdk VARCHAR, elapsed_ms BIGINT, "
                    + "error VARCHAR)");
            s.execute("CREATE TABLE IF NOT EXISTS metrics(run_id VARCHAR, step BIGINT, metric VARCHAR, value DOUBLE)");
            s.execute("CREATE TABLE IF NOT EXISTS events(run_id VARCHAR, step BIGINT, kind VARCHAR, "
                    + "payload_json VARCHAR)");
        }
    }

    // ------------------------------------------------------------------ writes

    /**
     * Records the experiment. A folder holds one experiment: another experiment, or a different
     * spec under the same name, is refused, so results of two specs never mix and no report is
     * overwritten by another's.
     */
    public synchronized void beginExperiment(String name, String specHash, String specText)
            throws SQLException, ResultsFolderException {
        beginExperiment(name, specHash, specText, stored -> false);
    }

    /**
     * As {@link #beginExperiment(String, String, String)}, where a spec whose text differs from the
     * stored one is accepted when {@code sameMeaning} holds for the stored text (an edit of comments
     * or layout). The stored text stays the one the experiment was started from.
     */
    public synchronized void beginExperiment(String name, String specHash, String specText,
                                             java.util.function.Predicate<String> sameMeaning)
            throws SQLException, ResultsFolderException {
        checkFile();
        try (PreparedStatement q = conn.prepareStatement("SELECT name, spec_hash, spec_text FROM experiments "
                + "ORDER BY name")) {
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    if (!rs.getString(1).equals(name)) {
                        throw new ResultsFolderException(dir, "results folder " + dir + " already holds experiment '"
                                + rs.getString(1) + "'; use another --out folder for '" + name + "'");
                    }
                    if (!rs.getString(2).equals(specHash) && !sameMeaning.test(rs.getString(3))) {
                        throw new ResultsFolderException(dir, "results folder " + dir + " already holds experiment '"
                                + name + "' from a different spec (hash " + rs.getString(2).substring(0, 12)
                                + "...); use another --out folder");
                    }
                    return;
                }
            }
        }
        try (PreparedStatement ins = conn.prepareStatement("INSERT INTO experiments VALUES (?, ?, ?)")) {
            ins.setString(1, name);
            ins.setString(2, specHash);
            ins.setString(3, specText);
            ins.executeUpdate();
        }
    }

    /** Adds a run in state {@code pending} unless it already exists (a resumed sweep keeps its rows). */
    public synchronized void registerRun(RunRecord r) throws SQLException {
        registerRuns(List.of(r));
    }

    /**
     * {@link #registerRun} of every run, in one transaction. New rows go through DuckDB's appender
     * after the stored run ids are read: a batch of single-row {@code INSERT … ON CONFLICT}
     * statements took DuckDB over 1 GB of memory for 20,000 runs.
     */
    public synchronized void registerRuns(List<RunRecord> runs) throws SQLException {
        transaction(() -> {
            java.util.Set<String> stored = new java.util.HashSet<>();
            try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT run_id FROM runs")) {
                while (rs.next()) {
                    stored.add(rs.getString(1));
                }
            }
            try (DuckDBAppender ap = ((DuckDBConnection) conn).createAppender(DuckDBConnection.DEFAULT_SCHEMA, "runs")) {
                for (RunRecord r : runs) {
                    if (!stored.add(r.runId())) {
                        continue;
                    }
                    ap.beginRow();
                    ap.append(r.runId());
                    ap.append(r.experiment());
                    ap.append(r.index());
                    ap.append(r.optimizer());
                    ap.append(r.repeat());
                    ap.append(r.seed());
                    ap.append(r.gridJson());
                    ap.append(r.configJson());
                    ap.append(r.specHash());
                    ap.append(RunStatus.PENDING.stored());
                    ap.appendNull(); // stop_reason
                    ap.append(0L); // steps
                    ap.appendNull(); // final_loss
                    ap.appendNull(); // final_grad_norm
                    ap.appendNull(); // backend
                    ap.appendNull(); // jdk
                    ap.append(0L); // elapsed_ms
                    ap.appendNull(); // error
                    ap.endRow();
                }
            }
        });
    }

    /** Writes to the database that must all happen or none. */
    @FunctionalInterface
    private interface Writes {
        void run() throws SQLException;
    }

    /** Runs {@code writes} in one transaction: committed when they all succeed, rolled back otherwise. */
    private void transaction(Writes writes) throws SQLException {
        boolean auto = conn.getAutoCommit();
        if (fileKey != null) {
            checkFile();
        }
        conn.setAutoCommit(false);
        try {
            writes.run();
            if (fileKey != null) {
                checkFile();
            }
            gateCommit();
            conn.commit();
        } catch (SQLException e) {
            try {
                conn.rollback();
            } catch (SQLException r) {
                e.addSuppressed(r);
            }
            throw e;
        } finally {
            try {
                conn.setAutoCommit(auto);
            } catch (SQLException r) {
                // the connection is unusable after a failed write; the first error is the one reported
            }
        }
    }

    /**
     * Passes the commit through the {@link WriteGate}: DuckDB writes its file natively, so a
     * failure to write it is seen here, at the commit, as the {@link SQLException} DuckDB raises.
     */
    private void gateCommit() throws SQLException {
        try {
            WriteGate.check(WriteGate.Op.COMMIT, dir.resolve(FILE));
        } catch (IOException e) {
            throw new SQLException(e.getMessage(), e);
        }
    }

    /** Rows of one run to append: parallel arrays of step, metric name and value. */
    public record MetricRows(long[] steps, String[] metrics, double[] values, int count) {}

    /**
     * A run's state as stored in {@code runs}.
     *
     * @param status where the run stands
     */
    public record RunState(RunStatus status, String stopReason, long steps, double finalLoss, double finalGradNorm,
                           long elapsedMs, String error, String backend, String jdk) {
        /** A run in progress after {@code steps} steps. */
        public static RunState running(long steps, long elapsedMs, String backend, String jdk) {
            return new RunState(RunStatus.RUNNING, null, steps, Double.NaN, Double.NaN, elapsedMs, null, backend, jdk);
        }
    }

    /**
     * What one run adds in a {@linkplain #commit commit}: its metric rows and events logged since
     * its previous commit, and its state.
     *
     * @param clearFrom when ≥ 0, the run's metric rows and events at steps ≥ {@code clearFrom} are
     *                  deleted first: rows a killed process committed after the checkpoint the run
     *                  resumes from. −1 when no such rows can exist (the run has not been
     *                  interrupted), which spares a scan of the metrics table
     * @param state     the run's state to record, or null to leave it
     */
    public record RunBatch(String runId, long clearFrom, MetricRows rows, List<Event> events, RunState state) {}

    /**
     * Writes the batches of one or more runs in one transaction: all of them or, on failure, none.
     * Committing the final rows of several short runs together keeps the store's share of a sweep
     * of short runs small (one DuckDB commit costs a few milliseconds, as much as a short run's
     * rows).
     */
    public synchronized void commit(List<RunBatch> batches) throws SQLException {
        transaction(() -> {
            for (RunBatch b : batches) {
                if (b.clearFrom() >= 0) {
                    for (String table : List.of("metrics", "events")) {
                        try (PreparedStatement del = conn.prepareStatement("DELETE FROM " + table
                                + " WHERE run_id = ? AND step >= ?")) {
                            del.setString(1, b.runId());
                            del.setLong(2, b.clearFrom());
                            del.executeUpdate();
                        }
                    }
                }
            }
            if (batches.stream().anyMatch(b -> b.rows().count() > 0)) {
                try (DuckDBAppender ap = ((DuckDBConnection) conn).createAppender(DuckDBConnection.DEFAULT_SCHEMA,
                        "metrics")) {
                    for (RunBatch b : batches) {
                        MetricRows rows = b.rows();
                        for (int i = 0; i < rows.count(); i++) {
                            ap.beginRow();
                            ap.append(b.runId());
                            ap.append(rows.steps()[i]);
                            ap.append(rows.metrics()[i]);
                            ap.append(rows.values()[i]);
                            ap.endRow();
                        }
                    }
                }
            }
            if (batches.stream().anyMatch(b -> !b.events().isEmpty())) {
                try (PreparedStatement ins = conn.prepareStatement("INSERT INTO events VALUES (?, ?, ?, ?)")) {
                    for (RunBatch b : batches) {
                        for (Event e : b.events()) {
                            ins.setString(1, b.runId());
                            ins.setLong(2, e.step());
                            ins.setString(3, e.kind());
                            ins.setString(4, e.payloadJson());
                            ins.addBatch();
                        }
                    }
                    ins.executeBatch();
                }
            }
            if (batches.stream().anyMatch(b -> b.state() != null)) {
                try (PreparedStatement u = conn.prepareStatement("UPDATE runs SET status = ?, stop_reason = ?, "
                        + "steps = ?, final_loss = ?, final_grad_norm = ?, elapsed_ms = ?, error = ?, backend = ?, "
                        + "jdk = ? WHERE run_id = ?")) {
                    for (RunBatch b : batches) {
                        RunState state = b.state();
                        if (state == null) {
                            continue;
                        }
                        u.setString(1, state.status().stored());
                        u.setString(2, state.stopReason());
                        u.setLong(3, state.steps());
                        setDouble(u, 4, state.finalLoss());
                        setDouble(u, 5, state.finalGradNorm());
                        u.setLong(6, state.elapsedMs());
                        u.setString(7, state.error());
                        u.setString(8, state.backend());
                        u.setString(9, state.jdk());
                        u.setString(10, b.runId());
                        u.executeUpdate();
                    }
                }
            }
        });
    }

    /** An event of a run (e.g. a saddle escape) with a JSON payload. */
    public record Event(long step, String kind, String payloadJson) {}

    private static void setDouble(PreparedStatement p, int i, double v) throws SQLException {
        if (Double.isNaN(v)) {
            p.setNull(i, Types.DOUBLE);
        } else {
            p.setDouble(i, v);
        }
    }

    // ------------------------------------------------------------------ reads

    /** All runs of an experiment, by index. */
    public synchronized List<RunRecord> runs(String experiment) throws SQLException {
        List<RunRecord> out = new ArrayList<>();
        try (PreparedStatement q = conn.prepareStatement("SELECT run_id, experiment, run_index, optimizer, repeat, seed, "
                + "grid_json, config_json, spec_hash, status, stop_reason, steps, final_loss, final_grad_norm, "
                + "backend, jdk, elapsed_ms, error FROM runs WHERE experiment = ? ORDER BY run_index")) {
            q.setString(1, experiment);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new RunRecord(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                            rs.getInt(5), rs.getLong(6), rs.getString(7), rs.getString(8), rs.getString(9),
                            RunStatus.of(rs.getString(10)), rs.getString(11), rs.getLong(12), doubleOrNaN(rs, 13),
                            doubleOrNaN(rs, 14), rs.getString(15), rs.getString(16), rs.getLong(17),
                            rs.getString(18)));
                }
            }
        }
        return out;
    }

    /** Experiment names in this store. */
    public synchronized List<String> experiments() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM experiments ORDER BY name")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** The spec text an experiment was run from. */
    public synchronized String specText(String experiment) throws SQLException {
        try (PreparedStatement q = conn.prepareStatement("SELECT spec_text FROM experiments WHERE name = ?")) {
            q.setString(1, experiment);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no experiment '" + experiment + "' in " + dir);
                }
                return rs.getString(1);
            }
        }
    }

    /** One metric of one run as (steps, values), ordered by step. */
    public synchronized double[][] series(String runId, String metric) throws SQLException {
        List<double[]> rows = new ArrayList<>();
        try (PreparedStatement q = conn.prepareStatement(
                "SELECT step, value FROM metrics WHERE run_id = ? AND metric = ? ORDER BY step")) {
            q.setString(1, runId);
            q.setString(2, metric);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    rows.add(new double[] {rs.getLong(1), doubleOrNaN(rs, 2)});
                }
            }
        }
        double[][] out = new double[2][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            out[0][i] = rows.get(i)[0];
            out[1][i] = rows.get(i)[1];
        }
        return out;
    }

    /**
     * One metric of several runs as {steps, values} by run id, in one query (a report reads hundreds
     * of runs; a query per run costs more than drawing them). A run without the metric maps to empty arrays.
     */
    public synchronized Map<String, double[][]> series(List<String> runIds, String metric) throws SQLException {
        Map<String, List<double[]>> rows = new LinkedHashMap<>();
        runIds.forEach(id -> rows.put(id, new ArrayList<>()));
        if (!runIds.isEmpty()) {
            String marks = String.join(", ", java.util.Collections.nCopies(runIds.size(), "?"));
            try (PreparedStatement q = conn.prepareStatement("SELECT run_id, step, value FROM metrics WHERE metric = ? "
                    + "AND run_id IN (" + marks + ") ORDER BY run_id, step")) {
                q.setString(1, metric);
                for (int i = 0; i < runIds.size(); i++) {
                    q.setString(i + 2, runIds.get(i));
                }
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        rows.get(rs.getString(1)).add(new double[] {rs.getLong(2), doubleOrNaN(rs, 3)});
                    }
                }
            }
        }
        Map<String, double[][]> out = new LinkedHashMap<>();
        rows.forEach((id, r) -> {
            double[][] xy = new double[2][r.size()];
            for (int i = 0; i < r.size(); i++) {
                xy[0][i] = r.get(i)[0];
                xy[1][i] = r.get(i)[1];
            }
            out.put(id, xy);
        });
        return out;
    }

    /**
     * Statistics of one metric over a group of runs, step by step: {steps, median, min, max} of the
     * finite values logged at each step (steps without one are left out), computed in the database:
     * a report's curves need these rather than every run's rows, which take longer to fetch than to
     * draw. The median of an even count is the mean of the middle two.
     */
    public synchronized double[][] stepStatistics(List<String> runIds, String metric) throws SQLException {
        if (runIds.isEmpty()) {
            return new double[4][0];
        }
        String marks = String.join(", ", java.util.Collections.nCopies(runIds.size(), "?"));
        List<double[]> rows = new ArrayList<>();
        try (PreparedStatement q = conn.prepareStatement("SELECT step, median(value), min(value), max(value) "
                + "FROM metrics WHERE metric = ? AND isfinite(value) AND run_id IN (" + marks + ") "
                + "GROUP BY step ORDER BY step")) {
            q.setString(1, metric);
            for (int i = 0; i < runIds.size(); i++) {
                q.setString(i + 2, runIds.get(i));
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    rows.add(new double[] {rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4)});
                }
            }
        }
        double[][] out = new double[4][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int k = 0; k < 4; k++) {
                out[k][i] = rows.get(i)[k];
            }
        }
        return out;
    }

    /** The metric names logged in an experiment. */
    public synchronized List<String> metricNames(String experiment) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement q = conn.prepareStatement("SELECT DISTINCT m.metric FROM metrics m JOIN runs r "
                + "ON m.run_id = r.run_id WHERE r.experiment = ? ORDER BY m.metric")) {
            q.setString(1, experiment);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** The events of a run, by step. */
    public synchronized List<Event> events(String runId) throws SQLException {
        List<Event> out = new ArrayList<>();
        try (PreparedStatement q = conn.prepareStatement(
                "SELECT step, kind, payload_json FROM events WHERE run_id = ? ORDER BY step, kind")) {
            q.setString(1, runId);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new Event(rs.getLong(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return out;
    }

    /** A digest of an experiment's stored results (metrics and final values), for reproducibility checks. */
    public synchronized String resultDigest(String experiment) throws SQLException {
        try (PreparedStatement q = conn.prepareStatement("SELECT md5(string_agg(m.run_id || ':' || m.step || ':' "
                + "|| m.metric || ':' || CAST(m.value AS VARCHAR), '|' ORDER BY m.run_id, m.step, m.metric)) "
                + "FROM metrics m JOIN runs r ON m.run_id = r.run_id WHERE r.experiment = ?")) {
            q.setString(1, experiment);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** Arbitrary read-only SQL for analyses: each row as column → value. */
    public synchronized List<Map<String, Object>> query(String sql, Object... args) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (PreparedStatement q = conn.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                q.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = q.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= n; c++) {
                        row.put(rs.getMetaData().getColumnLabel(c), rs.getObject(c));
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ exports

    /** Writes {@code runs.csv}, {@code metrics.csv} and {@code events.csv} into {@code out}. */
    public synchronized void exportCsv(Path out) throws SQLException, IOException {
        export(out, "csv", "(FORMAT CSV, HEADER)");
    }

    /** Writes {@code runs.parquet}, {@code metrics.parquet} and {@code events.parquet} into {@code out}. */
    public synchronized void exportParquet(Path out) throws SQLException, IOException {
        export(out, "parquet", "(FORMAT PARQUET)");
    }

    private void export(Path out, String ext, String options) throws SQLException, IOException {
        WriteGate.check(WriteGate.Op.CREATE, out);
        Files.createDirectories(out);
        try (Statement s = conn.createStatement()) {
            for (String table : List.of("runs", "metrics", "events")) {
                Path target = out.resolve(table + "." + ext).toAbsolutePath();
                Path tmp = out.resolve(table + "." + ext + ".tmp").toAbsolutePath();
                // A total order, so two exports of one store are byte for byte the same.
                String order = switch (table) {
                    case "runs" -> "run_index";
                    case "metrics" -> "run_id, step, metric";
                    default -> "run_id, step, kind, payload_json";
                };
                WriteGate.check(WriteGate.Op.WRITE, tmp);
                String select = table.equals("runs") ? runsWithColumns(s) : "SELECT * FROM " + table;
                s.execute("COPY (" + select + " ORDER BY " + order + ") TO '"
                        + tmp.toString().replace("'", "''") + "' " + options);
                AtomicFiles.replace(tmp, target);
            }
        } finally {
            try (Statement s = conn.createStatement()) {
                s.execute("DROP TABLE IF EXISTS temp." + EXPORT_COLUMNS);
            }
        }
    }

    /** The temporary table of {@link RunColumns} that an export joins to the runs. */
    private static final String EXPORT_COLUMNS = "export_run_columns";

    /**
     * The query of the exported runs: the stored columns with {@code grid_json} and
     * {@code config_json} as typed JSON, then one typed column per hyperparameter and grid path
     * ({@link RunColumns}), filled into a temporary table first.
     */
    private String runsWithColumns(Statement s) throws SQLException {
        List<RunRecord> all = new ArrayList<>();
        List<RunColumns> columns = new ArrayList<>();
        for (String e : experiments()) {
            SpecNode root;
            try {
                root = ExperimentSpec.parseStored(specText(e), "stored spec of " + e).root();
            } catch (SpecException unreadable) {
                root = null;
            }
            for (RunRecord r : runs(e)) {
                all.add(r);
                columns.add(RunColumns.of(r, root));
            }
        }
        Map<String, List<Object>> byColumn = new TreeMap<>();
        columns.forEach(c -> c.flat().forEach((k, v) -> byColumn.computeIfAbsent(k, x -> new ArrayList<>()).add(v)));
        Map<String, String> types = new LinkedHashMap<>();
        byColumn.forEach((k, v) -> types.put(k, RunColumns.sqlType(v)));
        StringBuilder ddl = new StringBuilder("CREATE OR REPLACE TEMP TABLE " + EXPORT_COLUMNS
                + "(\"__run_id\" VARCHAR, \"__grid_json\" VARCHAR, \"__config_json\" VARCHAR");
        types.forEach((k, t) -> ddl.append(", ").append(quote(k)).append(' ').append(t));
        s.execute(ddl.append(')').toString());
        String insert = "INSERT INTO " + EXPORT_COLUMNS + " VALUES (?, ?, ?" + ", ?".repeat(types.size()) + ")";
        try (PreparedStatement ps = conn.prepareStatement(insert)) {
            for (int i = 0; i < all.size(); i++) {
                RunColumns c = columns.get(i);
                ps.setString(1, all.get(i).runId());
                ps.setString(2, c.gridJson());
                ps.setString(3, c.configJson());
                int col = 4;
                for (Map.Entry<String, String> t : types.entrySet()) {
                    Object v = c.flat().get(t.getKey());
                    switch (v == null ? "NULL" : t.getValue()) {
                        case "NULL" -> ps.setObject(col, null);
                        case "BIGINT" -> ps.setLong(col, (Long) v);
                        case "DOUBLE" -> ps.setDouble(col, ((Number) v).doubleValue());
                        case "BOOLEAN" -> ps.setBoolean(col, (Boolean) v);
                        default -> ps.setString(col, String.valueOf(v));
                    }
                    col++;
                }
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return "SELECT r.* REPLACE (c.\"__grid_json\" AS grid_json, c.\"__config_json\" AS config_json), c.* EXCLUDE "
                + "(\"__run_id\", \"__grid_json\", \"__config_json\") FROM runs r JOIN " + EXPORT_COLUMNS
                + " c ON r.run_id = c.\"__run_id\"";
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static double doubleOrNaN(ResultSet rs, int col) throws SQLException {
        double v = rs.getDouble(col);
        return rs.wasNull() ? Double.NaN : v;
    }

    @Override
    public synchronized void close() throws SQLException {
        conn.close();
    }
}
