package dev.curvature.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of README.md and docs/*.md, and every docs/, scripts/ or .ci/ path a doc quotes as
 * {@code `dir/.../file.ext`}, names a file of the repository: a doc must not send a reader to a
 * file that is not there.
 */
class DocLinksTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");
    private static final Pattern QUOTED_PATH = Pattern.compile("`((?:docs|scripts|shared|\\.ci)/[A-Za-z0-9_./-]+\\.(?:md|java|yaml|py|png|sh|json))`");

    @Test
    void everyRelativeLinkAndQuotedPathOfTheDocsExists() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        List<String> missing = new ArrayList<>();
        for (Path doc : docs) {
            String text = Files.readString(doc);
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (!target.matches("[a-z]+:.*") && !Files.exists(doc.getParent().resolve(target))) {
                    missing.add(ROOT.relativize(doc) + ": link " + target);
                }
            }
            Matcher q = QUOTED_PATH.matcher(text);
            while (q.find()) {
                if (!Files.exists(ROOT.resolve(q.group(1))) && !Files.exists(doc.getParent().resolve(q.group(1)))) {
                    missing.add(ROOT.relativize(doc) + ": path " + q.group(1));
                }
            }
        }
        assertEquals(List.of(), missing, "docs name files that are not in the repository");
    }
}
