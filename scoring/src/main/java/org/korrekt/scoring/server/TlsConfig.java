package org.korrekt.scoring.server;

import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PfxOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The service's TLS key and certificate: a PEM certificate chain with its PEM (PKCS#8) private
 * key, or a PKCS#12 key store with its password. With TLS configured the service speaks only HTTPS.
 *
 * @param certificate the PEM certificate chain, or null with a key store
 * @param privateKey the PEM private key, or null with a key store
 * @param keyStore the PKCS#12 key store, or null with PEM files
 * @param keyStorePassword the key store's password, or null with PEM files
 */
public record TlsConfig(Path certificate, Path privateKey, Path keyStore, String keyStorePassword) {

    public TlsConfig {
        boolean pem = certificate != null || privateKey != null;
        boolean pkcs12 = keyStore != null;
        if (pem == pkcs12) {
            throw new IllegalArgumentException(
                    "TLS needs either a certificate and a private key (PEM) or a PKCS#12 key store, not both");
        }
        if (pem && (certificate == null || privateKey == null)) {
            throw new IllegalArgumentException("TLS with PEM files needs both the certificate and the private key");
        }
        if (pkcs12) {
            Objects.requireNonNull(keyStorePassword, "keyStorePassword");
        }
    }

    /** PEM certificate chain and private key. */
    public static TlsConfig pem(Path certificate, Path privateKey) {
        return new TlsConfig(certificate, privateKey, null, null);
    }

    /** A PKCS#12 key store whose password is the first line of {@code passwordFile}. */
    public static TlsConfig pkcs12(Path keyStore, Path passwordFile) throws IOException {
        String password = Files.readString(passwordFile, StandardCharsets.UTF_8)
                .lines()
                .findFirst()
                .orElse("");
        return new TlsConfig(null, null, keyStore, password);
    }

    /**
     * Vert.x's key options, after checking that the files can be read.
     *
     * @throws IOException naming the file that cannot be read
     */
    public KeyCertOptions keyCertOptions() throws IOException {
        for (Path p : new Path[] {certificate, privateKey, keyStore}) {
            if (p != null && !Files.isReadable(p)) {
                throw new IOException("TLS: cannot read " + p);
            }
        }
        if (keyStore != null) {
            return new PfxOptions().setPath(keyStore.toString()).setPassword(keyStorePassword);
        }
        return new PemKeyCertOptions().setCertPath(certificate.toString()).setKeyPath(privateKey.toString());
    }

    @Override
    public String toString() {
        return keyStore != null ? "TLS with PKCS#12 " + keyStore : "TLS with " + certificate + " and " + privateKey;
    }
}
