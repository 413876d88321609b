package org.korrekt.training.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * What went wrong reading or writing a file, in words a user can act on: the JDK's messages for
 * the commonest failures are only the path ({@code NoSuchFileException: /data/x.csv}).
 */
public final class IoProblems {

    private IoProblems() {}

    /** One sentence for {@code e}, naming the file where the exception does. */
    public static String describe(IOException e) {
        if (e instanceof NoSuchFileException n) {
            return "no such file or folder: " + n.getFile();
        }
        if (e instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile();
        }
        if (e instanceof FileSystemException f && f.getReason() != null && f.getFile() != null) {
            String reason = f.getReason();
            if (reason.equals("Is a directory")) {
                return f.getFile() + " is a folder, not a file";
            }
            if (reason.equals("Not a directory")) {
                return f.getFile() + " is under a file, not a folder";
            }
            return f.getFile() + ": " + reason;
        }
        if (e instanceof FileNotFoundException && e.getMessage() != null) {
            return e.getMessage();
        }
        String message = e.getMessage();
        if ("Is a directory".equals(message)) {
            return "it is a folder, not a file";
        }
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
