package dev.flags.cli.internal;

/** ANSI colours when the output is a terminal, plain text otherwise. */
record Style(boolean on) {

    String bold(String text) {
        return paint("1", text);
    }

    String red(String text) {
        return paint("31", text);
    }

    String green(String text) {
        return paint("32", text);
    }

    String yellow(String text) {
        return paint("33", text);
    }

    String dim(String text) {
        return paint("2", text);
    }

    private String paint(String code, String text) {
        return on ? "\u001B[" + code + "m" + text + "\u001B[0m" : text;
    }

    static int width(String text) {
        return text.replaceAll("\u001B\\[[0-9;]*m", "").length();
    }
}
