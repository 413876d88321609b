package org.korrekt.scoring.server;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;

/**
 * Refuses to serve with another pseudonymisation key than the database's records were made with.
 * Every instance on one database must hold the same key: a second instance started with a fresh
 * working folder would otherwise make its own, and the same person would get two pseudonyms, the
 * same application two random-control draws. The database keeps a fingerprint of the key (an HMAC
 * of a fixed text under it, which does not reveal the key), recorded by the first start.
 */
final class KeyCheck {

    private static final String NAME = "pseudonym";

    private KeyCheck() {}

    /** The key's fingerprint: the first 16 bytes of HMAC-SHA256(key, a fixed text), in hex. */
    static String fingerprint(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal("korrekt pseudonymisation key fingerprint v1".getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /**
     * Records the key's fingerprint if the database has none, else compares.
     *
     * @throws IllegalStateException if the database's records were made with another key
     */
    static void check(DataSource dataSource, byte[] key) throws SQLException {
        String mine = fingerprint(key);
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO service_key (name, fingerprint) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")) {
                insert.setString(1, NAME);
                insert.setString(2, mine);
                insert.executeUpdate();
            }
            String recorded;
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT fingerprint FROM service_key WHERE name = ?")) {
                select.setString(1, NAME);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    recorded = rows.getString(1);
                }
            }
            if (!recorded.equals(mine)) {
                throw new IllegalStateException("this database's records were made with another pseudonymisation key"
                        + " (fingerprint " + recorded + ") than this instance holds (" + mine + ", from "
                        + Secrets.ENV_PSEUDONYM_KEY + " or the working folder's " + Secrets.KEY_FILE
                        + "): give every instance on one database the same key (docs/operations.md, \"Keys\")");
            }
        }
    }
}
