package org.korrekt.scoring.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * The service's pseudonymisation key: from its environment variable, or from a file in the working
 * folder, generated (readable by the owner only) on first start. The token secret is in {@link
 * org.korrekt.scoring.security.AuthConfig}.
 */
public final class Secrets {

    /** Environment variable with the pseudonymisation key, as hex (at least 64 digits). */
    public static final String ENV_PSEUDONYM_KEY = "KORREKT_PSEUDONYM_KEY";
    /** File name of the generated key. */
    public static final String KEY_FILE = "pseudonym.key";

    private Secrets() {}

    /** The pseudonymisation key from the environment, else from (or newly into) {@code workDir/pseudonym.key}. */
    public static byte[] pseudonymKey(Map<String, String> env, Path workDir) throws IOException {
        String hex = env.get(ENV_PSEUDONYM_KEY);
        if (hex == null || hex.isBlank()) {
            hex = readOrCreate(workDir.resolve(KEY_FILE), () -> {
                byte[] bytes = new byte[32];
                new SecureRandom().nextBytes(bytes);
                return HexFormat.of().formatHex(bytes);
            });
        }
        try {
            return HexFormat.of().parseHex(hex.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(ENV_PSEUDONYM_KEY + " must be hex digits", e);
        }
    }

    private interface Generator {
        String generate();
    }

    private static String readOrCreate(Path file, Generator generator) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        String value = generator.generate();
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
        return value;
    }
}
