package org.korrekt.scoring.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.korrekt.scoring.TestModels;
import org.korrekt.scoring.TestServers;
import org.korrekt.scoring.TestTokens;
import org.korrekt.scoring.db.TestDirectories;
import org.korrekt.scoring.server.KorrektServer;
import org.korrekt.scoring.server.ServerConfig;
import org.korrekt.scoring.server.TlsConfig;

/**
 * The service over HTTPS with a self-signed key made by the JDK's keytool, from a PKCS#12 key store
 * and from PEM files; plain HTTP is then refused.
 */
class TlsIT {

    private static final String PASSWORD = "korrekt-test-password";
    private static Path keys;
    private static Path keyStore;

    @BeforeAll
    static void makeKey() throws Exception {
        keys = TestDirectories.fresh("tls-keys");
        keyStore = keys.resolve("server.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        "korrekt",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=127.0.0.1",
                        "-ext",
                        "SAN=ip:127.0.0.1,dns:localhost",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keyStore.toString(),
                        "-storepass",
                        PASSWORD,
                        "-keypass",
                        PASSWORD)
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
    }

    @Test
    void servesHttpsFromAPkcs12KeyStoreAndRefusesPlainHttp() throws Exception {
        Path passwordFile = Files.writeString(keys.resolve("password"), PASSWORD + "\n");
        try (KorrektServer server = start("tls-p12", TlsConfig.pkcs12(keyStore, passwordFile))) {
            assertThat(server.baseUrl()).startsWith("https://");
            assertServesHttpsOnly(server);
        }
    }

    @Test
    void servesHttpsFromPemFiles() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        PrivateKey key = (PrivateKey) store.getKey("korrekt", PASSWORD.toCharArray());
        Certificate certificate = store.getCertificate("korrekt");
        Path keyPem = Files.writeString(keys.resolve("server.key"), pem("PRIVATE KEY", key.getEncoded()));
        Path certPem = Files.writeString(keys.resolve("server.crt"), pem("CERTIFICATE", certificate.getEncoded()));

        try (KorrektServer server = start("tls-pem", TlsConfig.pem(certPem, keyPem))) {
            assertServesHttpsOnly(server);
        }
    }

    @Test
    void aMissingKeyFileIsNamed() {
        assertThatThrownBy(() -> TlsConfig.pem(keys.resolve("nothing.crt"), keys.resolve("nothing.key"))
                        .keyCertOptions())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("nothing.crt");
        assertThatThrownBy(() -> TlsConfig.pem(keys.resolve("a.crt"), null)).hasMessageContaining("both");
    }

    private static KorrektServer start(String name, TlsConfig tls) throws Exception {
        Path work = TestDirectories.fresh(name);
        Path models = work.resolve("models");
        TestModels.writeBundle(models, "test", "20260101T000000Z", TestModels.lateClaimModel());
        return KorrektServer.start(TestServers.config(work, models, ServerConfig.DEFAULT_MAX_BATCH_ITEMS, 0)
                .withTls(tls));
    }

    private static void assertServesHttpsOnly(KorrektServer server) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trusting()).build();
        String https = "https://127.0.0.1:" + server.port();

        HttpResponse<String> health = client.send(
                HttpRequest.newBuilder(URI.create(https + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        HttpResponse<String> scored = client.send(
                HttpRequest.newBuilder(URI.create(https + "/v1/score"))
                        .header("Authorization", "Bearer " + TestTokens.ADMIN)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"applicationId\":\"A-tls\","
                                + "\"personPseudonym\":\"p-0123456789abcdef0123456789abcdef\",\"benefit\":\"tfp\","
                                + "\"channel\":\"paper\",\"submittedOn\":\"2025-02-10\",\"periodStart\":\"2025-02-03\","
                                + "\"periodEnd\":\"2025-02-07\",\"claimedDays\":5,\"amountSek\":4000,"
                                + "\"declaredMonthlyIncomeSek\":30000}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(scored.statusCode()).as(scored.body()).isEqualTo(200);
        assertThat(new JsonObject(scored.body()).getString("action")).isNotBlank();

        assertThatThrownBy(() -> HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    private static SSLContext trusting() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            trust.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
