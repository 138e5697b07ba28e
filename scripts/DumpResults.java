import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Prints every stored table of every results.duckdb under a results folder as canonical text
 * (rows ordered, doubles as their exact bits, wall-clock columns left out), so that two result
 * folders can be compared with diff: equal text means bitwise-equal runs, metrics and events.
 * Run through scripts/compare-results.
 */
public final class DumpResults {
    private static final List<String> QUERIES = List.of(
            "SELECT run_id, experiment, run_index, optimizer, repeat, seed, grid_json, config_json, spec_hash, status, "
                    + "stop_reason, steps, final_loss, final_grad_norm, backend, error FROM runs ORDER BY run_index",
            "SELECT run_id, step, metric, value FROM metrics ORDER BY run_id, metric, step",
            "SELECT run_id, step, kind, payload_json FROM events ORDER BY run_id, step, kind, payload_json");

    public static void main(String[] args) throws Exception {
        Class.forName("org.duckdb.DuckDBDriver");
        List<Path> stores;
        try (Stream<Path> s = Files.walk(Path.of(args[0]))) {
            stores = s.filter(p -> p.getFileName().toString().equals("results.duckdb")).sorted().toList();
        }
        for (Path store : stores) {
            System.out.println("# " + Path.of(args[0]).relativize(store));
            Properties readOnly = new Properties();
            readOnly.setProperty("duckdb.read_only", "true");
            try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + store.toAbsolutePath(), readOnly);
                 Statement st = c.createStatement()) {
                for (String q : QUERIES) {
                    System.out.println("## " + q.substring(0, q.indexOf(" FROM")) + q.substring(q.indexOf(" FROM")));
                    try (ResultSet rs = st.executeQuery(q)) {
                        ResultSetMetaData md = rs.getMetaData();
                        StringBuilder row = new StringBuilder();
                        while (rs.next()) {
                            row.setLength(0);
                            for (int i = 1; i <= md.getColumnCount(); i++) {
                                Object v = rs.getObject(i);
                                row.append(i > 1 ? "\t" : "").append(v instanceof Double d
                                        ? Long.toHexString(Double.doubleToRawLongBits(d)) : String.valueOf(v));
                            }
                            System.out.println(row);
                        }
                    }
                }
            }
        }
    }
}
