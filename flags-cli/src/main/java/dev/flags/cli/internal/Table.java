package dev.flags.cli.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Rows printed in aligned columns, two spaces apart, the header in bold. */
final class Table {

    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    /** A table without a header, for label and value pairs. */
    Table(int columns) {
        this.columns = columns;
    }

    Table(Style style, String... headers) {
        this.columns = headers.length;
        String[] header = new String[columns];
        for (int i = 0; i < columns; i++) {
            header[i] = style.bold(headers[i]);
        }
        rows.add(header);
    }

    Table row(String... cells) {
        String[] row = new String[columns];
        for (int i = 0; i < columns; i++) {
            String cell = i < cells.length && cells[i] != null ? cells[i] : "";
            row[i] = cell.replace('\n', ' ');
        }
        rows.add(row);
        return this;
    }

    void print(PrintWriter out) {
        print(out, "");
    }

    /** Prints each line after {@code indent}. */
    void print(PrintWriter out, String indent) {
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], Style.width(row[i]));
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(row[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - Style.width(row[i]) + 2));
                }
            }
            out.println(indent + line.toString().stripTrailing());
        }
    }
}
