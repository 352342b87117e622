package lab.backpressure.lab.scenario;

import java.nio.file.Path;

/**
 * A scenario or exercise file that cannot run, refused before anything is applied to the lab, naming the file, the
 * line and the field to fix.
 */
public final class ScenarioException extends RuntimeException {

    private final Path file;
    private final int line;
    private final String field;

    public ScenarioException(Path file, int line, String field, String problem) {
        super(file + ":" + line + ": " + (field == null ? "" : field + ": ") + problem);
        this.file = file;
        this.line = line;
        this.field = field;
    }

    /** A problem with the whole file, which has no line: it cannot be read at all. */
    public ScenarioException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
        this.line = 0;
        this.field = null;
    }

    public Path file() {
        return file;
    }

    /** The line to fix, from 1; 0 for a file that cannot be read. */
    public int line() {
        return line;
    }

    public String field() {
        return field;
    }
}
