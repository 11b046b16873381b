package dev.flags.cli.internal;

import java.util.ArrayList;
import java.util.List;

/** The lines of two short texts, each marked kept ({@code "  "}), removed ({@code "- "}) or added ({@code "+ "}). */
final class LineDiff {

    private LineDiff() {
    }

    static List<String> of(String before, String after) {
        String[] a = before.isEmpty() ? new String[0] : before.split("\n", -1);
        String[] b = after.isEmpty() ? new String[0] : after.split("\n", -1);
        a = trimLast(a);
        b = trimLast(b);
        int[][] common = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                common[i][j] = a[i].equals(b[j]) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<String> lines = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.length || j < b.length) {
            if (i < a.length && j < b.length && a[i].equals(b[j])) {
                lines.add("  " + a[i++]);
                j++;
            } else if (i < a.length && (j == b.length || common[i + 1][j] >= common[i][j + 1])) {
                lines.add("- " + a[i++]); // removals before additions, as diff and git print them
            } else {
                lines.add("+ " + b[j++]);
            }
        }
        return lines;
    }

    private static String[] trimLast(String[] lines) {
        if (lines.length > 0 && lines[lines.length - 1].isEmpty()) {
            String[] trimmed = new String[lines.length - 1];
            System.arraycopy(lines, 0, trimmed, 0, trimmed.length);
            return trimmed;
        }
        return lines;
    }
}
